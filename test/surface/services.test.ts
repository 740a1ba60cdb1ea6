/**
 * Every service method that `Withallo.layer` provides, fed adversarial
 * arguments: the outcome is a success or a typed `WithalloError`, never a
 * defect and never a hang; an input refused before sending sends nothing;
 * every request that leaves addresses the operation's own path (ids are
 * percent-encoded, never path structure); the API key is in no error.
 *
 * The surface is read from the layer itself (every service in its context,
 * every function on each service), so a new operation is covered without
 * editing this file.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"
import * as fc from "fast-check"
import { Withallo } from "effect-withallo"
import { FakeWithallo, WithalloTest } from "effect-withallo/testing"
import { adversarialArgs, TAGS, templates } from "./support.js"

const layer = WithalloTest.layer(undefined, { client: { maxRetries: 1 } })

/** Every (service, method) pair the layer provides. */
const surface = Effect.gen(function*() {
  const context = yield* Layer.build(Withallo.services.pipe(Layer.provide(layer)))
  const out: Array<{ readonly name: string; readonly call: (...args: ReadonlyArray<unknown>) => unknown }> = []
  for (const [key, service] of (context as unknown as { mapUnsafe: Map<string, unknown> }).mapUnsafe) {
    const serviceName = key.replace("effect-withallo/", "")
    for (const [method, fn] of Object.entries(service as Record<string, unknown>)) {
      if (typeof fn === "function") out.push({ name: `${serviceName}.${method}`, call: fn as (...args: ReadonlyArray<unknown>) => unknown })
    }
  }
  return out
})

const run = (value: unknown): Effect.Effect<unknown, unknown> =>
  Stream.isStream(value) ? Stream.runDrain(Stream.take(value as Stream.Stream<unknown, unknown>, 250)) : value as Effect.Effect<unknown, unknown>

describe("the whole service surface", () => {
  it.effect("typed failure or success, never a defect or a hang; refused input sends nothing; paths stay put", () =>
    Effect.gen(function*() {
      const methods = yield* surface
      assert.isAbove(methods.length, 30)
      const fake = yield* FakeWithallo
      const paths = yield* templates
      const samples = fc.sample(adversarialArgs, { seed: 20261204, numRuns: 40 })
      let successes = 0
      for (const { call, name } of methods) {
        for (const args of samples) {
          const before = (yield* fake.requests).length
          const label = `${name}(${describeArgs(args)})`
          // A call that throws synchronously is a defect too.
          const fiber = yield* Effect.forkChild(Effect.suspend(() => run(call(...args))))
          yield* TestClock.adjust("10 minutes")
          const exit = fiber.pollUnsafe()
          assert.isDefined(exit, `${label} hung`)
          if (exit === undefined) continue
          if (Exit.isSuccess(exit)) successes++
          if (Exit.isFailure(exit)) {
            const failure = Cause.findErrorOption(exit.cause)
            assert.isTrue(failure._tag === "Some", `${label} died: ${Cause.pretty(exit.cause)}`)
            if (failure._tag !== "Some") continue
            const error = failure.value as { _tag: string; status?: number; message: string }
            assert.isTrue(TAGS.has(error._tag), `${label} failed with ${error._tag}`)
            assert.notInclude(`${error.message} ${JSON.stringify(error)}`, WithalloTest.apiKey, `${label} leaked the key`)
            const after = (yield* fake.requests).slice(before)
            if (error._tag === "ValidationError" && error.status === 0) {
              assert.lengthOf(after, 0, `${label} was refused but sent ${after.map((r) => r.path).join(", ")}`)
            }
          }
          for (const request of (yield* fake.requests).slice(before)) {
            assert.isTrue(paths.some((p) => p.test(`${request.method} ${request.path}`)), `${label} sent ${request.method} ${request.path}`)
          }
          yield* Fiber.interrupt(fiber)
        }
      }
      // Not vacuous: some adversarial calls were valid enough to reach the fake and succeed.
      assert.isAbove(successes, 20)
      assert.isAbove((yield* fake.requests).length, 50)
    }).pipe(Effect.provide(layer)), 120_000)
})

const describeArgs = (args: ReadonlyArray<unknown>): string => {
  try {
    return JSON.stringify(args, (_, v) => typeof v === "string" && v.length > 40 ? `${v.slice(0, 40)}…` : v)?.slice(0, 200) ?? "?"
  } catch {
    return "<unprintable>"
  }
}

