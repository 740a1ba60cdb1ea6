/**
 * A real Redis for the Redis-backed stores: the one `.ci/run` started
 * (`WITHALLO_TEST_REDIS_URL`), else a private `redis-server` per test file on
 * a free loopback port. Without `redis-server` the suites skip, saying why —
 * except under `CI`, where they run and fail loudly.
 */
import { describe } from "@effect/vitest"
import { type ChildProcess, spawn } from "node:child_process"
import { accessSync, constants } from "node:fs"
import * as Net from "node:net"
import { delimiter, join } from "node:path"

const findOnPath = (name: string): string | undefined => {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue
    const candidate = join(dir, name)
    try {
      accessSync(candidate, constants.X_OK)
      return candidate
    } catch {
      // not in this directory
    }
  }
  return undefined
}

/** `redis-server` on PATH, if any. */
export const redisServerPath = findOnPath("redis-server")

/** A Redis server started by `.ci/run`, shared by the suites (keys are prefixed per test). */
const sharedUrl = process.env.WITHALLO_TEST_REDIS_URL

const isCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"

/** Why the Redis suites cannot run here, or `undefined` when they can (or must, under CI). */
const skipReason = redisServerPath !== undefined || isCi
  ? undefined
  : "redis-server not found on PATH (install it: apt-get install redis-server); these tests run (and fail) when CI is set"

if (skipReason !== undefined) console.warn(`[test/redis] skipped: ${skipReason}`)

/**
 * A `describe` for tests needing Redis: skipped with the reason in its name
 * when `redis-server` is missing and `CI` is unset.
 */
export const describeRedis = (name: string, body: () => void): void => {
  if (skipReason === undefined) describe(name, body)
  else describe.skip(`${name} — skipped: ${skipReason}`, body)
}

/** A running Redis. */
export interface RedisInstance {
  readonly url: string
  /** SIGKILL: Redis vanishes mid-run, as in a crash. */
  readonly kill: () => Promise<void>
  /** Stops it (a no-op for the shared CI server). */
  readonly stop: () => Promise<void>
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = Net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()))

/** Starts a private `redis-server` (no persistence) on a free loopback port. */
export const startRedis = async (port?: number): Promise<RedisInstance> => {
  if (redisServerPath === undefined) {
    throw new Error("redis-server not found on PATH: the Redis tests need it (CI installs it in .ci/run)")
  }
  const chosen = port ?? await freePort()
  const child = spawn(
    redisServerPath,
    ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] }
  )
  await new Promise<void>((resolve, reject) => {
    let output = ""
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout?.on("data", onData)
    child.stderr?.on("data", onData)
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`redis-server exited (${code}):\n${output}`))
    })
  })
  child.stdout?.resume()
  child.stderr?.resume()
  const signal = (name: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name)
    await exited(child)
  }
  return { url: `redis://127.0.0.1:${chosen}`, kill: signal("SIGKILL"), stop: signal("SIGTERM") }
}

/** The shared CI Redis when there is one, else a private one. */
export const sharedOrPrivateRedis = (): Promise<RedisInstance> =>
  sharedUrl === undefined
    ? startRedis()
    : Promise.resolve({ url: sharedUrl, kill: () => Promise.reject(new Error("shared Redis")), stop: async () => {} })

/** A fresh key prefix, so tests sharing one Redis never share state. */
export const uniquePrefix = (label: string): string => `test:${label}:${globalThis.crypto.randomUUID()}:`

/** Requests per second over the span of the logged arrival times. */
export const ratePerSecond = (times: ReadonlyArray<number>): number => {
  if (times.length < 2) return 0
  const sorted = [...times].sort((a, b) => a - b)
  const span = ((sorted[sorted.length - 1] ?? 0) - (sorted[0] ?? 0)) / 1000
  return (sorted.length - 1) / span
}
