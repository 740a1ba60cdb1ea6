/**
 * The export's progress on stderr: a line redrawn in place on a terminal
 * (records, pages, records/s, ETA from the page count), a plain line every few
 * seconds when stderr is a file or a pipe (no escape codes), nothing when quiet.
 *
 * @since 0.1.0
 */
import { count, duration } from "./format.js"

/** How the progress is shown. */
export type ProgressMode = "tty" | "plain" | "off"

/** What the progress display needs to know at each update. */
export interface ProgressState {
  readonly records: number
  readonly pages: number
  /** Pages the export is expected to fetch, when known. */
  readonly expectedPages: number | undefined
}

/** A progress display. */
export interface Progress {
  /** Shows the new state, at most every {@link REDRAW_MS} (TTY) or {@link PLAIN_MS} (plain). */
  readonly update: (state: ProgressState) => void
  /** Removes the in-place line, so what follows starts on a clean line. */
  readonly clear: () => void
}

const REDRAW_MS = 80
const PLAIN_MS = 2_000

/** The mode for this process: `off` when quiet, `tty` when stderr is a terminal. */
export const progressMode = (quiet: boolean): ProgressMode =>
  quiet ? "off" : process.stderr.isTTY === true ? "tty" : "plain"

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

/** The text of one progress line (no escape codes). */
export const progressLine = (noun: string, state: ProgressState, elapsedMs: number): string => {
  const rate = elapsedMs > 0 ? (state.records * 1000) / elapsedMs : 0
  const pages = state.expectedPages === undefined
    ? `${count(state.pages)} pages`
    : `page ${count(Math.min(state.pages, state.expectedPages))}/${count(state.expectedPages)}`
  const eta = state.expectedPages !== undefined && state.pages > 0 && state.pages < state.expectedPages
    ? ` · ETA ${duration(((state.expectedPages - state.pages) * elapsedMs) / state.pages)}`
    : ""
  return `${count(state.records)} ${noun} · ${pages} · ${count(rate)}/s${eta}`
}

/** A progress display writing to stderr. */
export const makeProgress = (noun: string, mode: ProgressMode, write: (text: string) => void): Progress => {
  const started = Date.now()
  let last = 0
  let frame = 0
  let drawn = false
  return {
    update: (state) => {
      if (mode === "off") return
      const now = Date.now()
      if (now - last < (mode === "tty" ? REDRAW_MS : PLAIN_MS)) return
      if (mode === "plain" && last === 0) {
        // The first plain line waits a full period: a quick export prints none.
        last = now
        return
      }
      last = now
      const line = progressLine(noun, state, now - started)
      if (mode === "tty") {
        frame = (frame + 1) % SPINNER.length
        write(`\r\x1b[2K${SPINNER[frame]} ${line}`)
        drawn = true
      } else {
        write(`${line}\n`)
      }
    },
    clear: () => {
      if (drawn) write("\r\x1b[2K")
      drawn = false
    }
  }
}
