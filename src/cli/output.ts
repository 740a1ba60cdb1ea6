/**
 * Printing results: aligned text for people, one JSON document for `--json`.
 *
 * @since 0.1.0
 */
import type { AddressInfo } from "node:net"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"

/** Prints `value` as JSON under `--json`, else the human text. */
export const printResult = (json: boolean, value: unknown, human: () => string): Effect.Effect<void> =>
  json ? Console.log(JSON.stringify(value, null, 2)) : Effect.suspend(() => Console.log(human()))

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
