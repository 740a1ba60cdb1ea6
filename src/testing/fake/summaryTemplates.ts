/**
 * `/v2/api/summary_templates`: the team's call summary templates. Create,
 * read and full replacement; delete is soft (the template is deactivated and
 * disappears from the list and from `get`).
 *
 * @since 0.2.0
 */
import { asObject, type Ctx, isRecord, type Route } from "./context.js"
import { ok, type Reply, v2Error } from "./errors.js"
import type { SummaryTemplateRecord, TemplateSectionRecord } from "./opsRecords.js"
import { hash32, Rng } from "./prng.js"
import { nextSerial, touch } from "./store.js"
import { v2Date } from "./views.js"

const view = (t: SummaryTemplateRecord): Record<string, unknown> => ({
  id: t.id,
  name: t.name,
  call_context: t.callContext,
  icon: t.icon,
  sections: t.sections.map((s) => ({ title: s.title, instructions: s.instructions, order: s.order })),
  created_at: v2Date(t.createdMs),
  updated_at: v2Date(t.updatedMs)
})

const invalid = (param: string, message: string): Reply => v2Error(400, "INVALID_REQUEST_BODY", message, { param })

const notFound = (id: string): Reply =>
  v2Error(404, "SUMMARY_TEMPLATE_NOT_FOUND", `No summary template found with ID '${id}'.`, {
    param: "id",
    suggestion: "List your templates with GET /v2/api/summary_templates."
  })

const nullableString = (value: unknown): string | null | undefined =>
  value === undefined || value === null ? null : typeof value === "string" ? value : undefined

/** The body of a create or a replace, or the 400 it earns. */
const readTemplate = (body: unknown): Omit<SummaryTemplateRecord, "id" | "createdMs" | "updatedMs" | "active"> | Reply => {
  const o = asObject(body)
  const name = o?.name
  if (typeof name !== "string" || name.trim() === "") return invalid("name", "name is required.")
  const callContext = nullableString(o?.call_context)
  if (callContext === undefined || (callContext !== null && callContext.length > 4000)) {
    return invalid("call_context", "call_context must be a string of at most 4000 characters.")
  }
  const icon = nullableString(o?.icon)
  if (icon === undefined) return invalid("icon", "icon must be a string.")
  const rawSections = o?.sections ?? []
  if (!Array.isArray(rawSections) || rawSections.length > 10) {
    return invalid("sections", "sections must be a list of at most 10 sections.")
  }
  const sections: Array<TemplateSectionRecord> = []
  for (const [k, raw] of rawSections.entries()) {
    const title = isRecord(raw) ? raw.title : undefined
    const instructions = isRecord(raw) ? raw.instructions ?? "" : undefined
    const order = isRecord(raw) ? raw.order ?? k : undefined
    if (typeof title !== "string" || typeof instructions !== "string" || typeof order !== "number" || !Number.isInteger(order) || order < 0) {
      return invalid(`sections[${k}]`, "each section needs a title, instructions and a 0-based order.")
    }
    sections.push({ title, instructions, order })
  }
  sections.sort((a, b) => a.order - b.order)
  return { name, callContext, icon, sections }
}

const isReply = (u: object): u is Reply => "status" in u

const find = (ctx: Ctx): SummaryTemplateRecord | undefined =>
  ctx.store.summaryTemplates.find((t) => t.id === ctx.params.id && t.active)

const create = (ctx: Ctx): Reply => {
  const read = readTemplate(ctx.body)
  if (isReply(read)) return read
  const rng = new Rng(hash32(ctx.store.seed, 61, ctx.store.serial))
  const template: SummaryTemplateRecord = {
    ...read,
    id: `tst-${rng.alnum(8)}${nextSerial(ctx.store)}`,
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs,
    active: true
  }
  ctx.store.summaryTemplates.push(template)
  touch(ctx.store)
  return ok(view(template), 201)
}

const replace = (ctx: Ctx): Reply => {
  const template = find(ctx)
  if (template === undefined) return notFound(ctx.params.id ?? "")
  const read = readTemplate(ctx.body)
  if (isReply(read)) return read
  const updated: SummaryTemplateRecord = { ...template, ...read, updatedMs: ctx.nowMs }
  ctx.store.summaryTemplates[ctx.store.summaryTemplates.indexOf(template)] = updated
  touch(ctx.store)
  return ok(view(updated))
}

const remove = (ctx: Ctx): Reply => {
  const template = find(ctx)
  if (template === undefined) return notFound(ctx.params.id ?? "")
  ctx.store.summaryTemplates[ctx.store.summaryTemplates.indexOf(template)] = { ...template, active: false, updatedMs: ctx.nowMs }
  touch(ctx.store)
  return { status: 204 }
}

/** The summary template routes with their scopes (withallo-api.md §1.1). */
export const summaryTemplateRoutes: ReadonlyArray<Route> = [
  {
    method: "GET",
    pattern: "/v2/api/summary_templates",
    scope: "SUMMARY_TEMPLATES_READ",
    handler: (ctx) => ok(ctx.store.summaryTemplates.filter((t) => t.active).map(view))
  },
  { method: "POST", pattern: "/v2/api/summary_templates", scope: "SUMMARY_TEMPLATES_WRITE", handler: create },
  {
    method: "GET",
    pattern: "/v2/api/summary_templates/:id",
    scope: "SUMMARY_TEMPLATES_READ",
    handler: (ctx) => {
      const template = find(ctx)
      return template === undefined ? notFound(ctx.params.id ?? "") : ok(view(template))
    }
  },
  { method: "PUT", pattern: "/v2/api/summary_templates/:id", scope: "SUMMARY_TEMPLATES_WRITE", handler: replace },
  { method: "DELETE", pattern: "/v2/api/summary_templates/:id", scope: "SUMMARY_TEMPLATES_WRITE", handler: remove }
]
