/**
 * Printing: lines through `Console` (stdout with `Console.log`, stderr with
 * `Console.error`), raw text (export data, progress redrawn in place) through
 * `Stdio`. Command code never touches `process.stdout`: a test provides its
 * own `Console` and `Stdio` and reads what a user would have seen.
 *
 * @since 0.1.0
 */
import type { AddressInfo } from "node:net"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import type * as PlatformError from "effect/PlatformError"
import * as Stdio from "effect/Stdio"
import * as Stream from "effect/Stream"

/** Prints `value` as JSON under `--json`, else the human text. */
export const printResult = (json: boolean, value: unknown, human: () => string): Effect.Effect<void> =>
  json ? Console.log(JSON.stringify(value, null, 2)) : Effect.suspend(() => Console.log(human()))

/** Writes `text` as is (no newline added) to stdout. */
export const writeStdout = (text: string): Effect.Effect<void, PlatformError.PlatformError, Stdio.Stdio> =>
  text === "" ? Effect.void : Stdio.Stdio.use((stdio) => Stream.run(Stream.succeed(text), stdio.stdout()))

/** Writes `text` as is to stderr; a stderr that cannot be written is not worth failing for. */
export const writeStderr = (text: string): Effect.Effect<void, never, Stdio.Stdio> =>
  text === "" ? Effect.void : Stdio.Stdio.use((stdio) => Effect.ignore(Stream.run(Stream.succeed(text), stdio.stderr())))

/** Whether stdout is a terminal (colours and emphasis only then). */
export const stdoutIsTerminal: Effect.Effect<boolean, never, Stdio.Stdio> = Stdio.Stdio.use((stdio) => stdio.stdoutIsTerminal)

/** Whether stderr is a terminal (a progress line redrawn in place only then). */
export const stderrIsTerminal: Effect.Effect<boolean, never, Stdio.Stdio> = Stdio.Stdio.use((stdio) => stdio.stderrIsTerminal)

/** Left-aligned columns separated by two spaces, with a header row. */
export const table = (
  header: ReadonlyArray<string>,
  rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>
): string => {
  const cells = [header, ...rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? "—" : String(cell))))]
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? "").length)))
  return cells
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ").trimEnd())
    .join("\n")
}

/** The URL of a listening `node:http` server. */
export const urlOf = (address: AddressInfo | string | null, host: string): string => {
  if (address === null || typeof address === "string") return `http://${host}`
  return `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`
}
