import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect } from "effect"
import { KeyValueStore } from "effect/persistence"
import { TestClock } from "effect/testing"
import * as WebhookDedupe from "../../src/webhooks/dedupe.js"
import * as WebhookDedupeRedis from "../../src/webhooks/dedupeRedis.js"

describe("WebhookDedupe.memory", () => {
  it.effect("claims once, reports in-flight, done after complete, free again after release", () =>
    Effect.gen(function*() {
      const store = WebhookDedupe.memory()
      assert.strictEqual(yield* store.claim("a"), "claimed")
      assert.strictEqual(yield* store.claim("a"), "in-flight")
      yield* store.release("a")
      assert.strictEqual(yield* store.claim("a"), "claimed")
      yield* store.complete("a")
      assert.strictEqual(yield* store.claim("a"), "done")
    }))

  it.effect("forgets handled ids after the retention window (48 h by default)", () =>
    Effect.gen(function*() {
      const store = WebhookDedupe.memory()
      yield* store.claim("a")
      yield* store.complete("a")
      yield* TestClock.adjust("47 hours")
      assert.strictEqual(yield* store.claim("a"), "done")
      yield* TestClock.adjust("59 minutes")
      assert.strictEqual(yield* store.claim("a"), "done")
      yield* TestClock.adjust("61 minutes")
      assert.strictEqual(yield* store.claim("a"), "claimed")
    }))

  it.effect("is bounded: the least recently seen id is forgotten first", () =>
    Effect.gen(function*() {
      const store = WebhookDedupe.memory({ capacity: 2 })
      for (const id of ["a", "b"]) {
        yield* store.claim(id)
        yield* store.complete(id)
      }
      assert.strictEqual(yield* store.claim("a"), "done") // a is now the most recent
      yield* store.claim("c")
      assert.strictEqual(yield* store.claim("a"), "done")
      assert.strictEqual(yield* store.claim("b"), "claimed") // b was evicted
    }))
})

describe("the default retention", () => {
  it("is one constant, 48 h, for the memory, KeyValueStore and Redis stores", () => {
    assert.strictEqual(Duration.toHours(WebhookDedupe.DEFAULT_RETENTION), 48)
    assert.strictEqual(WebhookDedupe.DEFAULT_TTL, WebhookDedupe.DEFAULT_RETENTION)
    assert.strictEqual(WebhookDedupeRedis.DEFAULT_RETENTION, WebhookDedupe.DEFAULT_RETENTION)
  })

  it.effect("a KeyValueStore-backed store keeps a handled id for 48 h by default", () =>
    Effect.gen(function*() {
      const store = WebhookDedupe.fromKeyValueStore(yield* KeyValueStore.KeyValueStore)
      yield* store.claim("k")
      yield* store.complete("k")
      yield* TestClock.adjust("47 hours")
      assert.strictEqual(yield* store.claim("k"), "done")
      yield* TestClock.adjust("2 hours")
      assert.strictEqual(yield* store.claim("k"), "claimed")
    }).pipe(Effect.provide(KeyValueStore.layerMemory)))
})

describe("WebhookDedupe.fromKeyValueStore", () => {
  it.effect("shares handled ids between receivers over one KeyValueStore", () =>
    Effect.gen(function*() {
      const kv = yield* KeyValueStore.KeyValueStore
      const instanceA = WebhookDedupe.fromKeyValueStore(kv, { ttl: "1 hour" })
      const instanceB = WebhookDedupe.fromKeyValueStore(kv, { ttl: "1 hour" })
      assert.strictEqual(yield* instanceA.claim("m"), "claimed")
      assert.strictEqual(yield* instanceB.claim("m"), "in-flight")
      yield* instanceA.complete("m")
      assert.strictEqual(yield* instanceB.claim("m"), "done")
      assert.strictEqual(yield* kv.get("withallo-webhook:m"), `done:${yield* Clock.currentTimeMillis}`)
      yield* TestClock.adjust("61 minutes")
      assert.strictEqual(yield* instanceB.claim("m"), "claimed")
    }).pipe(Effect.provide(KeyValueStore.layerMemory)))

  it.effect("releases failed ids and treats abandoned claims as free after inFlightTimeout", () =>
    Effect.gen(function*() {
      const kv = yield* KeyValueStore.KeyValueStore
      const store = WebhookDedupe.fromKeyValueStore(kv, { inFlightTimeout: "30 seconds", prefix: "t:" })
      yield* store.claim("x")
      yield* store.release("x")
      assert.isUndefined(yield* kv.get("t:x"))
      yield* store.claim("y")
      yield* TestClock.adjust("31 seconds")
      assert.strictEqual(yield* store.claim("y"), "claimed")
    }).pipe(Effect.provide(KeyValueStore.layerMemory)))

  it.effect("serialises concurrent claims of one id within a process", () =>
    Effect.gen(function*() {
      const kv = yield* KeyValueStore.KeyValueStore
      const store = WebhookDedupe.fromKeyValueStore(kv)
      const claims = yield* Effect.all(Array.from({ length: 5 }, () => store.claim("z")), { concurrency: "unbounded" })
      assert.deepStrictEqual([...claims].sort(), ["claimed", "in-flight", "in-flight", "in-flight", "in-flight"])
    }).pipe(Effect.provide(KeyValueStore.layerMemory)))
})
