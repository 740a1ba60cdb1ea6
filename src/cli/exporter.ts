/**
 * Runs an export: a stream of records written batch by batch to stdout or a
 * file in constant memory, with progress on stderr and a summary at the end.
 * The output is closed by a finalizer, so an interrupted export (Ctrl-C)
 * still leaves a well-formed file: whole CSV rows, whole NDJSON lines, a JSON
 * array closed with `]`.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Data from "effect/Data"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FileSystem from "effect/FileSystem"
import * as Option from "effect/Option"
import type * as PlatformError from "effect/PlatformError"
import * as Predicate from "effect/Predicate"
import type * as Scope from "effect/Scope"
import * as Stdio from "effect/Stdio"
import * as Stream from "effect/Stream"
import { Flag } from "effect/cli"
import type { WithalloError } from "../WithalloError.js"
import { PageTracker } from "./connection.js"
import { CliFailure, ExitCode } from "./errors.js"
import { count, duration, type Encoder, type Format, formats } from "./format.js"
import { intBetween } from "./flags.js"
import { writeStdout } from "./output.js"
import { makeProgress, progressMode } from "./progress.js"

/** Counts what an export wrote, for the closing summary. */
export interface Summary<A> {
  readonly add: (record: A) => void
  /** Lines after the headline, e.g. `result  ANSWERED 12 · VOICEMAIL 3`. */
  readonly lines: () => ReadonlyArray<string>
  /** The same as JSON, for `--json`. */
  readonly json: () => Record<string, unknown>
}

/** One export. */
export interface ExportSpec<A, R> {
  /** Plural noun for messages: `calls`, `contacts`. */
  readonly noun: string
  readonly records: Stream.Stream<A, WithalloError, R>
  readonly encoder: Encoder<A>
  readonly summary: Summary<A>
  /** A file path, or none for stdout. */
  readonly out: Option.Option<string>
  readonly quiet: boolean
  readonly json: boolean
  /** `--limit`: the expected page count is capped by it. */
  readonly limit: Option.Option<number>
  readonly pageSize: number
}

/** Where the export writes. */
interface Output {
  /** Fails with `OutputClosed` once the reader of stdout has gone away (`| head`). */
  readonly write: (text: string) => Effect.Effect<void, CliFailure | OutputClosed>
  /** Writes the footer (a file is then closed with the scope). Never fails. */
  readonly close: (footer: string) => Effect.Effect<void>
}

/** The reader of stdout went away (`| head`): the end of the export, not an error. */
class OutputClosed extends Data.TaggedError("OutputClosed") {}

const systemCode = (error: PlatformError.PlatformError): unknown =>
  error.reason._tag === "BadArgument" ? undefined : Predicate.hasProperty(error.reason.cause, "code") ? error.reason.cause.code : undefined

const writeFailure = (target: string, error: PlatformError.PlatformError) => {
  const reason = error.reason._tag === "BadArgument" ? undefined : error.reason._tag
  return new CliFailure({
    message: `Cannot write ${target}: ${
      reason === "NotFound"
        ? "no such directory"
        : reason === "PermissionDenied"
        ? "permission denied"
        : reason === "BadResource"
        ? "it is not a file"
        : String(systemCode(error) ?? reason ?? "write failed")
    }.`,
    hint: "Check that the directory exists and is writable.",
    exitCode: ExitCode.api
  })
}

const encoder = new TextEncoder()

const openOutput = (
  out: Option.Option<string>
): Effect.Effect<Output, CliFailure, Scope.Scope | FileSystem.FileSystem | Stdio.Stdio> =>
  Effect.gen(function*() {
    if (Option.isSome(out)) {
      const fs = yield* FileSystem.FileSystem
      const file = yield* Effect.mapError(fs.open(out.value, { flag: "w" }), (error) => writeFailure(out.value, error))
      const write = (text: string) =>
        text === "" ? Effect.void : Effect.mapError(file.writeAll(encoder.encode(text)), (error) => writeFailure(out.value, error))
      return { write, close: (footer) => Effect.ignore(write(footer)) }
    }
    const stdio = yield* Stdio.Stdio
    let gone = false
    const write = (text: string): Effect.Effect<void, CliFailure | OutputClosed> =>
      gone ? Effect.fail(new OutputClosed()) : writeStdout(text).pipe(
        Effect.provideService(Stdio.Stdio, stdio),
        Effect.catch((error): Effect.Effect<never, CliFailure | OutputClosed> => {
          if (systemCode(error) !== "EPIPE") return Effect.fail(writeFailure("stdout", error))
          gone = true
          return Effect.fail(new OutputClosed())
        })
      )
    return { write, close: (footer) => Effect.ignore(write(footer)) }
  })

/** Runs an export; succeeds with the number of records written. */
export const runExport = <A, R>(spec: ExportSpec<A, R>) =>
  Effect.gen(function*() {
    const tracker = yield* PageTracker
    const progress = yield* makeProgress(spec.noun, yield* progressMode(spec.quiet))
    const started = yield* Clock.currentTimeMillis
    let records = 0
    // The reader of stdout went away (`| head`): it has what it wanted.
    let readerGone = false
    const expectedPages = () => {
      const total = tracker.totalPages
      if (total === undefined) return undefined
      return Option.match(spec.limit, {
        onNone: () => total,
        onSome: (limit) => Math.min(total, Math.max(1, Math.ceil(limit / spec.pageSize)))
      })
    }
    const where = Option.match(spec.out, { onNone: () => "", onSome: (path) => ` to ${path}` })

    const report = (exit: Exit.Exit<unknown, unknown>) =>
      Effect.gen(function*() {
        yield* progress.clear
        if (readerGone) return
        const elapsed = (yield* Clock.currentTimeMillis) - started
        if (Exit.isSuccess(exit)) {
          if (spec.json) {
            const summary = { exported: records, noun: spec.noun, pages: tracker.pages, elapsedMs: elapsed, ...spec.summary.json() }
            // Data on stdout leaves the summary to stderr.
            if (Option.isSome(spec.out)) yield* Console.log(JSON.stringify(summary))
            else if (!spec.quiet) yield* Console.error(JSON.stringify(summary))
            return
          }
          if (spec.quiet) return
          yield* Console.error(
            [
              `Exported ${count(records)} ${spec.noun}${where} in ${duration(elapsed)} (${count(tracker.pages)} page${
                tracker.pages === 1 ? "" : "s"
              })`,
              ...spec.summary.lines().map((line) => `  ${line}`)
            ].join("\n")
          )
        } else if (Exit.hasInterrupts(exit)) {
          yield* Console.error(`Interrupted: ${count(records)} ${spec.noun} written${where}; the output is complete up to there.`)
        } else if (records > 0) {
          yield* Console.error(`Stopped after ${count(records)} ${spec.noun}${where}; the output is complete up to there.`)
        }
      })

    yield* Effect.scoped(Effect.acquireUseRelease(
      Effect.flatMap(openOutput(spec.out), (output) => Effect.as(output.write(spec.encoder.header), output)),
      (output) =>
        spec.records.pipe(
          Stream.runForEachArray((batch) =>
            Effect.suspend(() => {
              // Counted as the write starts: a write cannot be taken back, so
              // after an interrupt the output holds every batch counted.
              for (const record of batch) spec.summary.add(record)
              records += batch.length
              return Effect.andThen(
                output.write(spec.encoder.batch(batch)),
                progress.update({ records, pages: tracker.pages, expectedPages: expectedPages() })
              )
            })
          ),
          Effect.catchTag("OutputClosed", () => Effect.sync(() => (readerGone = true)))
        ),
      (output, exit) => Effect.andThen(output.close(spec.encoder.footer()), report(exit))
    ).pipe(Effect.catchTag("OutputClosed", () => Effect.void)))
    return records
  })

/** The flags every `… export` command takes. */
export const exportFlags = {
  format: Flag.Literals("format", formats).pipe(
    Flag.withDescription(
      "ndjson (one JSON record per line), csv (RFC 4180) or json (one array) (default: from --out's extension .ndjson/.csv/.json, else ndjson)"
    ),
    Flag.optional
  ),
  out: Flag.String("out").pipe(
    Flag.withAlias("o"),
    Flag.withDescription("Write to this file instead of stdout"),
    Flag.optional
  ),
  limit: Flag.Int("limit").pipe(
    Flag.withDescription("Stop after this many records"),
    intBetween(1),
    Flag.optional
  ),
  quiet: Flag.Boolean("quiet").pipe(
    Flag.withAlias("q"),
    Flag.withDescription("No progress display and no summary on stderr"),
    Flag.withDefault(false)
  )
}

/** What each `--out` extension means when `--format` is not given. */
const EXTENSIONS: Readonly<Record<string, Format>> = { ndjson: "ndjson", jsonl: "ndjson", csv: "csv", json: "json" }

/**
 * `--format`, else the extension of `--out`, else NDJSON on stdout. An
 * `--out` whose extension names no format (`calls.xlsx`) is refused rather
 * than filled with something else.
 */
export const resolveFormat = (format: Option.Option<Format>, out: Option.Option<string>): Effect.Effect<Format, CliFailure> => {
  if (Option.isSome(format)) return Effect.succeed(format.value)
  if (Option.isNone(out)) return Effect.succeed("ndjson")
  const name = out.value.slice(Math.max(out.value.lastIndexOf("/"), out.value.lastIndexOf("\\")) + 1)
  const dot = name.lastIndexOf(".")
  const known = dot > 0 ? EXTENSIONS[name.slice(dot + 1).toLowerCase()] : undefined
  return known !== undefined ? Effect.succeed(known) : Effect.fail(
    new CliFailure({
      message: `--out ${JSON.stringify(out.value)}: ${
        dot > 0 ? `the extension .${name.slice(dot + 1)} is not a format the export writes` : "no extension to tell the format by"
      }.`,
      hint: "Name the file .ndjson, .csv or .json, or pass --format ndjson|csv|json.",
      exitCode: ExitCode.usage
    })
  )
}
