/**
 * The arithmetic behind the fake's analytics: which calls fall in a period
 * (days in UTC, both ends included), and the KPIs and funnel stages Allo
 * reports over them. What counts as what:
 * - answered / connected: `ANSWERED` or any `TRANSFERRED…` result;
 * - a conversation: a connected call of at least a minute;
 * - a conversion: a conversation carrying one of the request's tags.
 *
 * @since 0.2.0
 */
import { hash32 } from "./prng.js"
import type { CallRecord } from "./records.js"
import { callAt, callRefs, refStartMs, type Store } from "./store.js"

/** A period as instants: `[startMs, endMs)`. */
export interface Period {
  readonly from: string
  readonly to: string
  readonly startMs: number
  readonly endMs: number
}

const DAY_MS = 86_400_000

/** `{from, to}` days as a period (the caller has checked both are days). */
export const periodOf = (from: string, to: string): Period => ({
  from,
  to,
  startMs: Date.parse(`${from}T00:00:00Z`),
  endMs: Date.parse(`${to}T00:00:00Z`) + DAY_MS
})

/** Who the metrics are about. */
export interface Scope {
  readonly userIds?: ReadonlySet<string> | undefined
  readonly alloNumbers?: ReadonlySet<string> | undefined
}

/** The calls that started within the period, newest first, for the scope. */
export const callsIn = (store: Store, period: Period, scope: Scope): ReadonlyArray<CallRecord> => {
  const refs = callRefs(store, {})
  // Newest first: skip what started after the period by bisection.
  let lo = 0
  let hi = refs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (refStartMs(store, refs[mid] ?? 0) >= period.endMs) lo = mid + 1
    else hi = mid
  }
  const out: Array<CallRecord> = []
  for (let i = lo; i < refs.length; i++) {
    const ref = refs[i] ?? 0
    if (refStartMs(store, ref) < period.startMs) break
    const call = callAt(store, ref)
    if (call === undefined) continue
    if (scope.userIds !== undefined && (call.userId === null || !scope.userIds.has(call.userId))) continue
    if (scope.alloNumbers !== undefined && !scope.alloNumbers.has(call.alloNumber)) continue
    out.push(call)
  }
  return out
}

/** Answered, on either side (a transfer was answered first). */
export const isConnected = (call: CallRecord): boolean => call.result === "ANSWERED" || call.result.startsWith("TRANSFERRED")

/** How far an outbound call went down the funnel (0 dial … 3 conversion). */
export const stageIndex = (call: CallRecord, conversionTags: ReadonlySet<string>): number => {
  if (!isConnected(call)) return 0
  if (call.durationSeconds < 60) return 1
  return call.tags.some((t) => conversionTags.has(t)) ? 3 : 2
}

/** The funnel's stages, in order. */
export const STAGES = ["DIAL", "CONNECTED", "CONVERSATION", "CONVERSION"] as const

const round = (n: number, digits: number): number => {
  const f = 10 ** digits
  return Math.round(n * f) / f
}

/** `part / whole` as Allo writes rates (3 decimals), 0 when there is no whole. */
export const rate = (part: number, whole: number): number => (whole === 0 ? 0 : round(part / whole, 3))

/** Allo's `MetricValue`. */
export interface Metric {
  readonly value: number
  readonly previous: number | null
  readonly change: number | null
}

/** A `MetricValue`: `previous` and `change` are `null` unless a comparison was asked for. */
export const metric = (value: number, previous: number | undefined): Metric =>
  previous === undefined
    ? { value, previous: null, change: null }
    : { value, previous, change: previous === 0 ? null : round((value - previous) / previous, 2) }

/** The overview's four KPIs over some calls. */
export const teamKpis = (calls: ReadonlyArray<CallRecord>) => {
  let talk = 0
  let long = 0
  let answered = 0
  for (const call of calls) {
    talk += call.durationSeconds
    if (call.durationSeconds > 60) long++
    if (isConnected(call)) answered++
  }
  return { total_calls: calls.length, talk_time_seconds: talk, calls_over_1_min: long, answer_rate: rate(answered, calls.length) }
}

/** The funnel's counts and time spent over some outbound calls. */
export const outboundKpis = (store: Store, calls: ReadonlyArray<CallRecord>, conversionTags: ReadonlySet<string>) => {
  const counts = [0, 0, 0, 0]
  let ringing = 0
  let talk = 0
  for (const call of calls) {
    const stage = stageIndex(call, conversionTags)
    for (let s = 0; s <= stage; s++) counts[s] = (counts[s] ?? 0) + 1
    // Allo measures ringing; the fake's calls do not record it, so each gets a steady 3–22 s.
    ringing += 3 + (hash32(store.seed, 89, call.startMs) % 20)
    if (stage >= 1) talk += call.durationSeconds
  }
  const [dials = 0, connected = 0, conversations = 0, conversions = 0] = counts
  return {
    dials,
    connected,
    conversations,
    conversions,
    avg_ringing_time_seconds: dials === 0 ? 0 : Math.round(ringing / dials),
    avg_conversation_time_seconds: connected === 0 ? 0 : Math.round(talk / connected),
    total_conversation_time_seconds: talk
  }
}

const WEEKDAYS = ["SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY"] as const

/** The first day of the bucket a call falls in, never before the period's start. */
const bucketOf = (ms: number, granularity: string, period: Period): string => {
  const d = new Date(ms)
  let start: number
  if (granularity === "MONTH") start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1)
  else if (granularity === "WEEK") start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  else start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())
  return new Date(Math.max(start, period.startMs)).toISOString().slice(0, 10)
}

/** Dials, connections and conversions per bucket, every bucket of the period present. */
export const timeSeries = (calls: ReadonlyArray<CallRecord>, period: Period, granularity: string, conversionTags: ReadonlySet<string>) => {
  const buckets = new Map<string, { dials: number; connected: number; conversions: number }>()
  for (let ms = period.startMs; ms < period.endMs; ms += DAY_MS) {
    const key = bucketOf(ms, granularity, period)
    if (!buckets.has(key)) buckets.set(key, { dials: 0, connected: 0, conversions: 0 })
  }
  for (const call of calls) {
    const b = buckets.get(bucketOf(call.startMs, granularity, period))
    if (b === undefined) continue
    const stage = stageIndex(call, conversionTags)
    b.dials++
    if (stage >= 1) b.connected++
    if (stage >= 3) b.conversions++
  }
  const series = (value: (b: { dials: number; connected: number; conversions: number }) => number) =>
    [...buckets].map(([date, b]) => ({ date, value: value(b) }))
  return {
    dials: series((b) => b.dials),
    connected: series((b) => b.connected),
    connection_rate: series((b) => rate(b.connected, b.dials)),
    conversions: series((b) => b.conversions)
  }
}

/** Dials and connections per weekday and hour (UTC), only the cells with dials, Monday first. */
export const heatmap = (calls: ReadonlyArray<CallRecord>) => {
  const cells = new Map<number, { day: string; hour: number; dials: number; connected: number }>()
  for (const call of calls) {
    const d = new Date(call.startMs)
    // Monday 0 … Sunday 6, then the hour: the cell's place in the week.
    const key = ((d.getUTCDay() + 6) % 7) * 24 + d.getUTCHours()
    const cell = cells.get(key) ?? { day: WEEKDAYS[d.getUTCDay()] ?? "MONDAY", hour: d.getUTCHours(), dials: 0, connected: 0 }
    cell.dials++
    if (isConnected(call)) cell.connected++
    cells.set(key, cell)
  }
  const list = [...cells].sort(([a], [b]) => a - b).map(([, cell]) => cell)
  return {
    dials: list.map((c) => ({ day: c.day, hour: c.hour, value: c.dials })),
    connected: list.map((c) => ({ day: c.day, hour: c.hour, value: c.connected })),
    connection_rate: list.map((c) => ({ day: c.day, hour: c.hour, value: rate(c.connected, c.dials) }))
  }
}
