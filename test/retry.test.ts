import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Exit, Fiber, Schema } from "effect"
import { TestClock } from "effect/testing"
import { WithalloClient } from "../src/WithalloClient.js"
import { makeStub, type Script } from "./support/stub.js"

const Data = Schema.Struct({ data: Schema.Array(Schema.Unknown) })
const ok: Script = { status: 200, body: { data: [] } }
const rateLimited = (headers: Record<string, string>, body?: object): Script => ({
  status: 429,
  headers,
  body: body ?? { error: { type: "rate_limit_error", code: "RATE_LIMIT_EXCEEDED", message: "slow down", retryable: true } }
})

const get = WithalloClient.use((c) =>
  c.request({ operation: "Calls.search", method: "GET", path: "/v1/api/calls", response: Data })
)
const post = (idempotencyKey?: string) =>
  WithalloClient.use((c) =>
    c.request({
      operation: "Sms.send",
      method: "POST",
      path: "/v1/api/sms",
      body: { message: "hi" },
      idempotencyKey,
      response: Schema.Unknown
    })
  )

describe("retries", () => {
  it.effect("waits exactly Retry-After seconds: one request at 999 ms, two at 1000 ms", () =>
    Effect.gen(function*() {
      const stub = makeStub([rateLimited({ "retry-after": "1" }), ok])
      const fiber = yield* Effect.forkChild(get.pipe(Effect.provide(stub.layer())))
      yield* TestClock.adjust(999)
      assert.strictEqual(stub.sent.length, 1)
      yield* TestClock.adjust(1)
      yield* Fiber.join(fiber)
      assert.strictEqual(stub.sent.length, 2)
    }))

  it.effect("honours Retry-After as an HTTP-date measured with the Clock", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(Date.parse("2026-01-01T00:00:00Z"))
      const stub = makeStub([rateLimited({ "retry-after": "Thu, 01 Jan 2026 00:00:05 GMT" }), ok])
      const fiber = yield* Effect.forkChild(get.pipe(Effect.provide(stub.layer())))
      yield* TestClock.adjust(4_999)
      assert.strictEqual(stub.sent.length, 1)
      yield* TestClock.adjust(1)
      yield* Fiber.join(fiber)
      assert.strictEqual(stub.sent.length, 2)
    }))

  it.effect("falls back to the body's retry_after_seconds", () =>
    Effect.gen(function*() {
      const stub = makeStub([
        rateLimited({}, { error: { type: "rate_limit_error", code: "RATE_LIMIT_EXCEEDED", message: "x", retryable: true, retry_after_seconds: 2 } }),
        ok
      ])
      const fiber = yield* Effect.forkChild(get.pipe(Effect.provide(stub.layer())))
      yield* TestClock.adjust(1_999)
      assert.strictEqual(stub.sent.length, 1)
      yield* TestClock.adjust(1)
      yield* Fiber.join(fiber)
      assert.strictEqual(stub.sent.length, 2)
    }))

  it.effect("a wait longer than maxRetryAfter fails at once with RateLimitError", () =>
    Effect.gen(function*() {
      const stub = makeStub([rateLimited({ "retry-after": "120" }), ok])
      const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer({ maxRetryAfter: "60 seconds" }))))
      assert.strictEqual(error._tag, "RateLimitError")
      if (error._tag === "RateLimitError") assert.deepStrictEqual(error.retryAfter, Duration.seconds(120))
      assert.strictEqual(stub.sent.length, 1)
    }))

  it.effect("the v1 daily quota 429 is never retried", () =>
    Effect.gen(function*() {
      const stub = makeStub([{
        status: 429,
        body: { code: "API_KEY_QUOTA_EXCEEDED", details: [{ message: "limit=1000;type=DAILY;reset_in=3600", field: "DAILY" }] },
        headers: { "retry-after": "1" }
      }, ok])
      const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer())))
      assert.strictEqual(error._tag, "RateLimitError")
      if (error._tag === "RateLimitError") assert.isTrue(error.quotaExceeded)
      assert.strictEqual(stub.sent.length, 1)
    }))

  it.effect("GET 503, 503, 200 succeeds after backoff", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 503 }, { status: 503 }, ok])
      const fiber = yield* Effect.forkChild(get.pipe(Effect.provide(stub.layer())))
      yield* TestClock.adjust(200)
      assert.strictEqual(stub.sent.length, 1, "backoff starts at about 0.5 s")
      yield* TestClock.adjust(Duration.seconds(10))
      const result = yield* Fiber.join(fiber)
      assert.deepStrictEqual(result, { data: [] })
      assert.strictEqual(stub.sent.length, 3)
    }))

  it.effect("stops after maxRetries retries", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 500 }])
      const fiber = yield* Effect.forkChild(Effect.flip(get.pipe(Effect.provide(stub.layer({ maxRetries: 2 })))))
      yield* TestClock.adjust(Duration.minutes(1))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "ServerError")
      assert.strictEqual(stub.sent.length, 3)
    }))

  it.effect("a POST answered 503 is not retried without an idempotency key", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 503 }, ok])
      const fiber = yield* Effect.forkChild(Effect.flip(post().pipe(Effect.provide(stub.layer()))))
      yield* TestClock.adjust(Duration.minutes(1))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "ServerError")
      assert.strictEqual(stub.sent.length, 1)
    }))

  it.effect("a dropped POST is not retried without an idempotency key", () =>
    Effect.gen(function*() {
      const stub = makeStub(["drop", ok])
      const error = yield* Effect.flip(post().pipe(Effect.provide(stub.layer())))
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual(stub.sent.length, 1)
    }))

  it.effect("a POST with an idempotency key is retried with the same key", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 503 }, "drop", { status: 200, body: {} }])
      const fiber = yield* Effect.forkChild(post("key-123").pipe(Effect.provide(stub.layer())))
      yield* TestClock.adjust(Duration.minutes(1))
      yield* Fiber.join(fiber)
      assert.deepStrictEqual(stub.sent.map((r) => r.headers["idempotency-key"]), ["key-123", "key-123", "key-123"])
    }))

  it.effect("a POST answered 429 is retried even without a key (Allo did not process it)", () =>
    Effect.gen(function*() {
      const stub = makeStub([rateLimited({ "retry-after": "1" }), { status: 200, body: {} }])
      const fiber = yield* Effect.forkChild(post().pipe(Effect.provide(stub.layer())))
      yield* TestClock.adjust(Duration.seconds(1))
      yield* Fiber.join(fiber)
      assert.strictEqual(stub.sent.length, 2)
    }))

  it.effect("mints one idempotency key per call and reuses it on every attempt", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 500 }, { status: 200, body: {} }, { status: 200, body: {} }])
      const call = WithalloClient.use((c) =>
        c.request({ operation: "Tags.add", method: "POST", path: "/v2/api/x", body: {}, mintIdempotencyKey: true, response: Schema.Unknown })
      )
      const fiber = yield* Effect.forkChild(Effect.provide(Effect.zip(call, call), stub.layer()))
      yield* TestClock.adjust(Duration.minutes(1))
      yield* Fiber.join(fiber)
      const keys = stub.sent.map((r) => r.headers["idempotency-key"])
      assert.strictEqual(keys.length, 3)
      assert.strictEqual(keys[0], keys[1])
      assert.notStrictEqual(keys[1], keys[2])
      assert.match(keys[2] ?? "", /^[0-9a-f-]{36}$/)
    }))
})

describe("timeouts", () => {
  it.effect("a body that stalls after the headers ends in TimeoutError", () =>
    Effect.gen(function*() {
      const stub = makeStub(["stall-body"])
      const fiber = yield* Effect.forkChild(Effect.flip(get.pipe(Effect.provide(stub.layer({ timeout: "5 seconds", maxRetries: 0 })))))
      yield* TestClock.adjust(Duration.seconds(5))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TimeoutError")
      if (error._tag === "TimeoutError") assert.deepStrictEqual(error.timeout, Duration.seconds(5))
    }))

  it.effect("a read that timed out is retried", () =>
    Effect.gen(function*() {
      const stub = makeStub(["stall-body", ok])
      const fiber = yield* Effect.forkChild(get.pipe(Effect.provide(stub.layer({ timeout: "5 seconds" }))))
      yield* TestClock.adjust(Duration.seconds(20))
      assert.deepStrictEqual(yield* Fiber.join(fiber), { data: [] })
      assert.strictEqual(stub.sent.length, 2)
    }))
})

describe("pacing", () => {
  /** A server enforcing `limit` requests per clock second; counts its 429s. */
  const enforcing = (limit: number) => {
    const windows = new Map<number, number>()
    let rejected = 0
    const stub = makeStub(() =>
      Effect.gen(function*() {
        const second = Math.floor((yield* Clock.currentTimeMillis) / 1000)
        const n = (windows.get(second) ?? 0) + 1
        windows.set(second, n)
        if (n <= limit) return ok
        rejected++
        return rateLimited({ "retry-after": "1" })
      })
    )
    return { stub, rejected: () => rejected }
  }

  it.effect("200 concurrent reads against a server enforcing 20/s produce no 429", () =>
    Effect.gen(function*() {
      const server = enforcing(20)
      const fiber = yield* Effect.forkChild(
        Effect.all(Array.from({ length: 200 }, () => get), { concurrency: "unbounded" }).pipe(
          Effect.provide(server.stub.layer({ rateLimit: { readsPerSecond: 20, writesPerSecond: 5 } }))
        )
      )
      yield* TestClock.adjust(Duration.seconds(9))
      assert.isTrue(fiber.pollUnsafe() === undefined, "200 reads at 20/s take about 10 s")
      yield* TestClock.adjust(Duration.seconds(1))
      const exit = yield* Fiber.await(fiber)
      assert.isTrue(Exit.isSuccess(exit))
      assert.strictEqual(server.stub.sent.length, 200)
      assert.strictEqual(server.rejected(), 0)
    }))

  it.effect("holds requests when the server reports no remaining budget", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(10_000)
      const stub = makeStub([
        { status: 200, body: { data: [] }, headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "11" } },
        ok
      ])
      const fiber = yield* Effect.forkChild(Effect.provide(Effect.zip(get, get), stub.layer({ rateLimit: { readsPerSecond: 100, writesPerSecond: 5 } })))
      yield* TestClock.adjust(999)
      assert.strictEqual(stub.sent.length, 1)
      yield* TestClock.adjust(1)
      yield* Fiber.join(fiber)
      assert.strictEqual(stub.sent.length, 2)
    }))
})
