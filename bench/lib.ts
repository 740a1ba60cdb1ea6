/**
 * Helpers every bench suite shares: a fake Allo in its own process (so the
 * server's CPU never counts against the client being measured), interleaved
 * rounds, medians and the result line `run.mjs` collects.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import * as Tracer from "effect/Tracer"

/** Directory of the bundled bench scripts (`.tmp/bench`). */
export const benchDir = dirname(fileURLToPath(import.meta.url))

/** One measured figure, as `run.mjs` prints and stores it. */
export interface Row {
  readonly suite: string
  readonly name: string
  /** What "ours" and "baseline" are measured in, e.g. `calls/s`. */
  readonly unit: string
  /** Median over rounds of ours. */
  readonly ours: number
  /** Median over rounds of the baseline. */
  readonly baseline: number
  readonly baselineName: string
  /** Median of the per-round ratios ours/baseline (or as stated in `note`). */
  readonly ratio: number
  /** Human-readable target, e.g. `≥ 0.9×`. */
  readonly target: string
  /** `undefined`: a figure reported without a target. */
  readonly met: boolean | undefined
  readonly note?: string
  readonly rounds?: ReadonlyArray<Record<string, number>>
}

export const median = (xs: ReadonlyArray<number | undefined>): number => {
  const s = xs.filter((x): x is number => x !== undefined).sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export const log = (...args: ReadonlyArray<unknown>): void => {
  process.stderr.write(`${args.map(String).join(" ")}\n`)
}

/** Prints the suite's rows for `run.mjs` (last stdout line). */
export const report = (rows: ReadonlyArray<Row>): void => {
  process.stdout.write(`RESULT ${JSON.stringify(rows)}\n`)
}

/** Rounds from `BENCH_ROUNDS`, else the suite's default. */
export const rounds = (fallback: number): number => {
  const n = Number(process.env.BENCH_ROUNDS)
  return Number.isInteger(n) && n > 0 ? n : fallback
}

/** A fake Allo served from a child process. */
export interface ServerProcess {
  readonly url: string
  readonly admin: (path: string, body?: unknown) => Promise<unknown>
  readonly close: () => Promise<void>
}

/** Starts `fakeServer.mjs` in its own process with a seed. */
export const startServer = (seed: unknown): Promise<ServerProcess> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [join(benchDir, "fakeServer.mjs"), JSON.stringify(seed)], {
      stdio: ["pipe", "pipe", "inherit"]
    })
    let buffer = ""
    child.once("error", reject)
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString()
      const match = /READY (\S+)/.exec(buffer)
      if (match === null) return
      const url = match[1]!
      const admin = async (path: string, body?: unknown) => {
        const response = await fetch(`${url}/__admin/${path}`, body === undefined ? {} : {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body)
        })
        const text = await response.text()
        if (response.status >= 300) throw new Error(`admin ${path}: ${response.status} ${text}`)
        return text === "" ? undefined : JSON.parse(text)
      }
      resolve({
        url,
        admin,
        close: () =>
          new Promise<void>((done) => {
            child.once("exit", () => done())
            child.kill("SIGTERM")
          })
      })
    })
  })

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Ended spans, counted by {@link countingTracer}. */
export const spanCount = { ended: 0 }

class CountingSpan extends Tracer.NativeSpan {
  override end(endTime: bigint, exit: Parameters<Tracer.NativeSpan["end"]>[1]): void {
    spanCount.ended++
    super.end(endTime, exit)
  }
}

/**
 * A tracer that is not the native one (so effect records span attributes as
 * it would for an exporter) and counts ended spans: "spans on".
 */
export const countingTracer: Tracer.Tracer = Tracer.make({
  span: (options) => new CountingSpan(options)
})

/** The single Allo number benches seed, so every call belongs to it. */
export const ALLO = "+14155550100"
export const API_KEY = "ak_test_fake"
