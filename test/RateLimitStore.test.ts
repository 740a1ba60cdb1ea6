import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { keyIdOf, type PacerOptions, RateLimitStore } from "../src/pacing/RateLimitStore.js"
import { WithalloClient } from "../src/WithalloClient.js"
import { makeStub, TEST_KEY } from "./support/stub.js"

describe("RateLimitStore", () => {
  it.effect("a client layer builds its pacer from the store in context, keyed by a hash of the key", () =>
    Effect.gen(function*() {
      const built: Array<PacerOptions> = []
      const taken: Array<string> = []
      const ids: Array<string> = []
      const store: RateLimitStore = {
        make: (options) =>
          Effect.map(options.keyId, (keyId) => {
            built.push({ ...options, keyId: Effect.succeed(keyId) })
            ids.push(keyId)
            return { take: (kind) => Effect.sync(() => void taken.push(kind)), learn: () => Effect.void }
          })
      }
      const stub = makeStub([{ status: 200, body: {} }])
      const request = WithalloClient.use((c) =>
        c.request({ operation: "T.get", method: "GET", path: "/v2/api/me", response: Schema.Unknown })
      )
      yield* request.pipe(
        Effect.provide(
          stub.layer({ rateLimit: { readsPerSecond: 7, writesPerSecond: 2 } }).pipe(
            Layer.provide(Layer.succeed(RateLimitStore, store))
          )
        )
      )
      assert.deepStrictEqual(taken, ["read"])
      assert.deepStrictEqual(built[0]?.limits, { readsPerSecond: 7, writesPerSecond: 2 })
      assert.strictEqual(ids[0], yield* keyIdOf(TEST_KEY))
      assert.match(ids[0] ?? "", /^[0-9a-f]{24}$/)
    }))

  it.effect("keyIdOf is stable and differs between keys", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* keyIdOf("ak_live_a"), yield* keyIdOf("ak_live_a"))
      assert.notStrictEqual(yield* keyIdOf("ak_live_a"), yield* keyIdOf("ak_live_b"))
    }))
})
