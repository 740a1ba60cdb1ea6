/**
 * The route table (v1, v2, and `GET /v2/api/me`, which lists the routes a
 * key may call) and path matching.
 *
 * @since 0.1.0
 */
import { type Ctx, type Route } from "./context.js"
import { analyticsRoutes } from "./analytics.js"
import { crmRoutes } from "./crm.js"
import { dialingQueueRoutes } from "./dialingQueues.js"
import { ok, type Reply } from "./errors.js"
import { partnerRoutes } from "./partners.js"
import { summaryTemplateRoutes } from "./summaryTemplates.js"
import { v1Routes } from "./v1.js"
import { v2Routes } from "./v2.js"
import { v2ConversationRoutes } from "./v2Conversations.js"
import { v2ItemWriteRoutes } from "./v2ItemWrites.js"
import { v2NumberRoutes } from "./v2Numbers.js"

const me = (ctx: Ctx): Reply =>
  ok({
    api_key_id: ctx.key.id,
    scopes: [...ctx.key.scopes],
    endpoints: allRoutes
      .filter((r) => r.pattern.startsWith("/v2/") && r.scope !== null && ctx.key.scopes.has(r.scope))
      .map((r) => ({
        method: r.method,
        path: r.pattern.replace(/:(\w+)/g, "{$1}"),
        description: `${r.method} ${r.pattern}`,
        scope: r.scope
      })),
    team: { id: "team-fake00000001", name: "Fake Allo Team" },
    rate_limits: ctx.rateLimits
  })

/** Every route the fake serves. */
export const allRoutes: ReadonlyArray<Route> = [
  ...v1Routes,
  { method: "GET", pattern: "/v2/api/me", scope: null, handler: me },
  ...v2Routes,
  ...v2ConversationRoutes,
  ...v2ItemWriteRoutes,
  ...v2NumberRoutes,
  ...analyticsRoutes,
  ...summaryTemplateRoutes,
  ...dialingQueueRoutes,
  ...partnerRoutes,
  ...crmRoutes
]

const compiled = allRoutes.map((route) => {
  const names: Array<string> = []
  const source = route.pattern.replace(/:(\w+)/g, (_, name: string) => {
    names.push(name)
    return "([^/]+)"
  })
  return { route, names, regex: new RegExp(`^${source}/?$`) }
})

/** The result of matching a path. */
export type RouteMatch =
  | { readonly _tag: "Found"; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly _tag: "MethodNotAllowed" }
  | { readonly _tag: "NotFound" }

const decode = (segment: string): string => {
  const ok = /^(?:[^%]|%[0-9a-fA-F]{2})*$/.test(segment)
  return ok ? decodeURIComponent(segment) : segment
}

/** Finds the route for a method and path. */
export const matchRoute = (method: string, path: string): RouteMatch => {
  let pathMatched = false
  for (const { names, regex, route } of compiled) {
    const m = regex.exec(path)
    if (m === null) continue
    pathMatched = true
    if (route.method !== method) continue
    const params: Record<string, string> = {}
    names.forEach((name, k) => {
      params[name] = decode(m[k + 1] ?? "")
    })
    return { _tag: "Found", route, params }
  }
  return pathMatched ? { _tag: "MethodNotAllowed" } : { _tag: "NotFound" }
}
