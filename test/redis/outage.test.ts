import { assert, it } from "@effect/vitest"
import { NodeRedis } from "@effect/platform-node"
import { Clock, Effect, Layer, Logger } from "effect"
import { WebhookDedupeRedis, WebhookReceiver } from "../../src/index.js"
import * as FakeServer from "../../src/node/FakeServer.js"
import { bodies, signed } from "../webhooks/support.js"
import { readFor, sharedClientLayer } from "./clients.js"
import { describeRedis, ratePerSecond, startRedis, uniquePrefix } from "./support.js"

const secret = signed.secret
const body = bodies.webhook_v2_call_received_with_contact ?? ""

const deliver = (id: string) =>
  Effect.map(WebhookReceiver.sign({ id, timestamp: new Date(), body, secret }), (headers) => ({ body, headers }))

/** Log lines as text, to count the store's own warnings. */
const captureLogs = () => {
  const lines: Array<{ level: string; text: string }> = []
  const logger = Logger.make(({ logLevel, message }) => {
    const text = Array.isArray(message) ? message.map(String).join(" ") : String(message)
    lines.push({ level: logLevel, text })
  })
  return { lines, layer: Logger.layer([logger]) }
}

describeRedis("Redis killed mid-run", () => {
  it.live("pacing goes on locally (one warning), dedupe answers 500; both return to Redis when it is back", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const redis = yield* Effect.acquireRelease(Effect.promise(() => startRedis()), (r) => Effect.promise(() => r.stop()))
      const port = Number(new URL(redis.url).port)
      const server = yield* FakeServer.make({ rateLimit: { readsPerSecond: 20, writesPerSecond: 5 } })
      const prefix = uniquePrefix("outage")

      // One replica: a client paced through Redis, and a receiver deduplicating through it.
      const context = yield* Layer.build(
        Layer.merge(
          sharedClientLayer({ baseUrl: server.url, redisUrl: redis.url, rateLimit: { prefix, timeout: "200 millis", retryInterval: "1 second" } }),
          NodeRedis.layer({ url: redis.url })
        )
      )
      let runs = 0
      const receiver = WebhookReceiver.make({
        secret,
        dedupe: yield* Effect.provide(WebhookDedupeRedis.make({ prefix, timeout: "300 millis" }), context),
        handlers: { "call.received": () => Effect.sync(() => runs++) }
      })
      const reads = (millis: number) =>
        Effect.gen(function*() {
          const start = yield* Clock.currentTimeMillis
          yield* readFor(millis)
          const log = yield* server.fake.requests
          return log.filter((r) => r.timeMillis >= start)
        }).pipe(Effect.provide(context))

      assert.strictEqual((yield* receiver.handle(yield* deliver("before"))).status, 200)
      yield* reads(500)

      yield* Effect.promise(() => redis.kill())

      // Pacing: requests keep flowing at the key's rate, paced in this process.
      const during = yield* reads(1_500)
      assert.isAbove(during.length, 20)
      assert.strictEqual(during.filter((r) => r.status === 429).length, 0)
      assert.isAtMost(ratePerSecond(during.map((r) => r.timeMillis)), 22)
      const warnings = logs.lines.filter((l) => l.level === "Warn" && l.text.startsWith("SharedRateLimit:"))
      assert.strictEqual(warnings.length, 1)

      // Dedupe fails closed: 500 so Allo redelivers, handler not run — for a new id and for one already handled.
      assert.deepStrictEqual(yield* receiver.handle(yield* deliver("during")), {
        status: 500,
        body: "dedupe store unavailable"
      })
      assert.strictEqual((yield* receiver.handle(yield* deliver("before"))).status, 500)
      assert.strictEqual(runs, 1)

      // Redis comes back (empty: no persistence): both stores use it again.
      const restarted = yield* Effect.acquireRelease(
        Effect.promise(() => startRedis(port)),
        (r) => Effect.promise(() => r.stop())
      )
      assert.strictEqual(restarted.url, redis.url)
      // Past retryInterval, once node-redis has reconnected (its backoff varies
      // with load): reads go on until the store logs that Redis answers again.
      const backOnRedis = () => logs.lines.some((l) => l.text.startsWith("SharedRateLimit: Redis answers again"))
      while (!backOnRedis()) yield* reads(100)
      // Dedupe answers 500 (so Allo redelivers) until its connection is back too, then handles the delivery.
      let status = (yield* receiver.handle(yield* deliver("during"))).status
      while (status === 500) status = (yield* Effect.andThen(Effect.sleep("10 millis"), receiver.handle(yield* deliver("during")))).status
      assert.strictEqual(status, 200)
      assert.strictEqual(runs, 2)
      assert.strictEqual(
        logs.lines.filter((l) => l.level === "Warn" && l.text.startsWith("SharedRateLimit:")).length,
        1
      )
    }).pipe(Effect.provide(logs.layer))
  }, 45_000)
})
