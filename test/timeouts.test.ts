import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Exit, Fiber, Layer, Schema, Scope } from "effect"
import { TestClock } from "effect/testing"
import { PhoneNumbers } from "../src/index.js"
import { FakeWithallo, WithalloTest } from "../src/testing/index.js"
import { WithalloClient } from "../src/WithalloClient.js"
import { makeStub } from "./support/stub.js"

const Data = Schema.Struct({ data: Schema.Array(Schema.Unknown) })
const get = (path: string) =>
  WithalloClient.use((c) => c.request({ operation: "Calls.search", method: "GET", path, response: Data }))

/** `/slow` answers its headers and then never finishes the body; anything else answers at once. */
const slowAndFast = () => makeStub((req) => req.url.pathname.endsWith("/slow") ? "stall-body" : { status: 200, body: { data: [] } })

/**
 * Lets fibers woken by the TestClock run: an aborted body settles through a
 * few promise callbacks and fiber resumptions; 20 turns is ample.
 */
const settle = Effect.forEach(Array.from({ length: 20 }), () => Effect.yieldNow, { discard: true })

/** The test's clock, counting the sleeps in progress on it. */
const countingClock = Effect.gen(function*() {
  const testClock = yield* TestClock.testClockWith(Effect.succeed)
  const count = { active: 0 }
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => testClock.currentTimeMillisUnsafe(),
    currentTimeMillis: testClock.currentTimeMillis,
    currentTimeNanosUnsafe: () => testClock.currentTimeNanosUnsafe(),
    currentTimeNanos: testClock.currentTimeNanos,
    monotonicTimeNanosUnsafe: () => testClock.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: testClock.monotonicTimeNanos,
    sleep: (duration) =>
      Effect.suspend(() => {
        count.active++
        return Effect.ensuring(testClock.sleep(duration), Effect.sync(() => count.active--))
      })
  }
  return { testClock, clock, count }
})

describe("timeouts", () => {
  it.effect("each attempt has its own deadline: a request started 1 s later times out 1 s later", () => {
    const stub = slowAndFast()
    return Effect.gen(function*() {
      const first = yield* Effect.forkChild(Effect.flip(get("/v1/api/slow")))
      yield* TestClock.adjust(1_000)
      const second = yield* Effect.forkChild(Effect.flip(get("/v1/api/slow")))
      // A healthy request meanwhile is unaffected by the stalled ones.
      assert.deepStrictEqual(yield* get("/v1/api/fast"), { data: [] })

      yield* TestClock.adjust(3_999)
      yield* settle
      assert.isUndefined(first.pollUnsafe(), "4.999 s: the first is still waiting")
      yield* TestClock.adjust(1)
      const error = yield* Fiber.join(first)
      assert.strictEqual(error._tag, "TimeoutError")
      assert.match(error.message, /^Calls\.search: no complete response from api\.withallo\.com within 5s/)

      yield* TestClock.adjust(999)
      yield* settle
      assert.isUndefined(second.pollUnsafe(), "5.999 s: the second has 1 ms left")
      yield* TestClock.adjust(1)
      assert.strictEqual((yield* Fiber.join(second))._tag, "TimeoutError")
      assert.strictEqual(stub.sent.length, 3)
    }).pipe(Effect.provide(stub.layer({ timeout: "5 seconds", maxRetries: 0 })))
  })

  it.effect("a hundred stalled attempts share one timer, and no timer outlives the client's layer", () =>
    Effect.gen(function*() {
      const { clock, count, testClock } = yield* countingClock
      const stub = slowAndFast()
      const scope = yield* Scope.make()
      const context = yield* Layer.buildWithScope(stub.layer({ timeout: "5 seconds", maxRetries: 0 }), scope)
      const run = <A, E>(effect: Effect.Effect<A, E, WithalloClient>) =>
        effect.pipe(Effect.provideContext(context), Effect.provideService(Clock.Clock, clock))

      // Forked from this fiber (not inside a concurrent forEach, whose
      // workers would take their children down with them).
      const fibers = yield* Effect.forEach(Array.from({ length: 100 }), () => Effect.forkChild(run(Effect.flip(get("/v1/api/slow")))))
      yield* settle
      assert.strictEqual(count.active, 1, "one watchdog, not one timer per attempt")
      yield* testClock.adjust(Duration.seconds(5))
      const errors = yield* Fiber.joinAll(fibers)
      assert.deepStrictEqual(new Set(errors.map((e) => e._tag)), new Set(["TimeoutError"]))

      // With nothing in flight the watchdog holds no timer.
      yield* run(get("/v1/api/fast"))
      yield* settle
      assert.strictEqual(count.active, 0)
      // An attempt abandoned mid-request leaves it waiting out that deadline…
      const abandoned = yield* Effect.forkChild(run(get("/v1/api/slow")))
      yield* settle
      yield* Fiber.interrupt(abandoned)
      assert.strictEqual(count.active, 1)
      // …until the layer is released: nothing then keeps a process alive.
      yield* Scope.close(scope, Exit.void)
      yield* settle
      assert.strictEqual(count.active, 0)
      assert.strictEqual(stub.sent.length, 102)
    }))

  it.effect("latency injected past the timeout ends in TimeoutError: the fake stops waiting when the request is aborted", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ method: "GET", path: "/v1/api/numbers", fault: { _tag: "Latency", delay: "1 minute" }, times: 1 })
      const fiber = yield* Effect.forkChild(Effect.flip((yield* PhoneNumbers).list()))
      yield* TestClock.adjust(Duration.seconds(2))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TimeoutError")
      // The next request is answered normally, at once.
      assert.isArray(yield* (yield* PhoneNumbers).list())
    }).pipe(Effect.provide(WithalloTest.layer(undefined, { client: { timeout: "2 seconds", maxRetries: 0 } }))))
})
