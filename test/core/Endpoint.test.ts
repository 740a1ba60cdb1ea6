import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { Calls, Sms, ValidationError } from "effect-withallo"
import { FakeWithallo, WithalloTest } from "effect-withallo/testing"

const decodeFailure = <A>(effect: Effect.Effect<A, unknown, never>) =>
  Effect.flip(effect).pipe(Effect.map((e) => {
    assert.instanceOf(e, ValidationError)
    return e as ValidationError
  }))

// A JavaScript caller can pass anything: these casts stand for such a caller.
const loose = <F>(f: F) => f as unknown as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown>

describe("endpoint arguments", () => {
  it.effect("a missing or null params object is a ValidationError naming params, and no request leaves", () =>
    Effect.gen(function*() {
      const calls = yield* Calls
      const sms = yield* Sms
      const fake = yield* FakeWithallo
      const missing = yield* decodeFailure(loose(calls.search)())
      assert.deepStrictEqual(missing.errors, [{ field: "params", message: "is required" }])
      assert.strictEqual(missing.operation, "Calls.search")
      assert.strictEqual(missing.status, 0)
      const nullParams = yield* decodeFailure(loose(sms.send)(null))
      assert.deepStrictEqual(nullParams.errors, [{ field: "params", message: "must be an object" }])
      assert.strictEqual(nullParams.message, "Sms.send: invalid params: must be an object")
      assert.lengthOf(yield* fake.requests, 0)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("values are not coerced: an array, a number or undefined is not a string", () =>
    Effect.gen(function*() {
      const sms = yield* Sms
      const fake = yield* FakeWithallo
      const e = yield* decodeFailure(loose(sms.sendFrance)({ senderId: undefined, to: ["+33612345678"], message: 0 }))
      assert.deepStrictEqual(e.errors.map((x) => x.field), ["senderId", "to", "message"])
      assert.deepStrictEqual(e.errors.map((x) => x.message), ["must be a string", "must be a string", "must be a string"])
      assert.lengthOf(yield* fake.requests, 0)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an unknown parameter is refused rather than silently dropped", () =>
    Effect.gen(function*() {
      const calls = yield* Calls
      const e = yield* decodeFailure(loose(calls.search)({ alloNumber: "+14155550100", contactNumbr: "+14155550199" }))
      assert.deepStrictEqual(e.errors, [{ field: "contactNumbr", message: "is not a parameter of this operation" }])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an object whose toString throws, or a deep value, fails typed without quoting it", () =>
    Effect.gen(function*() {
      const calls = yield* Calls
      let deep: unknown = "x"
      for (let i = 0; i < 100_000; i++) deep = { deep }
      const e1 = yield* decodeFailure(loose(calls.search)({ alloNumber: Object.create(null) }))
      assert.deepStrictEqual(e1.errors, [{ field: "alloNumber", message: "must be a string" }])
      const e2 = yield* decodeFailure(loose(calls.search)({ alloNumber: deep }))
      assert.strictEqual(e2.errors[0]?.field, "alloNumber")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a stream with bad options fails as a Stream, not by throwing", () =>
    Effect.gen(function*() {
      const calls = yield* Calls
      const fake = yield* FakeWithallo
      const stream = calls.stream as unknown as (params: unknown) => ReturnType<typeof calls.stream>
      const nullParams = yield* decodeFailure(Stream.runCollect(stream(null)))
      assert.deepStrictEqual(nullParams.errors, [{ field: "params", message: "must be an object" }])
      assert.strictEqual(nullParams.operation, "Calls.stream")
      const badSize = yield* decodeFailure(Stream.runCollect(stream({ alloNumber: "+14155550100", pageSize: 0 })))
      assert.deepStrictEqual(badSize.errors, [{ field: "pageSize", message: "must be an integer from 1 to 100" }])
      const page = yield* decodeFailure(Stream.runCollect(stream({ alloNumber: "+14155550100", page: 2 })))
      assert.deepStrictEqual(page.errors, [{ field: "page", message: "is not a parameter of this operation" }])
      assert.lengthOf(yield* fake.requests, 0)
    }).pipe(Effect.provide(WithalloTest.layer())))
})
