/**
 * `POST /v2/api/analytics/overview` and `…/outbound`, computed from the
 * fake's calls: counts by member or number over the period, compared with
 * another period when asked (see `analyticsMetrics.ts` for what counts).
 *
 * @since 0.2.0
 */
import { analyticsCheck, type AnalyticsRequest, isAnalyticsRequest, readOutbound } from "./analyticsRequest.js"
import {
  callsIn,
  heatmap,
  metric,
  outboundKpis,
  type Period,
  rate,
  type Scope,
  STAGES,
  stageIndex,
  teamKpis,
  timeSeries
} from "./analyticsMetrics.js"
import { asObject, type Ctx, type Route, v2Pagination } from "./context.js"
import { ok, type Reply } from "./errors.js"
import type { CallRecord, UserRecord } from "./records.js"
import type { Store } from "./store.js"
import { userRef, v2Date } from "./views.js"

const range = (p: Period) => ({ from: p.from, to: p.to })

/** The members a breakdown or leaderboard lists: the filter's, else the whole team. */
const members = (store: Store, scope: Scope): ReadonlyArray<UserRecord> =>
  store.users.filter((u) => scope.userIds === undefined || scope.userIds.has(u.id))

const dates = (r: AnalyticsRequest) => ({
  date: range(r.date),
  ...(r.compare === undefined ? {} : { compare_date: range(r.compare) })
})

const overview = (ctx: Ctx): Reply => {
  const r = analyticsCheck(asObject(ctx.body))
  if (!isAnalyticsRequest(r)) return r
  const calls = callsIn(ctx.store, r.date, r.scope)
  const previous = r.compare === undefined ? undefined : callsIn(ctx.store, r.compare, r.scope)
  const kpis = (now: ReadonlyArray<CallRecord>, before: ReadonlyArray<CallRecord> | undefined) => {
    const a = teamKpis(now)
    const b = before === undefined ? undefined : teamKpis(before)
    return {
      calls: metric(a.total_calls, b?.total_calls),
      talk_time_seconds: metric(a.talk_time_seconds, b?.talk_time_seconds),
      calls_over_1_min: metric(a.calls_over_1_min, b?.calls_over_1_min),
      answer_rate: metric(a.answer_rate, b?.answer_rate)
    }
  }
  const { calls: total_calls, ...rest } = kpis(calls, previous)
  const breakdown = members(ctx.store, r.scope)
    .map((user) => {
      const mine = (list: ReadonlyArray<CallRecord>) => list.filter((c) => c.userId === user.id)
      return { user: userRef(user), ...kpis(mine(calls), previous === undefined ? undefined : mine(previous)) }
    })
    .sort((a, b) => b.calls.value - a.calls.value)
  return ok({
    ...dates(r),
    summary: { total_calls, ...rest },
    breakdown,
    last_updated: v2Date(ctx.nowMs)
  })
}

const STAGE_KEYS = ["dials", "connected", "conversations", "conversions"] as const

const outbound = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body)
  const r = readOutbound(body)
  if (!isAnalyticsRequest(r)) return r
  const tags = new Set(r.tags)
  const outboundOnly = (list: ReadonlyArray<CallRecord>) => list.filter((c) => c.direction === "OUTBOUND")
  const calls = outboundOnly(callsIn(ctx.store, r.date, r.scope))
  const previous = r.compare === undefined ? undefined : outboundOnly(callsIn(ctx.store, r.compare, r.scope))
  const now = outboundKpis(ctx.store, calls, tags)
  const before = previous === undefined ? undefined : outboundKpis(ctx.store, previous, tags)
  const funnel = Object.fromEntries(STAGE_KEYS.map((key) => [key, {
    count: metric(now[key], before?.[key]),
    rate: now.dials === 0 ? null : rate(now[key], now.dials)
  }]))
  const byNumber = new Map(ctx.store.numbers.map((n) => [n.number, n.name]))
  const users = new Map(ctx.store.users.map((u) => [u.id, u]))
  const leaderboard = members(ctx.store, r.scope)
    .map((user) => ({ user: userRef(user), connected: calls.filter((c) => c.userId === user.id && stageIndex(c, tags) >= 1).length }))
    .sort((a, b) => b.connected - a.connected)
  let items: Record<string, unknown> | null = null
  if (r.drilldown !== undefined) {
    const { page, stage } = r.drilldown
    const reached = calls.filter((c) => stageIndex(c, tags) >= STAGES.indexOf(stage))
    const start = (page.page - 1) * page.size
    items = {
      data: reached.slice(start, start + page.size).map((c) => ({
        id: c.itemId,
        user: c.userId === null ? null : userRef(users.get(c.userId)),
        allo_number: c.alloNumber,
        allo_number_label: byNumber.get(c.alloNumber) ?? null,
        contact_number: c.contactNumber,
        stage: STAGES[stageIndex(c, tags)],
        voicemail: c.result === "VOICEMAIL",
        duration: c.durationSeconds,
        date: v2Date(c.startMs)
      })),
      pagination: v2Pagination(page, reached.length)
    }
  }
  return ok({
    ...dates(r),
    funnel,
    time_series: timeSeries(calls, r.date, r.granularity, tags),
    heatmap: heatmap(calls),
    leaderboard,
    time_spent: {
      avg_ringing_time_seconds: metric(now.avg_ringing_time_seconds, before?.avg_ringing_time_seconds),
      avg_conversation_time_seconds: metric(now.avg_conversation_time_seconds, before?.avg_conversation_time_seconds),
      total_conversation_time_seconds: metric(now.total_conversation_time_seconds, before?.total_conversation_time_seconds)
    },
    last_updated: v2Date(ctx.nowMs),
    items
  })
}

/** The analytics routes; the scope is documented for overview and inferred for outbound (withallo-api.md §1.1). */
export const analyticsRoutes: ReadonlyArray<Route> = [
  { method: "POST", pattern: "/v2/api/analytics/overview", scope: "CONVERSATIONS_READ", handler: overview },
  { method: "POST", pattern: "/v2/api/analytics/outbound", scope: "CONVERSATIONS_READ", handler: outbound }
]
