/**
 * Reading an analytics request body as Allo does, with its error codes:
 * `INVALID_DATE_RANGE` for a malformed or reversed period, `user_ids` and
 * `allo_numbers` never together, `INVALID_GRANULARITY`,
 * `UNSUPPORTED_EXTEND_VALUE`, and a `stage` for the drilldown.
 *
 * @since 0.2.0
 */
import { type Period, periodOf, type Scope, STAGES } from "./analyticsMetrics.js"
import { isRecord, isReply, type PageParams, pageParams, strings } from "./context.js"
import { type Reply, v2Error } from "./errors.js"

/** A checked analytics request. */
export interface AnalyticsRequest {
  readonly date: Period
  readonly compare: Period | undefined
  readonly scope: Scope
  readonly tags: ReadonlyArray<string>
  readonly granularity: string
  readonly drilldown: { readonly stage: (typeof STAGES)[number]; readonly page: PageParams } | undefined
}

/** Whether a value is a checked request rather than the error reply. */
export const isAnalyticsRequest = (u: AnalyticsRequest | Reply): u is AnalyticsRequest => "date" in u

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

const isDay = (s: unknown): s is string => {
  if (typeof s !== "string") return false
  const m = DAY.exec(s)
  if (m === null) return false
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

const readPeriod = (raw: unknown, param: string): Period | Reply => {
  if (!isRecord(raw) || !isDay(raw.from) || !isDay(raw.to)) {
    return v2Error(400, "INVALID_DATE_RANGE", `${param} needs 'from' and 'to' as YYYY-MM-DD days.`, { param })
  }
  if (raw.from > raw.to) return v2Error(400, "INVALID_DATE_RANGE", `${param}.from must be before ${param}.to.`, { param })
  return periodOf(raw.from, raw.to)
}

const isPeriod = (u: Period | Reply): u is Period => "startMs" in u

const listOf = (body: Readonly<Record<string, unknown>>, field: string): ReadonlyArray<string> | Reply | undefined => {
  if (body[field] === undefined || body[field] === null) return undefined
  return strings(body, field) ?? v2Error(400, "INVALID_REQUEST_BODY", `${field} must be a list of strings.`, { param: field })
}

const isList = (u: ReadonlyArray<string> | Reply | undefined): u is ReadonlyArray<string> | undefined => u === undefined || Array.isArray(u)

/** The part every analytics request shares (`AnalyticsBaseRequest`). */
export const analyticsCheck = (body: Readonly<Record<string, unknown>> | undefined): AnalyticsRequest | Reply => {
  if (body === undefined) return v2Error(400, "INVALID_REQUEST_BODY", "A JSON body with 'date' is required.")
  const date = readPeriod(body.date, "date")
  if (!isPeriod(date)) return date
  const compare = body.compare_date === undefined || body.compare_date === null ? undefined : readPeriod(body.compare_date, "compare_date")
  if (compare !== undefined && !isPeriod(compare)) return compare
  const userIds = listOf(body, "user_ids")
  if (!isList(userIds)) return userIds
  const alloNumbers = listOf(body, "allo_numbers")
  if (!isList(alloNumbers)) return alloNumbers
  if (userIds !== undefined && alloNumbers !== undefined) {
    return v2Error(400, "INVALID_REQUEST_BODY", "user_ids cannot be combined with allo_numbers.", { param: "allo_numbers" })
  }
  return {
    date,
    compare,
    scope: {
      userIds: userIds === undefined ? undefined : new Set(userIds),
      alloNumbers: alloNumbers === undefined ? undefined : new Set(alloNumbers)
    },
    tags: [],
    granularity: "DAY",
    drilldown: undefined
  }
}

const isStage = (s: unknown): s is (typeof STAGES)[number] => STAGES.some((stage) => stage === s)

/** An outbound request (`OutboundAnalyticsRequest`). */
export const readOutbound = (body: Readonly<Record<string, unknown>> | undefined): AnalyticsRequest | Reply => {
  const base = analyticsCheck(body)
  if (!isAnalyticsRequest(base) || body === undefined) return base
  const tags = listOf(body, "tags")
  if (!isList(tags)) return tags
  const granularity = body.granularity ?? "DAY"
  if (granularity !== "DAY" && granularity !== "WEEK" && granularity !== "MONTH") {
    return v2Error(400, "INVALID_GRANULARITY", "granularity must be DAY, WEEK or MONTH.", { param: "granularity" })
  }
  const extend = body.extend
  if (extend === undefined || extend === null) return { ...base, tags: tags ?? [], granularity }
  if (extend !== "items") {
    return v2Error(400, "UNSUPPORTED_EXTEND_VALUE", "extend only accepts 'items'.", { param: "extend" })
  }
  if (body.stage === undefined) return v2Error(400, "MISSING_PARAMETER", "stage is required with extend=items.", { param: "stage" })
  if (!isStage(body.stage)) {
    return v2Error(400, "INVALID_REQUEST_BODY", `stage must be one of ${STAGES.join(", ")}.`, { param: "stage" })
  }
  const page = pageParams("v2", body.page, body.size)
  if (isReply(page)) return page
  return { ...base, tags: tags ?? [], granularity, drilldown: { stage: body.stage, page } }
}
