/**
 * The export's progress on stderr: a line redrawn in place on a terminal
 * (records, pages, records/s, ETA from the page count), a plain line every few
 * seconds when stderr is a file or a pipe (no escape codes), nothing when quiet.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Stdio from "effect/Stdio"
import { count, duration } from "./format.js"
import { stderrIsTerminal, writeStderr } from "./output.js"

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
  readonly update: (state: ProgressState) => Effect.Effect<void>
  /** Removes the in-place line, so what follows starts on a clean line. */
  readonly clear: Effect.Effect<void>
}

const REDRAW_MS = 80
const PLAIN_MS = 2_000

/** The mode for this run: `off` when quiet, `tty` when stderr is a terminal. */
export const progressMode = (quiet: boolean): Effect.Effect<ProgressMode, never, Stdio.Stdio> =>
  quiet ? Effect.succeed("off") : Effect.map(stderrIsTerminal, (tty) => (tty ? "tty" : "plain"))

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

/** A progress display writing to stderr, timed by the `Clock`. */
export const makeProgress = (noun: string, mode: ProgressMode): Effect.Effect<Progress, never, Stdio.Stdio> =>
  Effect.gen(function*() {
    const stdio = yield* Stdio.Stdio
    const write = (text: string) => Effect.provideService(writeStderr(text), Stdio.Stdio, stdio)
    const started = yield* Clock.currentTimeMillis
    let last = 0
    let frame = 0
    let drawn = false
    const update = (state: ProgressState) =>
      Effect.gen(function*() {
        if (mode === "off") return
        const now = yield* Clock.currentTimeMillis
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
          drawn = true
          yield* write(`\r\x1b[2K${SPINNER[frame]} ${line}`)
        } else {
          yield* write(`${line}\n`)
        }
      })
    const clear = Effect.suspend(() => {
      if (!drawn) return Effect.void
      drawn = false
      return write("\r\x1b[2K")
    })
    return { update, clear }
  })
