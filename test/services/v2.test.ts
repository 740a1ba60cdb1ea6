/**
 * v2 behaviour on the fake: error codes onto the CONTRACT's tags, idempotent
 * writes, 1-based pagination.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Schema } from "effect"
import { Conversations, WebhookEndpoints, WithalloClient } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"


describe("v2 error codes", () => {
  it.effect("MISSING_ALLO_NUMBER and INVALID_PAGE_SIZE are ValidationErrors with the param as field", () =>
    Effect.gen(function*() {
      const client = yield* WithalloClient
      const missing = yield* Effect.flip(client.request({
        operation: "Conversations.list",
        method: "GET",
        path: "/v2/api/conversations",
        response: Schema.Unknown
      }))
      assert.strictEqual(missing._tag, "ValidationError")
      assert.strictEqual((missing as { code?: string }).code, "MISSING_ALLO_NUMBER")
      const size = yield* Effect.flip(client.request({
        operation: "Conversations.list",
        method: "GET",
        path: "/v2/api/conversations",
        query: { allo_number: "+14155550100", size: 500 },
        response: Schema.Unknown
      }))
      assert.strictEqual((size as { code?: string }).code, "INVALID_PAGE_SIZE")
      if (size._tag === "ValidationError") assert.strictEqual(size.errors[0]?.field, "size")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an unknown item is a NotFoundError (CONVERSATION_ITEM_NOT_FOUND)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* Conversations).getItem("cll-doesnotexist"))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual((error as { code?: string }).code, "CONVERSATION_ITEM_NOT_FOUND")
      assert.match((error as { requestId?: string }).requestId ?? "", /^req_/)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("reusing an idempotency key on another endpoint is a ConflictError", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      yield* endpoints.create({ url: "https://example.com/hook", topics: ["sms.sent"], idempotencyKey: "same-key" })
      const items = (yield* (yield* Conversations).searchItems({ size: 1 })).items
      const error = yield* Effect.flip((yield* Conversations).addTags(items[0]!.id, ["qualified"], { idempotencyKey: "same-key" }))
      assert.strictEqual(error._tag, "ConflictError")
      assert.strictEqual((error as { code?: string }).code, "IDEMPOTENCY_KEY_REUSE")
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 10 }))))
})

describe("idempotent v2 writes", () => {
  it.effect("a replayed create returns the stored endpoint instead of creating another", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      const first = yield* endpoints.create({ url: "https://example.com/hook", topics: ["call.completed"], idempotencyKey: "k1" })
      const replay = yield* endpoints.create({ url: "https://example.com/hook", topics: ["call.completed"], idempotencyKey: "k1" })
      assert.strictEqual(replay.id, first.id)
      assert.strictEqual((yield* endpoints.list()).length, 1)
      assert.isTrue(first.signing_secret !== undefined && first.signing_secret !== null)
      if (first.signing_secret) assert.match(Redacted.value(first.signing_secret), /^whsec_/)
      const posts = (yield* (yield* FakeWithallo).requests).filter((r) => r.method === "POST")
      assert.deepStrictEqual(posts.map((r) => r.headers["idempotency-key"]), ["k1", "k1"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("each call mints its own key: two creates make two endpoints", () =>
    Effect.gen(function*() {
      const endpoints = yield* WebhookEndpoints
      yield* endpoints.create({ url: "https://example.com/a", topics: ["call.completed"] })
      yield* endpoints.create({ url: "https://example.com/a", topics: ["call.completed"] })
      assert.strictEqual((yield* endpoints.list()).length, 2)
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("v2 pagination", () => {
  it.effect("pages count from 1, report total_count and stop on has_more=false", () =>
    Effect.gen(function*() {
      const conversations = yield* Conversations
      const page1 = yield* conversations.searchItems({ size: 10 })
      assert.strictEqual(page1.page, 1)
      assert.isTrue(page1.hasMore)
      const last = yield* conversations.searchItems({ size: 10, page: page1.totalPages })
      assert.isFalse(last.hasMore)
      assert.strictEqual((page1.totalCount ?? 0) - (page1.totalPages - 1) * 10, last.items.length)
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 45 }))))
})
