/**
 * Runs an export: a stream of records written batch by batch to stdout or a
 * file in constant memory, with progress on stderr and a summary at the end.
 * The output is closed by a finalizer, so an interrupted export (Ctrl-C)
 * still leaves a well-formed file: whole CSV rows, whole NDJSON lines, a JSON
 * array closed with `]`.
 *
 * @since 0.1.0
 */
import * as fs from "node:fs"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { Flag } from "effect/cli"
import type { WithalloError } from "../WithalloError.js"
import { PageTracker } from "./connection.js"
import { CliFailure, ExitCode } from "./errors.js"
import { count, duration, type Encoder, type Format, formats } from "./format.js"
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
  readonly write: (text: string) => Effect.Effect<void, CliFailure>
  /** Writes the footer and, for a file, flushes and closes it. Never fails. */
  readonly close: (footer: string) => Effect.Effect<void>
}

const writeFailure = (target: string, error: Error) =>
  new CliFailure({
    message: `Cannot write ${target}: ${error.message}`,
    hint: "Check that the directory exists and is writable.",
    exitCode: ExitCode.api
  })

const openOutput = (out: Option.Option<string>): Effect.Effect<Output, CliFailure> =>
  Effect.callback<Output, CliFailure>((resume) => {
    const target = Option.getOrElse(out, () => "stdout")
    const stream: NodeJS.WritableStream = Option.isSome(out) ? fs.createWriteStream(out.value) : process.stdout
    let failed: Error | undefined
    // A reader that goes away (`| head`) is the end of the export, not an error.
    let gone = false
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") gone = true
      else failed = error
    })
    const write = (text: string) =>
      Effect.callback<void, CliFailure>((resumeWrite) => {
        if (failed !== undefined) return resumeWrite(Effect.fail(writeFailure(target, failed)))
        if (gone || text === "") return resumeWrite(Effect.void)
        if (stream.write(text)) return resumeWrite(Effect.void)
        const onError = () => resumeWrite(Effect.void)
        stream.once("drain", () => {
          stream.removeListener("error", onError)
          resumeWrite(Effect.void)
        })
        // A failed stream never drains: wake up and report it on the next write.
        stream.once("error", onError)
      })
    const close = (footer: string) =>
      Effect.callback<void>((resumeClose) => {
        if (failed !== undefined || gone) return resumeClose(Effect.void)
        if (Option.isSome(out)) stream.end(footer, () => resumeClose(Effect.void))
        else stream.write(footer, () => resumeClose(Effect.void))
      })
    const output: Output = { write, close }
    if (Option.isNone(out)) return resume(Effect.succeed(output))
    stream.once("open", () => resume(Effect.succeed(output)))
    stream.once("error", (error) => resume(Effect.fail(writeFailure(target, error))))
  })

/** Runs an export; succeeds with the number of records written. */
export const runExport = <A, R>(spec: ExportSpec<A, R>) =>
  Effect.gen(function*() {
    const tracker = yield* PageTracker
    const mode = progressMode(spec.quiet)
    const stderr = (text: string) => process.stderr.write(text)
    const progress = makeProgress(spec.noun, mode, stderr)
    const started = Date.now()
    let records = 0
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
      Effect.sync(() => {
        progress.clear()
        const elapsed = Date.now() - started
        if (Exit.isSuccess(exit)) {
          if (spec.json) {
            const summary = { exported: records, noun: spec.noun, pages: tracker.pages, elapsedMs: elapsed, ...spec.summary.json() }
            // Data on stdout leaves the summary to stderr.
            if (Option.isSome(spec.out)) process.stdout.write(JSON.stringify(summary) + "\n")
            else if (!spec.quiet) stderr(JSON.stringify(summary) + "\n")
            return
          }
          if (spec.quiet) return
          stderr(
            `Exported ${count(records)} ${spec.noun}${where} in ${duration(elapsed)} (${count(tracker.pages)} page${tracker.pages === 1 ? "" : "s"})\n` +
              spec.summary.lines().map((line) => `  ${line}\n`).join("")
          )
        } else if (Exit.hasInterrupts(exit)) {
          stderr(
            `Interrupted: ${count(records)} ${spec.noun} written${where}; the output is complete up to there.\n`
          )
        } else if (records > 0) {
          stderr(`Stopped after ${count(records)} ${spec.noun}${where}; the output is complete up to there.\n`)
        }
      })

    yield* Effect.acquireUseRelease(
      Effect.flatMap(openOutput(spec.out), (output) => Effect.as(output.write(spec.encoder.header), output)),
      (output) =>
        spec.records.pipe(
          Stream.runForEachArray((batch) => {
            for (const record of batch) spec.summary.add(record)
            records += batch.length
            progress.update({ records, pages: tracker.pages, expectedPages: expectedPages() })
            return output.write(spec.encoder.batch(batch))
          })
        ),
      (output, exit) => Effect.andThen(output.close(spec.encoder.footer()), report(exit))
    )
    return records
  })

/** The flags every `… export` command takes. */
export const exportFlags = {
  format: Flag.Literals("format", formats).pipe(
    Flag.withDescription("ndjson (one JSON record per line), csv (RFC 4180) or json (one array); default from --out's extension, else ndjson"),
    Flag.optional
  ),
  out: Flag.String("out").pipe(
    Flag.withAlias("o"),
    Flag.withDescription("Write to this file instead of stdout"),
    Flag.optional
  ),
  limit: Flag.Int("limit").pipe(
    Flag.withDescription("Stop after this many records"),
    Flag.filter((n) => n >= 1, (n) => `--limit must be at least 1, got ${n}`),
    Flag.optional
  ),
  quiet: Flag.Boolean("quiet").pipe(
    Flag.withAlias("q"),
    Flag.withDescription("No progress display and no summary on stderr"),
    Flag.withDefault(false)
  )
}

/** `--format`, else the extension of `--out`, else NDJSON. */
export const resolveFormat = (format: Option.Option<Format>, out: Option.Option<string>): Format =>
  Option.getOrElse(format, () => {
    const extension = Option.getOrElse(Option.map(out, (path) => path.slice(path.lastIndexOf(".") + 1).toLowerCase()), () => "")
    return extension === "csv" ? "csv" : extension === "json" ? "json" : "ndjson"
  })
