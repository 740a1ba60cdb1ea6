/**
 * Testing your own code against the fake Allo: no account, no network.
 * This file is a real test (`npm test` runs it).
 *
 * The code under test: when a call ends, text the caller a thank-you; and a
 * nightly export that must survive Allo's rate limits.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { Calls, Sms } from "effect-withallo"
import { FakeWithallo, WithalloTest } from "effect-withallo/testing"

// --- your application code -------------------------------------------------

const thankCaller = (call: { readonly from_number: string; readonly to_number?: string | null }) =>
  Effect.gen(function*() {
    const sms = yield* Sms
    return yield* sms.send({
      from: call.to_number ?? "+14155550100",
      to: call.from_number,
      message: "Thanks for calling! Reply here anytime.",
      idempotencyKey: `thanks-${call.from_number}`
    })
  })

const nightlyExport = (alloNumber: string) =>
  Effect.gen(function*() {
    const calls = yield* Calls
    return yield* calls.stream({ alloNumber }).pipe(Stream.runCount)
  })

// --- your tests -------------------------------------------------------------

describe("thankCaller", () => {
  it.effect("texts the caller from the number they called", () =>
    Effect.gen(function*() {
      yield* thankCaller({ from_number: "+14155550199", to_number: "+14155550100" })
      const sent = yield* (yield* FakeWithallo).sentSms
      assert.strictEqual(sent.length, 1)
      assert.strictEqual(sent[0]?.to_number, "+14155550199")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("fails with a typed error when the number is not ours", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(thankCaller({ from_number: "+14155550199", to_number: "+19995550000" }))
      assert.strictEqual(error._tag, "NotFoundError")
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("nightlyExport", () => {
  it.effect("survives a 429 by waiting what Allo asks", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({
        path: "/v1/api/calls",
        fault: { _tag: "Status", status: 429, retryAfterSeconds: 2 },
        times: 1
      })
      const fiber = yield* Effect.forkChild(nightlyExport("+14155550100"))
      yield* TestClock.adjust(Duration.seconds(2)) // virtual time: the test takes milliseconds
      const count = yield* Fiber.join(fiber)
      assert.strictEqual(count, (yield* Stream.runCount((yield* Calls).stream({ alloNumber: "+14155550100" }))))
      assert.isAbove(count, 0)
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 500 }))))
})
