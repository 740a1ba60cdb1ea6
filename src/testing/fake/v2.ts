/**
 * The small v2 routes: numbers, users, tags and webhook endpoints (CRUD and
 * event types). Conversations live in `v2Conversations.ts`.
 *
 * @since 0.1.0
 */
import { asObject, type Ctx, type Route, str, strings } from "./context.js"
import { ok, type Reply, v2Error } from "./errors.js"
import { hash32, Rng } from "./prng.js"
import type { WebhookEndpointRecord } from "./records.js"
import { nextSerial, touch } from "./store.js"
import { v2Endpoint, v2Number, v2User } from "./views.js"

/** The v2 topics with their catalog descriptions. */
export const EVENT_TYPES: ReadonlyArray<{ readonly name: string; readonly description: string }> = [
  { name: "call.received", description: "Inbound call received" },
  { name: "call.triggered", description: "Outbound call triggered" },
  { name: "call.answered", description: "Call answered" },
  { name: "call.completed", description: "Call completed" },
  { name: "sms.received", description: "Inbound sms received" },
  { name: "sms.sent", description: "Outbound sms sent" },
  { name: "contact.created", description: "Contact created" },
  { name: "contact.updated", description: "Contact updated" },
  { name: "tag.added", description: "Tag added" },
  { name: "tag.removed", description: "Tag removed" },
  { name: "summary.updated", description: "Summary updated" }
]
const TOPICS = new Set(EVENT_TYPES.map((e) => e.name))

const listUsers = (ctx: Ctx): Reply => {
  const role = ctx.query.get("role")
  const status = ctx.query.get("status") ?? "ACTIVE"
  if (role !== null && !["ADMIN", "MANAGER", "MEMBER"].includes(role)) {
    return v2Error(400, "INVALID_REQUEST_BODY", `Unknown role '${role}'.`, { param: "role" })
  }
  return ok(ctx.store.users.filter((u) => u.status === status && (role === null || u.role === role)).map(v2User))
}

const getUser = (ctx: Ctx): Reply => {
  const user = ctx.store.users.find((u) => u.id === ctx.params.id)
  return user === undefined
    ? v2Error(404, "USER_NOT_FOUND", `No user found with ID '${ctx.params.id ?? ""}'.`, { param: "id" })
    : ok(v2User(user))
}

const endpointNotFound = (ctx: Ctx): Reply =>
  // The docs do not name this code (withallo-api.md §6.3); inferred.
  v2Error(404, "WEBHOOK_NOT_FOUND", `No webhook endpoint found with ID '${ctx.params.id ?? ""}'.`, { param: "webhook_id" })

const checkTopics = (topics: ReadonlyArray<string> | undefined, required: boolean): Reply | undefined => {
  if (topics === undefined) {
    return required ? v2Error(400, "INVALID_REQUEST_BODY", "topics is required.", { param: "topics" }) : undefined
  }
  if (topics.length === 0) return v2Error(400, "INVALID_REQUEST_BODY", "topics must contain at least one topic.", { param: "topics" })
  const unknown = topics.find((t) => !TOPICS.has(t))
  return unknown === undefined
    ? undefined
    : v2Error(400, "INVALID_EVENT_TYPE", `Unknown event type '${unknown}'.`, {
      param: "topics",
      suggestion: "List valid topics with GET /v2/api/webhooks/event_types."
    })
}

// Allo wants a public HTTPS URL; the fake also takes plain HTTP on loopback, so a receiver on
// this machine (http://127.0.0.1:3000/hook) can be registered and get real deliveries.
const LOCAL_HTTP = /^http:\/\/(?:localhost|127\.\d+\.\d+\.\d+|\[::1\])(?::\d+)?(?:[/?#]|$)/

const checkUrl = (url: string | undefined): Reply | undefined =>
  url !== undefined && (/^https:\/\/[^\s/]+/.test(url) || LOCAL_HTTP.test(url))
    ? undefined
    : v2Error(400, "INVALID_REQUEST_BODY", "url must be a publicly reachable HTTPS URL.", { param: "url" })

const createEndpoint = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body)
  const url = str(body, "url")
  const topics = strings(body, "topics")
  const invalid = checkUrl(url) ?? checkTopics(topics, true)
  if (invalid !== undefined || url === undefined || topics === undefined) return invalid ?? v2Error(400, "INVALID_REQUEST_BODY", "Invalid body.")
  const rng = new Rng(hash32(ctx.store.seed, 81, ctx.store.serial))
  const secret = btoa(String.fromCharCode(...Array.from({ length: 24 }, () => rng.int(256))))
  const endpoint: WebhookEndpointRecord = {
    id: `ep_${rng.alnumMixed(14)}${nextSerial(ctx.store)}`,
    url,
    topics,
    description: str(body, "description") ?? null,
    enabled: true,
    signingSecret: `whsec_${secret}`,
    createdMs: ctx.nowMs
  }
  ctx.store.endpoints.push(endpoint)
  touch(ctx.store)
  return ok(v2Endpoint(endpoint, true), 201)
}

const updateEndpoint = (ctx: Ctx): Reply => {
  const index = ctx.store.endpoints.findIndex((e) => e.id === ctx.params.id)
  const endpoint = ctx.store.endpoints[index]
  if (endpoint === undefined) return endpointNotFound(ctx)
  const body = asObject(ctx.body) ?? {}
  const url = str(body, "url")
  const topics = strings(body, "topics")
  const invalid = (url === undefined ? undefined : checkUrl(url)) ?? checkTopics(topics, false)
  if (invalid !== undefined) return invalid
  const enabled = body.enabled
  const description = body.description
  const updated: WebhookEndpointRecord = {
    ...endpoint,
    url: url ?? endpoint.url,
    topics: topics ?? endpoint.topics,
    enabled: typeof enabled === "boolean" ? enabled : endpoint.enabled,
    description: description === null ? null : typeof description === "string" ? description : endpoint.description
  }
  ctx.store.endpoints[index] = updated
  touch(ctx.store)
  return ok(v2Endpoint(updated, false))
}

const deleteEndpoint = (ctx: Ctx): Reply => {
  const index = ctx.store.endpoints.findIndex((e) => e.id === ctx.params.id)
  if (index === -1) return endpointNotFound(ctx)
  ctx.store.endpoints.splice(index, 1)
  touch(ctx.store)
  return { status: 204 }
}

/** The v2 routes of this file with their scopes (withallo-api.md §1.1). */
export const v2Routes: ReadonlyArray<Route> = [
  { method: "GET", pattern: "/v2/api/numbers", scope: "PHONE_NUMBERS_READ", handler: (ctx) => ok(ctx.store.numbers.map((n) => v2Number(ctx.store, n))) },
  { method: "GET", pattern: "/v2/api/users", scope: "USERS_READ", handler: listUsers },
  { method: "GET", pattern: "/v2/api/users/:id", scope: "USERS_READ", handler: getUser },
  { method: "GET", pattern: "/v2/api/tags", scope: "TAGS_READ", handler: (ctx) => ok(ctx.store.tags.map((t) => ({ id: t.id, name: t.name, color: t.color }))) },
  { method: "GET", pattern: "/v2/api/webhooks/event_types", scope: "WEBHOOKS_READ_WRITE", handler: () => ok(EVENT_TYPES) },
  { method: "GET", pattern: "/v2/api/webhooks", scope: "WEBHOOKS_READ_WRITE", handler: (ctx) => ok(ctx.store.endpoints.map((e) => v2Endpoint(e, false))) },
  { method: "POST", pattern: "/v2/api/webhooks", scope: "WEBHOOKS_READ_WRITE", handler: createEndpoint },
  {
    method: "GET",
    pattern: "/v2/api/webhooks/:id",
    scope: "WEBHOOKS_READ_WRITE",
    handler: (ctx) => {
      const endpoint = ctx.store.endpoints.find((e) => e.id === ctx.params.id)
      return endpoint === undefined ? endpointNotFound(ctx) : ok(v2Endpoint(endpoint, true))
    }
  },
  { method: "PUT", pattern: "/v2/api/webhooks/:id", scope: "WEBHOOKS_READ_WRITE", handler: updateEndpoint },
  { method: "DELETE", pattern: "/v2/api/webhooks/:id", scope: "WEBHOOKS_READ_WRITE", handler: deleteEndpoint }
]
