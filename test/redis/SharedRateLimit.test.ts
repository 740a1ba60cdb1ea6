import { assert, it } from "@effect/vitest"
import { NodeRedis } from "@effect/platform-node"
import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { Redis } from "effect/persistence"
import { spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { afterAll, beforeAll } from "vitest"
import { PhoneNumbers, Withallo } from "../../src/index.js"
import * as FakeServer from "../../src/node/FakeServer.js"
import { keyIdOf } from "../../src/pacing/RateLimitStore.js"
import { bundleForNode } from "../support/bundle.js"
import { FAKE_KEY, readFor, sharedClientLayer } from "./clients.js"
import { describeRedis, ratePerSecond, type RedisInstance, sharedOrPrivateRedis, uniquePrefix } from "./support.js"

const DURATION_MS = 3_000
const LIMIT = 20

let redis: RedisInstance

/** What the fake saw: reads answered 200, and 429s. */
const outcome = (server: FakeServer.FakeServer) =>
  Effect.map(server.fake.requests, (log) => ({
    ok: log.filter((r) => r.status === 200).map((r) => r.timeMillis),
    tooMany: log.filter((r) => r.status === 429).length
  }))

describeRedis("SharedRateLimit.layerRedis", () => {
  beforeAll(async () => {
    redis = await sharedOrPrivateRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it.live("three client layers on one key, in separate fibers, share 20 reads/s: no 429, ~20/s combined", () =>
    Effect.gen(function*() {
      const server = yield* FakeServer.make({ rateLimit: { readsPerSecond: LIMIT, writesPerSecond: 5 } })
      const prefix = uniquePrefix("fibers")
      const replica = () =>
        readFor(DURATION_MS).pipe(
          Effect.provide(sharedClientLayer({ baseUrl: server.url, redisUrl: redis.url, rateLimit: { prefix } }))
        )
      const sent = yield* Effect.all([replica(), replica(), replica()], { concurrency: "unbounded" })
      const { ok, tooMany } = yield* outcome(server)
      assert.strictEqual(tooMany, 0)
      assert.strictEqual(ok.length, sent.reduce((a, b) => a + b, 0))
      // Every replica got a share, and together they ran at the key's rate.
      for (const n of sent) assert.isAbove(n, 5)
      const rate = ratePerSecond(ok)
      assert.isAtLeast(rate, LIMIT * 0.9, `combined ${rate.toFixed(1)}/s`)
      assert.isAtMost(rate, LIMIT * 1.1, `combined ${rate.toFixed(1)}/s`)
    }), 20_000)

  it.live("three processes on one key share 20 reads/s: no 429, ~20/s combined", () =>
    Effect.gen(function*() {
      const server = yield* FakeServer.make({ rateLimit: { readsPerSecond: LIMIT, writesPerSecond: 5 } })
      const worker = yield* Effect.promise(() => bundleWorker())
      const env = {
        ...process.env,
        FAKE_URL: server.url,
        REDIS_URL: redis.url,
        PREFIX: uniquePrefix("processes"),
        DURATION_MS: String(DURATION_MS)
      }
      const sent = yield* Effect.promise(() => runReplicas(worker, env, 3))
      const { ok, tooMany } = yield* outcome(server)
      assert.strictEqual(tooMany, 0)
      assert.strictEqual(ok.length, sent.reduce((a, b) => a + b, 0))
      for (const n of sent) assert.isAbove(n, 5)
      const rate = ratePerSecond(ok)
      assert.isAtLeast(rate, LIMIT * 0.9, `combined ${rate.toFixed(1)}/s`)
      assert.isAtMost(rate, LIMIT * 1.1, `combined ${rate.toFixed(1)}/s`)
    }), 30_000)

  it.live("control: the same three layers pacing in memory overrun the key's limit", () =>
    Effect.gen(function*() {
      const server = yield* FakeServer.make({ rateLimit: { readsPerSecond: LIMIT, writesPerSecond: 5 } })
      const replica = () =>
        readFor(1_500).pipe(
          Effect.provide(
            Withallo.layer({ apiKey: Redacted.make(FAKE_KEY), baseUrl: server.url, maxRetries: 0 }).pipe(
              Layer.provide(FetchHttpClient.layer)
            )
          ),
          Effect.ignore
        )
      yield* Effect.all([replica(), replica(), replica()], { concurrency: "unbounded" })
      const { tooMany } = yield* outcome(server)
      assert.isAbove(tooMany, 0)
    }))

  it.live("keys Redis by a hash of the API key, never the key", () =>
    Effect.gen(function*() {
      const server = yield* FakeServer.make()
      const prefix = uniquePrefix("identity")
      yield* PhoneNumbers.use((numbers) => numbers.list()).pipe(
        Effect.provide(sharedClientLayer({ baseUrl: server.url, redisUrl: redis.url, rateLimit: { prefix } }))
      )
      const keys = yield* Effect.gen(function*() {
        return yield* (yield* Redis.Redis).send<Array<string>>("KEYS", `${prefix}*`)
      }).pipe(Effect.provide(NodeRedis.layer({ url: redis.url })))
      const keyId = yield* keyIdOf(FAKE_KEY)
      assert.include(keys, `${prefix}${keyId}.read`)
      for (const key of keys) assert.notInclude(key, FAKE_KEY)
    }))
})

const bundleWorker = (): Promise<string> =>
  bundleForNode("test/redis/fixtures/paceWorker.ts", `.tmp/redis/paceWorker-${process.pid}.mjs`)

/** Starts `count` workers, starts them together once all are ready, returns what each sent. */
const runReplicas = async (worker: string, env: NodeJS.ProcessEnv, count: number): Promise<Array<number>> => {
  const children = Array.from({ length: count }, () =>
    spawn(process.execPath, [worker], { env, stdio: ["pipe", "pipe", "pipe"] }))
  const stderr = children.map((child) => {
    let text = ""
    child.stderr.on("data", (chunk: Buffer) => (text += chunk.toString()))
    return () => text
  })
  const lines = children.map((child) => createInterface({ input: child.stdout }))
  const nextLine = (i: number, pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const child = children[i]
      const rl = lines[i]
      if (child === undefined || rl === undefined) return reject(new Error("no such worker"))
      const onExit = (code: number | null) => reject(new Error(`worker ${i} exited (${code}): ${stderr[i]?.()}`))
      child.once("exit", onExit)
      const onLine = (line: string) => {
        if (!pattern.test(line)) return
        rl.off("line", onLine)
        child.off("exit", onExit)
        resolve(line)
      }
      rl.on("line", onLine)
    })
  try {
    await Promise.all(children.map((_, i) => nextLine(i, /^ready$/)))
    const results = children.map((_, i) => nextLine(i, /^sent \d+$/))
    for (const child of children) child.stdin.write("go\n")
    return (await Promise.all(results)).map((line) => Number(line.slice("sent ".length)))
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL")
  }
}
