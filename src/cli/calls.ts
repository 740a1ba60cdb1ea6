/**
 * `withallo calls export`: an Allo number's whole call history, newest first,
 * streamed through `Calls.stream` to NDJSON, CSV or JSON.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { Command, Flag } from "effect/cli"
import type { Call } from "../schema/Call.js"
import { Calls } from "../services/Calls.js"
import { Json, withApi } from "./connection.js"
import { exportFlags, resolveFormat, runExport, type Summary } from "./exporter.js"
import { bump, type Column, count, makeEncoder, tally } from "./format.js"

const PAGE_SIZE = 100

/** Who said what, one line per turn: the CSV `transcript` column. */
export const transcriptText = (call: Call): string =>
  (call.transcript ?? []).map((entry) => `${entry.source}: ${entry.text}`).join("\n")

/** The CSV columns of a call. */
export const callColumns: ReadonlyArray<Column<Call>> = [
  { name: "id", value: (c) => c.id },
  { name: "start_date", value: (c) => c.start_date },
  { name: "type", value: (c) => c.type },
  { name: "result", value: (c) => c.result },
  { name: "from_number", value: (c) => c.from_number },
  { name: "to_number", value: (c) => c.to_number },
  { name: "length_in_minutes", value: (c) => c.length_in_minutes },
  { name: "tag", value: (c) => c.tag },
  { name: "tags", value: (c) => c.tags?.join(";") },
  { name: "summary", value: (c) => c.summary },
  { name: "recording_url", value: (c) => c.recording_url },
  { name: "transcript", value: transcriptText }
]

/** Counts by direction and result, the busiest day and the minutes talked. */
export const callSummary = (): Summary<Call> => {
  const direction = new Map<string, number>()
  const result = new Map<string, number>()
  // One entry per calendar day: bounded by the history's span, not its size.
  const days = new Map<string, number>()
  let minutes = 0
  const busiest = () => {
    let best: [string, number] | undefined
    for (const entry of days) if (best === undefined || entry[1] > best[1]) best = entry
    return best
  }
  return {
    add: (call) => {
      bump(direction, call.type ?? "UNKNOWN")
      bump(result, call.result ?? "UNKNOWN")
      if (call.start_date !== undefined) bump(days, call.start_date.slice(0, 10))
      minutes += call.length_in_minutes ?? 0
    },
    lines: () => {
      const day = busiest()
      return [
        `direction    ${tally(direction)}`,
        `result       ${tally(result)}`,
        `busiest day  ${day === undefined ? "—" : `${day[0]} (${count(day[1])} calls)`}`,
        `total        ${minutes.toLocaleString("en-US", { maximumFractionDigits: 1 })} minutes`
      ]
    },
    json: () => {
      const day = busiest()
      return {
        byDirection: Object.fromEntries(direction),
        byResult: Object.fromEntries(result),
        busiestDay: day === undefined ? null : { date: day[0], calls: day[1] },
        totalMinutes: Math.round(minutes * 10) / 10
      }
    }
  }
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** Whether year-month-day (and a time of day) exist: no 2025-02-30, no 24:00. */
const isCalendarDate = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * An instant from `--since` or a call's `start_date`: `YYYY-MM-DD` (midnight
 * UTC) or an ISO 8601 timestamp; v1 sends zone-less timestamps, read as UTC
 * on both sides so the comparison is consistent. `undefined` for anything
 * else, including dates that do not exist (`2025-02-30` is not March 2).
 */
export const instantOf = (text: string): number | undefined => {
  const trimmed = text.trim()
  const date = DATE.exec(trimmed)
  if (date !== null) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])]
    return isCalendarDate(y, m, d) ? Date.UTC(y, m - 1, d) : undefined
  }
  const stamp = DATE_TIME.exec(trimmed)
  if (stamp === null) return undefined
  const [y, m, d, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((k) => Number(stamp[k] ?? 0))
  if (!isCalendarDate(y ?? 0, m ?? 0, d ?? 0) || (hh ?? 0) > 23 || (mm ?? 0) > 59 || (ss ?? 0) > 59) return undefined
  const iso = trimmed.replace(" ", "T")
  const ms = Date.parse(stamp[8] === undefined ? `${iso}Z` : iso)
  return Number.isNaN(ms) ? undefined : ms
}

const exportCommand = Command.make(
  "export",
  {
    alloNumber: Flag.String("allo-number").pipe(Flag.withDescription("Your Allo number (E.164), e.g. +14155550100")),
    contactNumber: Flag.String("contact-number").pipe(
      Flag.withDescription("Only calls with this number (E.164)"),
      Flag.optional
    ),
    since: Flag.String("since").pipe(
      Flag.withDescription("Stop at calls older than this date (YYYY-MM-DD or ISO 8601; zone-less means UTC)"),
      Flag.filterMap(
        (text) => Option.fromNullishOr(instantOf(text)),
        () => "a date that exists, as YYYY-MM-DD or ISO 8601 (e.g. 2024-06-01 or 2024-06-01T08:00:00Z)"
      ),
      Flag.optional
    ),
    ...exportFlags
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    const format = yield* resolveFormat(flags.format, flags.out)
    yield* withApi(Effect.gen(function*() {
      const calls = yield* Calls
      let records = calls.stream({
        alloNumber: flags.alloNumber,
        contactNumber: Option.getOrUndefined(flags.contactNumber),
        pageSize: PAGE_SIZE
      })
      if (Option.isSome(flags.since)) {
        const from = flags.since.value
        // Newest first: the first call older than --since ends the export
        // (and the page requests); an unreadable date is kept, not a stop.
        records = Stream.takeWhile(records, (call) => !((instantOf(call.start_date ?? "") ?? from) < from))
      }
      if (Option.isSome(flags.limit)) records = Stream.take(records, flags.limit.value)
      yield* runExport({
        noun: "calls",
        records,
        encoder: makeEncoder(format, callColumns),
        summary: callSummary(),
        out: flags.out,
        quiet: flags.quiet,
        json,
        limit: flags.limit,
        pageSize: PAGE_SIZE
      })
    }))
  })
).pipe(
  Command.withDescription(
    "Export an Allo number's call history (newest first) as NDJSON, CSV or JSON, in constant memory. " +
      "Progress and a summary go to stderr; Ctrl-C leaves a well-formed file of what was written."
  ),
  Command.withExamples([
    { command: "withallo calls export --allo-number +14155550100 --out calls.csv", description: "Whole history to CSV" },
    {
      command: "withallo calls export --allo-number +14155550100 --since 2024-06-01 --format json > june.json",
      description: "Calls since June 1st as a JSON array on stdout"
    },
    {
      command: "withallo calls export --mock --allo-number +14155550100 --limit 100",
      description: "Try it against the built-in fake"
    }
  ])
)

/** `withallo calls …`. */
export const callsCommand = Command.make("calls").pipe(
  Command.withDescription("Call history"),
  Command.withSubcommands([exportCommand])
)
