/**
 * Analytics against the fake: the requests the SDK builds, the metrics the
 * fake computes from seeded calls, and inputs refused before any request.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Analytics, ValidationError } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"
import type { SeedCall } from "../../src/testing/index.js"

const US = "+14155550100"
const FR = "+33612345678"
const ALEX = "usr-abc123"
const JORDAN = "usr-def456"

/** March: 5 calls (3 answered, 465 s), February: 2 (both answered, 270 s), and one on 1 April. */
const calls: ReadonlyArray<SeedCall> = [
  { type: "INBOUND", from_number: "+14155559001", to_number: US, result: "ANSWERED", length_in_minutes: 2, start_date: "2026-03-02T10:00:00Z", user_id: ALEX },
  { type: "OUTBOUND", from_number: US, to_number: "+14155559002", result: "ANSWERED", length_in_minutes: 0.5, start_date: "2026-03-03T11:00:00Z", user_id: ALEX },
  { type: "OUTBOUND", from_number: FR, to_number: "+33699999999", result: "VOICEMAIL", length_in_minutes: 0.25, start_date: "2026-03-04T12:00:00Z", user_id: JORDAN },
  { type: "OUTBOUND", from_number: US, to_number: "+14155559003", result: "ANSWERED", length_in_minutes: 5, tags: ["qualified"], start_date: "2026-03-05T09:30:00Z", user_id: JORDAN },
  { type: "INBOUND", from_number: "+14155559004", to_number: US, result: "MISSED", length_in_minutes: 0, start_date: "2026-03-31T23:59:00Z", user_id: JORDAN },
  { type: "INBOUND", from_number: "+14155559005", to_number: US, result: "ANSWERED", length_in_minutes: 1, start_date: "2026-04-01T00:00:00Z", user_id: ALEX },
  { type: "INBOUND", from_number: "+14155559006", to_number: US, result: "ANSWERED", length_in_minutes: 1.5, start_date: "2026-02-10T10:00:00Z", user_id: ALEX },
  { type: "OUTBOUND", from_number: US, to_number: "+14155559007", result: "ANSWERED", length_in_minutes: 3, start_date: "2026-02-11T10:00:00Z", user_id: ALEX }
]

const MARCH = { from: "2026-03-01", to: "2026-03-31" }
const FEBRUARY = { from: "2026-02-01", to: "2026-02-28" }
const layer = WithalloTest.layer({ calls })

describe("Analytics.overview", () => {
  it.effect("POSTs the period, comparison and filter in snake_case with an Idempotency-Key", () =>
    Effect.gen(function*() {
      yield* (yield* Analytics).overview({ date: MARCH, compareDate: FEBRUARY, userIds: [ALEX] })
      const [request] = yield* (yield* FakeWithallo).requests
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.path, "/v2/api/analytics/overview")
      assert.deepStrictEqual(request?.body, { date: MARCH, compare_date: FEBRUARY, user_ids: [ALEX] })
      assert.match(request?.headers["idempotency-key"] ?? "", /^[0-9a-f-]{36}$/)
    }).pipe(Effect.provide(layer)))

  it.effect("counts the period's calls, both end days included, against the comparison", () =>
    Effect.gen(function*() {
      const metrics = yield* (yield* Analytics).overview({ date: MARCH, compareDate: FEBRUARY })
      assert.deepStrictEqual(metrics.date, MARCH)
      assert.deepStrictEqual(metrics.compare_date, FEBRUARY)
      assert.deepStrictEqual(metrics.summary, {
        total_calls: { value: 5, previous: 2, change: 1.5 },
        talk_time_seconds: { value: 465, previous: 270, change: 0.72 },
        calls_over_1_min: { value: 2, previous: 2, change: 0 },
        answer_rate: { value: 0.6, previous: 1, change: -0.4 }
      })
      assert.deepStrictEqual(metrics.breakdown?.map((b) => [b.user?.id, b.calls?.value, b.talk_time_seconds?.value, b.answer_rate?.value]), [
        [JORDAN, 3, 315, 0.333],
        [ALEX, 2, 150, 1]
      ])
      assert.strictEqual(metrics.last_updated?.endsWith("Z"), true)
    }).pipe(Effect.provide(layer)))

  it.effect("without a comparison, previous and change are null", () =>
    Effect.gen(function*() {
      const metrics = yield* (yield* Analytics).overview({ date: { from: "2026-04-01", to: "2026-04-01" } })
      assert.deepStrictEqual(metrics.summary?.total_calls, { value: 1, previous: null, change: null })
      assert.isUndefined(metrics.compare_date)
    }).pipe(Effect.provide(layer)))

  it.effect("filters by members or by numbers", () =>
    Effect.gen(function*() {
      const analytics = yield* Analytics
      const alex = yield* analytics.overview({ date: MARCH, userIds: [ALEX] })
      assert.strictEqual(alex.summary?.total_calls?.value, 2)
      assert.deepStrictEqual(alex.breakdown?.map((b) => b.user?.id), [ALEX])
      const fr = yield* analytics.overview({ date: MARCH, alloNumbers: [FR] })
      assert.strictEqual(fr.summary?.total_calls?.value, 1)
      assert.strictEqual(fr.summary?.talk_time_seconds?.value, 15)
    }).pipe(Effect.provide(layer)))
})

describe("Analytics.outbound", () => {
  it.effect("builds the funnel from outbound calls, conversions by tag", () =>
    Effect.gen(function*() {
      const outbound = yield* (yield* Analytics).outbound({ date: MARCH, tags: ["qualified"], granularity: "WEEK" })
      const funnel = outbound.funnel
      assert.deepStrictEqual(
        [funnel?.dials, funnel?.connected, funnel?.conversations, funnel?.conversions].map((s) => [s?.count?.value, s?.rate]),
        [[3, 1], [2, 0.667], [1, 0.333], [1, 0.333]]
      )
      // Weeks start on Monday; the first bucket starts with the period.
      assert.deepStrictEqual(outbound.time_series?.dials?.map((p) => [p.date, p.value]), [
        ["2026-03-01", 0],
        ["2026-03-02", 3],
        ["2026-03-09", 0],
        ["2026-03-16", 0],
        ["2026-03-23", 0],
        ["2026-03-30", 0]
      ])
      assert.deepStrictEqual(outbound.leaderboard?.map((l) => [l.user?.id, l.connected]), [[ALEX, 1], [JORDAN, 1]])
      assert.deepStrictEqual(outbound.time_spent?.total_conversation_time_seconds?.value, 330)
      assert.deepStrictEqual(outbound.heatmap?.dials?.map((c) => [c.day, c.hour, c.value]), [
        ["TUESDAY", 11, 1],
        ["WEDNESDAY", 12, 1],
        ["THURSDAY", 9, 1]
      ])
      assert.isNull(outbound.items)
    }).pipe(Effect.provide(layer)))

  it.effect("extend: items lists the calls that reached the stage, paged", () =>
    Effect.gen(function*() {
      const outbound = yield* (yield* Analytics).outbound({ date: MARCH, extend: "items", stage: "CONNECTED", size: 1, page: 2 })
      const request = (yield* (yield* FakeWithallo).requests)[0]
      assert.deepStrictEqual(request?.body, { date: MARCH, extend: "items", stage: "CONNECTED", size: 1, page: 2 })
      assert.deepStrictEqual(outbound.items?.pagination, { page: 2, size: 1, total_count: 2, total_pages: 2, has_more: false })
      const [item] = outbound.items?.data ?? []
      assert.strictEqual(item?.contact_number, "+14155559002")
      assert.strictEqual(item?.stage, "CONNECTED")
      assert.strictEqual(item?.allo_number_label, "Sales US")
      assert.strictEqual(item?.user?.id, ALEX)
    }).pipe(Effect.provide(layer)))
})

describe("Analytics inputs", () => {
  const cases: ReadonlyArray<readonly [string, string, (a: Analytics.Service) => Effect.Effect<unknown, unknown>]> = [
    ["userIds with alloNumbers", "alloNumbers", (a) => a.overview({ date: MARCH, userIds: [ALEX], alloNumbers: [US] })],
    ["a reversed period", "date.to", (a) => a.overview({ date: { from: "2026-03-31", to: "2026-03-01" } })],
    ["a day that does not exist", "date.to", (a) => a.overview({ date: { from: "2026-02-01", to: "2026-02-30" } })],
    ["a reversed comparison", "compareDate.to", (a) => a.overview({ date: MARCH, compareDate: { from: "2026-02-28", to: "2026-02-01" } })],
    ["a date-time instead of a day", "date.from", (a) => a.overview({ date: { from: "2026-03-01T00:00:00Z", to: "2026-03-02" } })],
    ["a number not in E.164", "alloNumbers[0]", (a) => a.overview({ date: MARCH, alloNumbers: ["415 555 0100"] })],
    ["an unknown granularity", "granularity", (a) => a.outbound({ date: MARCH, granularity: "YEAR" as "DAY" })],
    ["extend without a stage", "stage", (a) => a.outbound({ date: MARCH, extend: "items" })],
    ["a stage without extend", "stage", (a) => a.outbound({ date: MARCH, stage: "DIAL" })],
    ["a drilldown size of 101", "size", (a) => a.outbound({ date: MARCH, extend: "items", stage: "DIAL", size: 101 })],
    ["outbound userIds with alloNumbers", "alloNumbers", (a) => a.outbound({ date: MARCH, userIds: [], alloNumbers: [] })]
  ]
  for (const [name, field, run] of cases) {
    it.effect(`${name} is a ValidationError on ${field}, and nothing is sent`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(run(yield* Analytics))
        assert.instanceOf(error, ValidationError)
        if (error instanceof ValidationError) assert.strictEqual(error.errors[0]?.field, field)
        assert.lengthOf(yield* (yield* FakeWithallo).requests, 0)
      }).pipe(Effect.provide(layer)))
  }

  it.effect("the fake answers both filters, or a reversed period, with Allo's 400s", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const send = (body: unknown) =>
        fake.handle({
          method: "POST",
          url: "/v2/api/analytics/overview",
          headers: { authorization: `Api-Key ${WithalloTest.apiKey}`, "content-type": "application/json" },
          body: JSON.stringify(body)
        })
      const both = yield* send({ date: MARCH, user_ids: [ALEX], allo_numbers: [US] })
      const reversed = yield* send({ date: { from: "2026-03-31", to: "2026-03-01" } })
      const codes = [both, reversed].map((r) => r._tag === "Response" ? [r.status, JSON.parse(r.body ?? "{}").error.code] : r._tag)
      assert.deepStrictEqual(codes, [[400, "INVALID_REQUEST_BODY"], [400, "INVALID_DATE_RANGE"]])
    }).pipe(Effect.provide(layer)))
})
