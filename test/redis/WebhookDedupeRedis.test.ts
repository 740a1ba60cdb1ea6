import { assert, it } from "@effect/vitest"
import { NodeRedis } from "@effect/platform-node"
import { Deferred, Effect, Fiber, Layer } from "effect"
import { Redis } from "effect/persistence"
import { afterAll, beforeAll } from "vitest"
import { WebhookDedupeRedis, WebhookReceiver } from "../../src/index.js"
import { bodies, signed } from "../webhooks/support.js"
import { describeRedis, type RedisInstance, sharedOrPrivateRedis, uniquePrefix } from "./support.js"

const secret = signed.secret
const body = bodies.webhook_v2_call_received_with_contact ?? ""

let redis: RedisInstance

/** `webhook-*` headers for a (re)delivery of message `id`, signed now. */
const deliver = (id: string) =>
  Effect.map(
    WebhookReceiver.sign({ id, timestamp: new Date(), body, secret }),
    (headers) => ({ body, headers })
  )

/** One replica: its own Redis connection, a dedupe store on it, and a receiver running `handler`. */
const replica = (prefix: string, handler: Effect.Effect<unknown, unknown>, options: WebhookDedupeRedis.RedisOptions = {}) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(NodeRedis.layer({ url: redis.url }))
    const dedupe = yield* Effect.provide(WebhookDedupeRedis.make({ ...options, prefix }), context)
    return WebhookReceiver.make({ secret, dedupe, handlers: { "call.received": () => handler } })
  })

const redisSend = <A>(command: string, ...args: Array<string>) =>
  Effect.gen(function*() {
    const context = yield* Layer.build(NodeRedis.layer({ url: redis.url }))
    const client = yield* Effect.provide(Redis.Redis, context)
    return yield* client.send<A>(command, ...args)
  })

describeRedis("WebhookDedupeRedis", () => {
  beforeAll(async () => {
    redis = await sharedOrPrivateRedis()
  })
  afterAll(async () => {
    await redis?.stop()
  })

  it.live("a redelivery reaching another replica is acknowledged without running the handler again", () =>
    Effect.gen(function*() {
      const prefix = uniquePrefix("dedupe")
      let runs = 0
      const handler = Effect.sync(() => runs++)
      const [a, b, c] = yield* Effect.all([replica(prefix, handler), replica(prefix, handler), replica(prefix, handler)])
      const first = yield* a.handle(yield* deliver("msg_1"))
      assert.deepStrictEqual(first, { status: 200, body: "ok" })
      const again = yield* b.handle(yield* deliver("msg_1"))
      assert.deepStrictEqual(again, { status: 200, body: "already handled" })
      assert.strictEqual((yield* c.handle(yield* deliver("msg_1"))).status, 200)
      assert.strictEqual(runs, 1)
      // Another message still runs.
      assert.strictEqual((yield* c.handle(yield* deliver("msg_2"))).body, "ok")
      assert.strictEqual(runs, 2)
      // The handled id is kept for the retention window (48 h by default).
      const ttl = yield* redisSend<number>("PTTL", `${prefix}msg_1`)
      assert.isAbove(ttl, 47 * 3_600_000)
      assert.isAtMost(ttl, 48 * 3_600_000)
    }))

  it.live("a failed handler does not mark the id: the redelivery runs it on another replica", () =>
    Effect.gen(function*() {
      const prefix = uniquePrefix("dedupe-fail")
      let attempts = 0
      const handler = Effect.suspend(() => ++attempts === 1 ? Effect.fail("boom") : Effect.void)
      const [a, b, c] = yield* Effect.all([replica(prefix, handler), replica(prefix, handler), replica(prefix, handler)])
      assert.strictEqual((yield* a.handle(yield* deliver("msg_f"))).status, 500)
      assert.strictEqual(yield* redisSend<string | null>("GET", `${prefix}msg_f`), null)
      assert.deepStrictEqual(yield* b.handle(yield* deliver("msg_f")), { status: 200, body: "ok" })
      assert.deepStrictEqual(yield* c.handle(yield* deliver("msg_f")), { status: 200, body: "already handled" })
      assert.strictEqual(attempts, 2)
    }))

  it.live("a duplicate arriving while the first delivery runs elsewhere gets 409, and does not run", () =>
    Effect.gen(function*() {
      const prefix = uniquePrefix("dedupe-inflight")
      const started = yield* Deferred.make<void>()
      const finish = yield* Deferred.make<void>()
      let runs = 0
      const handler = Effect.andThen(
        Effect.sync(() => runs++),
        Effect.andThen(Deferred.succeed(started, undefined), Deferred.await(finish))
      )
      const [a, b] = yield* Effect.all([replica(prefix, handler), replica(prefix, handler)])
      const first = yield* Effect.forkChild(a.handle(yield* deliver("msg_s")))
      yield* Deferred.await(started)
      assert.strictEqual((yield* b.handle(yield* deliver("msg_s"))).status, 409)
      yield* Deferred.succeed(finish, undefined)
      assert.strictEqual((yield* Fiber.join(first)).status, 200)
      assert.strictEqual((yield* b.handle(yield* deliver("msg_s"))).body, "already handled")
      assert.strictEqual(runs, 1)
    }))

  it.live("a claim abandoned past inFlightTimeout is taken over, and the late failure does not free the new claim", () =>
    Effect.gen(function*() {
      const prefix = uniquePrefix("dedupe-abandoned")
      const stores = yield* Effect.all([0, 1, 2].map(() =>
        Effect.flatMap(Layer.build(NodeRedis.layer({ url: redis.url })), (context) =>
          Effect.provide(WebhookDedupeRedis.make({ prefix, inFlightTimeout: "150 millis" }), context))
      ))
      const [slow, next, third] = stores
      if (slow === undefined || next === undefined || third === undefined) return assert.fail("three stores")
      assert.strictEqual(yield* slow.claim("m"), "claimed")
      assert.strictEqual(yield* next.claim("m"), "in-flight")
      // Redis expires the abandoned claim after inFlightTimeout; until then the id stays in flight.
      let claim = yield* next.claim("m")
      while (claim === "in-flight") claim = yield* Effect.andThen(Effect.sleep("10 millis"), next.claim("m"))
      assert.strictEqual(claim, "claimed")
      yield* slow.release("m") // the slow replica's handler finally failed
      assert.strictEqual(yield* third.claim("m"), "in-flight")
      yield* next.complete("m")
      yield* slow.release("m")
      assert.strictEqual(yield* third.claim("m"), "done")
    }))
})
