/**
 * A monthly team report: last month's KPIs against the month before, who
 * called most, and the outbound funnel with meetings booked as conversions.
 *
 *   npm run example -- analytics-report 2025-12   (against a local fake Allo)
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer } from "effect"
import { FetchHttpClient } from "effect/http"
import { Analytics, type MetricValue, Withallo } from "effect-withallo"

const [month = "2026-03"] = process.argv.slice(2)

/** The first and last day of a `YYYY-MM` month, and of the month before. */
const monthRange = (yyyyMm: string, back = 0) => {
  const [y = 2026, m = 1] = yyyyMm.split("-").map(Number)
  const first = new Date(Date.UTC(y, m - 1 - back, 1))
  const last = new Date(Date.UTC(y, m - back, 0))
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) }
}

const pct = (n: number | null | undefined) => (n == null ? "—" : `${n > 0 ? "+" : ""}${Math.round(n * 100)}%`)
const line = (label: string, m: MetricValue | undefined) =>
  `${label.padEnd(18)}${String(m?.value ?? "—").padStart(10)}  ${pct(m?.change)}`

const program = Effect.gen(function*() {
  const analytics = yield* Analytics
  const date = monthRange(month)
  const compareDate = monthRange(month, 1)

  const team = yield* analytics.overview({ date, compareDate })
  yield* Console.log(`Team, ${date.from} → ${date.to} (vs ${compareDate.from} → ${compareDate.to})`)
  yield* Console.log(line("calls", team.summary?.total_calls))
  yield* Console.log(line("talk time (s)", team.summary?.talk_time_seconds))
  yield* Console.log(line("calls over 1 min", team.summary?.calls_over_1_min))
  yield* Console.log(line("answer rate", team.summary?.answer_rate))
  for (const member of team.breakdown ?? []) {
    yield* Console.log(`  ${(member.user?.name ?? "?").padEnd(20)} ${member.calls?.value ?? 0} calls`)
  }

  const outbound = yield* analytics.outbound({ date, compareDate, tags: ["meeting_booked"], granularity: "WEEK" })
  const funnel = outbound.funnel
  yield* Console.log("\nOutbound funnel")
  yield* Console.log(line("dials", funnel?.dials?.count))
  yield* Console.log(line("connected", funnel?.connected?.count))
  yield* Console.log(line("conversations", funnel?.conversations?.count))
  yield* Console.log(line("meetings booked", funnel?.conversions?.count))
})

const live = Withallo.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

NodeRuntime.runMain(program.pipe(Effect.provide(live)))
