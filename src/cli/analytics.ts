/**
 * `withallo analytics overview`: the team's KPIs over a period of days, and
 * how they moved against another period, as a table (or `--json`).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Command, Flag } from "effect/cli"
import type { MetricValue, TeamMetrics } from "../schema/Analytics.js"
import { Analytics } from "../services/Analytics.js"
import { ValidationError, type WithalloError } from "../WithalloError.js"
import { Json, withApi } from "./connection.js"
import { CliFailure, ExitCode } from "./errors.js"
import { printResult, table } from "./output.js"

const list = (text: string): ReadonlyArray<string> => text.split(",").map((s) => s.trim()).filter((s) => s !== "")

/** `7h 02m`, `4m 30s`, `12s`. */
export const duration = (seconds: number): string => {
  const s = Math.round(seconds)
  if (s < 60) return `${s}s`
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
}

const integer = (n: number): string => Math.round(n).toLocaleString("en-US")

/** A fraction as a percentage, one decimal: `0.503` → `50.3%`. */
const percent = (n: number): string => `${(n * 100).toFixed(1)}%`

/** A change as a signed whole percentage: `0.15` → `+15%`. */
const change = (n: number | null | undefined): string =>
  n === null || n === undefined ? "—" : `${n > 0 ? "+" : ""}${Math.round(n * 100)}%`

type Format = (n: number) => string

const KPIS: ReadonlyArray<readonly [string, "total_calls" | "talk_time_seconds" | "calls_over_1_min" | "answer_rate", Format]> = [
  ["Calls", "total_calls", integer],
  ["Talk time", "talk_time_seconds", duration],
  ["Calls over 1 min", "calls_over_1_min", integer],
  ["Answer rate", "answer_rate", percent]
]

const value = (m: MetricValue | undefined, format: Format): string => (m?.value === undefined ? "—" : format(m.value))

/** A breakdown cell: the value, and its change when comparing. */
const cell = (m: MetricValue | undefined, format: Format, comparing: boolean): string =>
  m?.value === undefined ? "—" : comparing ? `${format(m.value)} (${change(m.change)})` : format(m.value)

/** The report as people read it. */
export const overviewText = (metrics: TeamMetrics): string => {
  const comparing = metrics.compare_date !== undefined && metrics.compare_date !== null
  const period = (r: { readonly from: string; readonly to: string } | null | undefined) => (r == null ? "?" : `${r.from} → ${r.to}`)
  const title = `Team metrics, ${period(metrics.date)}${comparing ? `, compared with ${period(metrics.compare_date)}` : ""}`
  const summary = metrics.summary ?? {}
  const kpis = table(
    comparing ? ["METRIC", "VALUE", "PREVIOUS", "CHANGE"] : ["METRIC", "VALUE"],
    KPIS.map(([label, key, format]) => {
      const m = summary[key]
      const previous = m?.previous
      return comparing
        ? [label, value(m, format), previous === null || previous === undefined ? "—" : format(previous), change(m?.change)]
        : [label, value(m, format)]
    })
  )
  const rows = (metrics.breakdown ?? []).map((b) => [
    b.user?.name ?? b.user?.id ?? "—",
    cell(b.calls, integer, comparing),
    cell(b.talk_time_seconds, duration, comparing),
    cell(b.calls_over_1_min, integer, comparing),
    cell(b.answer_rate, percent, comparing)
  ])
  const members = rows.length === 0
    ? "No team members in this report."
    : table(["MEMBER", "CALLS", "TALK TIME", "OVER 1 MIN", "ANSWER RATE"], rows)
  const updated = metrics.last_updated === undefined ? [] : ["", `Updated ${metrics.last_updated}`]
  return [title, "", kpis, "", members, ...updated].join("\n")
}

/** The flag each parameter of the overview comes from, by the field an input check names. */
const FLAGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^date\.from$/, "from"],
  [/^date\.to$/, "to"],
  [/^compareDate\.from$/, "compareFrom"],
  [/^compareDate\.to$/, "compareTo"],
  [/^userIds(?:\[\d+\])?$/, "userIds"],
  [/^alloNumbers(?:\[\d+\])?$/, "alloNumbers"]
]

/** An input check's fields renamed after the flags they came from (`date.to` → `to`, shown as `--to`). */
const namedByFlag = (error: WithalloError): WithalloError => {
  if (error._tag !== "ValidationError") return error
  const rename = (field: string | undefined) => FLAGS.find(([pattern]) => field !== undefined && pattern.test(field))?.[1] ?? field
  return new ValidationError({
    ...(error.operation === undefined ? {} : { operation: error.operation }),
    ...(error.code === undefined ? {} : { code: error.code }),
    ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
    status: error.status,
    message: error.message,
    errors: error.errors.map(({ field, ...rest }) => {
      const renamed = rename(field)
      return renamed === undefined ? rest : { ...rest, field: renamed }
    })
  })
}

const overviewCommand = Command.make(
  "overview",
  {
    from: Flag.String("from").pipe(Flag.withDescription("First day of the period (YYYY-MM-DD)")),
    to: Flag.String("to").pipe(Flag.withDescription("Last day of the period, included (YYYY-MM-DD)")),
    compareFrom: Flag.String("compare-from").pipe(Flag.withDescription("First day of the period to compare with"), Flag.optional),
    compareTo: Flag.String("compare-to").pipe(Flag.withDescription("Last day of the period to compare with"), Flag.optional),
    userIds: Flag.String("user-ids").pipe(Flag.withDescription("Only these members: comma-separated usr-… ids"), Flag.optional),
    alloNumbers: Flag.String("allo-numbers").pipe(Flag.withDescription("Only these Allo numbers: comma-separated, E.164"), Flag.optional)
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    if (Option.isSome(flags.compareFrom) !== Option.isSome(flags.compareTo)) {
      return yield* new CliFailure({
        message: "--compare-from and --compare-to go together.",
        hint: "Give both days of the period to compare with, e.g. --compare-from 2026-02-01 --compare-to 2026-02-28.",
        exitCode: ExitCode.usage
      })
    }
    const compareDate = Option.isSome(flags.compareFrom) && Option.isSome(flags.compareTo)
      ? { from: flags.compareFrom.value, to: flags.compareTo.value }
      : undefined
    const metrics = yield* withApi(Analytics.use((analytics) =>
      analytics.overview({
        date: { from: flags.from, to: flags.to },
        compareDate,
        userIds: Option.getOrUndefined(Option.map(flags.userIds, list)),
        alloNumbers: Option.getOrUndefined(Option.map(flags.alloNumbers, list))
      }).pipe(Effect.mapError(namedByFlag))
    ))
    yield* printResult(json, metrics, () => overviewText(metrics))
  })
).pipe(
  Command.withDescription(
    "Team KPIs over a period of days (calls, talk time, calls over a minute, answer rate) and per member, " +
      "optionally against another period (v2 analytics, scope CONVERSATIONS_READ)"
  ),
  Command.withExamples([
    { command: "withallo analytics overview --from 2026-03-01 --to 2026-03-31", description: "March" },
    {
      command: "withallo analytics overview --from 2026-03-01 --to 2026-03-31 --compare-from 2026-02-01 --compare-to 2026-02-28",
      description: "March against February"
    },
    { command: "withallo --mock analytics overview --from 2025-12-29 --to 2025-12-31", description: "Try it against the built-in fake" }
  ])
)

/** `withallo analytics …`. */
export const analyticsCommand = Command.make("analytics").pipe(
  Command.withDescription("Team analytics"),
  Command.withSubcommands([overviewCommand])
)
