/**
 * Per-number settings under `/v2/api/numbers/{number}`: the default summary
 * template. The fake keeps no summary templates, so any `tst-…` id is
 * remembered as given.
 *
 * @since 0.2.0
 */
import { asObject, type Ctx, type Route } from "./context.js"
import { ok, type Reply, v2Error } from "./errors.js"
import { touch } from "./store.js"

const setDefaultSummaryTemplate = (ctx: Ctx): Reply => {
  const number = ctx.params.number ?? ""
  if (!ctx.store.numbers.some((n) => n.number === number)) {
    return v2Error(404, "PHONE_NUMBER_NOT_FOUND", `No phone number found matching '${number}'.`, { param: "number" })
  }
  const body = asObject(ctx.body) ?? {}
  // Null or left out clears the default.
  const id = body.summary_template_id ?? null
  if (id !== null && (typeof id !== "string" || !/^tst-./.test(id))) {
    return v2Error(400, "INVALID_REQUEST_BODY", "summary_template_id must be a summary template id (tst-…) or null.", {
      param: "summary_template_id"
    })
  }
  if (id === null) ctx.store.defaultSummaryTemplates.delete(number)
  else ctx.store.defaultSummaryTemplates.set(number, id)
  touch(ctx.store)
  return ok({ number, default_summary_template_id: id })
}

/** The routes of this file with their scopes. */
export const v2NumberRoutes: ReadonlyArray<Route> = [
  {
    method: "PUT",
    pattern: "/v2/api/numbers/:number/default_summary_template",
    // The docs name no scope for this route (withallo-api.md §1.1 infers it).
    scope: "SUMMARY_TEMPLATES_WRITE",
    handler: setDefaultSummaryTemplate
  }
]
