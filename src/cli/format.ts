/**
 * Export file formats: how a batch of records becomes text in NDJSON, CSV
 * (RFC 4180) or a JSON array, written so that a file cut short between two
 * batches is still well formed once {@link Encoder.footer} is appended.
 *
 * @since 0.1.0
 */

/** The formats `--format` accepts. */
export const formats = ["ndjson", "csv", "json"] as const

/** One of {@link formats}. */
export type Format = (typeof formats)[number]

/** A CSV column: its header and how a record fills it. */
export interface Column<A> {
  readonly name: string
  readonly value: (record: A) => string | number | boolean | null | undefined
}

/** Turns batches of records into text; stateful (the JSON array needs to know whether a comma is due). */
export interface Encoder<A> {
  /** Written once before any record. */
  readonly header: string
  /** The text of one batch; empty for an empty batch. */
  readonly batch: (records: ReadonlyArray<A>) => string
  /** Written once at the end, also after an interruption. */
  readonly footer: () => string
}

/** RFC 4180 line break between records. */
const CRLF = "\r\n"

/**
 * One CSV field: quoted when it holds a comma, a quote or a line break, with
 * inner quotes doubled (RFC 4180 §2.6–2.7). Line breaks inside a field are kept.
 */
export const csvField = (value: string | number | boolean | null | undefined): string => {
  if (value === null || value === undefined) return ""
  const text = String(value)
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, "\"\"")}"` : text
}

/** One CSV record, CRLF-terminated. */
export const csvRow = (fields: ReadonlyArray<string | number | boolean | null | undefined>): string =>
  fields.map(csvField).join(",") + CRLF

/** An encoder for `format`; CSV uses `columns`, the JSON formats write each record as is. */
export const makeEncoder = <A>(format: Format, columns: ReadonlyArray<Column<A>>): Encoder<A> => {
  switch (format) {
    case "ndjson":
      return {
        header: "",
        batch: (records) => records.map((record) => JSON.stringify(record) + "\n").join(""),
        footer: () => ""
      }
    case "csv":
      return {
        header: csvRow(columns.map((column) => column.name)),
        batch: (records) => records.map((record) => csvRow(columns.map((column) => column.value(record)))).join(""),
        footer: () => ""
      }
    case "json": {
      // The array is closed by the footer, so every batch boundary is a point
      // where "]" makes the file valid JSON.
      let first = true
      return {
        header: "[",
        batch: (records) => {
          let text = ""
          for (const record of records) {
            text += (first ? "\n  " : ",\n  ") + JSON.stringify(record)
            first = false
          }
          return text
        },
        footer: () => (first ? "]\n" : "\n]\n")
      }
    }
  }
}

/** `1234567` → `1,234,567`. */
export const count = (n: number): string => Math.round(n).toLocaleString("en-US")

/** A duration in ms as `850 ms`, `4.2 s` or `3 min 05 s`. */
export const duration = (ms: number): string => {
  if (ms < 1000) return `${Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  const seconds = Math.round(ms / 1000)
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, "0")} s`
}

/** `{ A: 3, B: 1 }` as `A 3 · B 1`, largest first. */
export const tally = (counts: ReadonlyMap<string, number>): string =>
  [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ${count(n)}`).join(" · ") || "—"

/** Adds one to a key of a counting map. */
export const bump = (counts: Map<string, number>, key: string, by = 1): void => {
  counts.set(key, (counts.get(key) ?? 0) + by)
}
