/**
 * The retry policy as a user sees it: when each attempt is sent (TestClock),
 * which failures are tried again, and what each retry logs. Jitter is pinned
 * by providing a `Random` that always draws the same number: 0 waits half the
 * backoff step, 1 (just under) all of it.
 */
import { assert, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Fiber, Logger, Random, References, Schema } from "effect"
import { TestClock } from "effect/testing"
import { WithalloClient } from "../../src/WithalloClient.js"
import type { WithalloOptions } from "../../src/WithalloClient.js"
import { makeStub, type Script } from "../support/stub.js"

const Data = Schema.Struct({ data: Schema.Array(Schema.Unknown) })
const ok: Script = { status: 200, body: { data: [] } }
const rateLimited = (headers: Record<string, string> = {}, error: Record<string, unknown> = {}): Script => ({
  status: 429,
  headers,
  body: { error: { type: "rate_limit_error", code: "RATE_LIMIT_EXCEEDED", message: "slow down", ...error } }
})

/** A `Random` whose every draw is `value`. */
const drawing = (value: number): Random.Random => ({ nextDoubleUnsafe: () => value, nextIntUnsafe: () => 0 })

const get = WithalloClient.use((c) => c.request({ operation: "Calls.search", method: "GET", path: "/v1/api/calls", response: Data }))
const post = (idempotencyKey?: string) =>
  WithalloClient.use((c) =>
    c.request({ operation: "Sms.send", method: "POST", path: "/v1/api/sms", body: {}, idempotencyKey, response: Schema.Unknown })
  )

/**
 * Runs `call` against `script` with Random fixed at `draw`, moving the
 * TestClock a minute on; returns the clock time of each request sent and the
 * call's outcome.
 */
const timeline = <A>(
  call: Effect.Effect<A, unknown, WithalloClient>,
  script: ReadonlyArray<Script>,
  options: { readonly draw?: number; readonly client?: Partial<WithalloOptions> } = {}
) =>
  Effect.gen(function*() {
    const sentAt: Array<number> = []
    const stub = makeStub((_, n) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        sentAt.push(now)
        return script[n] ?? script[script.length - 1]!
      })
    )
    const fiber = yield* call.pipe(
      Effect.result,
      Effect.provide(stub.layer(options.client)),
      Effect.provideService(Random.Random, drawing(options.draw ?? 0)),
      Effect.forkChild
    )
    yield* TestClock.adjust(Duration.minutes(1))
    const result = yield* Fiber.join(fiber)
    const waits = sentAt.slice(1).map((at, i) => at - sentAt[i]!)
    return { waits, result, sent: stub.sent }
  })

describe("backoff", () => {
  const unavailable = (n: number): ReadonlyArray<Script> => [...Array.from({ length: n }, (): Script => ({ status: 503 })), ok]

  it.effect("doubles from 0.5 s up to the 8 s cap; at the top of the jitter each wait is the whole step", () =>
    Effect.gen(function*() {
      const { result, waits } = yield* timeline(get, unavailable(7), { draw: 0.999_999_9, client: { maxRetries: 7 } })
      assert.deepStrictEqual(waits, [500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000])
      assert.strictEqual(result._tag, "Success")
    }))

  it.effect("at the bottom of the jitter each wait is half the step", () =>
    Effect.gen(function*() {
      const { waits } = yield* timeline(get, unavailable(6), { draw: 0, client: { maxRetries: 6 } })
      assert.deepStrictEqual(waits, [250, 500, 1_000, 2_000, 4_000, 4_000])
    }))

  it.effect("in between, the wait scales with the draw, rounded to the millisecond", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(
        (yield* timeline(get, unavailable(6), { draw: 0.5, client: { maxRetries: 6 } })).waits,
        [375, 750, 1_500, 3_000, 6_000, 6_000]
      )
      // 0.5 + 0.123 × 0.5 = 0.5615 of each step.
      assert.deepStrictEqual(
        (yield* timeline(get, unavailable(3), { draw: 0.123, client: { maxRetries: 3 } })).waits,
        [281, 562, 1_123]
      )
    }))

  it.effect("a 429 with neither Retry-After nor retry_after_seconds backs off like a 5xx", () =>
    Effect.gen(function*() {
      const { result, waits } = yield* timeline(get, [rateLimited(), rateLimited(), ok], { draw: 0 })
      assert.deepStrictEqual(waits, [250, 500])
      assert.strictEqual(result._tag, "Success")
    }))

  it.effect("a malformed Retry-After (1.5, 120abc, an ISO date) is ignored: the client backs off instead", () =>
    Effect.gen(function*() {
      for (const value of ["1.5", "120abc", "2026-01-01T00:00:05Z"]) {
        // Misread, "120abc" would be a 120 s wait: over maxRetryAfter, so no retry at all.
        const { result, waits } = yield* timeline(get, [rateLimited({ "retry-after": value }), ok], {
          draw: 0.999_999_9,
          client: { maxRetryAfter: "60 seconds" }
        })
        assert.deepStrictEqual(waits, [500], value)
        assert.strictEqual(result._tag, "Success", value)
      }
    }))

  it.effect("a malformed Retry-After falls back to the body's retry_after_seconds", () =>
    Effect.gen(function*() {
      const { waits } = yield* timeline(get, [rateLimited({ "retry-after": "1.5" }, { retry_after_seconds: 3 }), ok])
      assert.deepStrictEqual(waits, [3_000])
    }))

  it.effect("Retry-After is waited exactly, with no jitter, even past the backoff cap", () =>
    Effect.gen(function*() {
      const { waits } = yield* timeline(get, [rateLimited({ "retry-after": "20" }), rateLimited({ "retry-after": "0" }), ok], {
        draw: 0.5
      })
      assert.deepStrictEqual(waits, [20_000, 0])
    }))

  it.effect("a Retry-After of exactly maxRetryAfter is still waited; one second more is not", () =>
    Effect.gen(function*() {
      const at = yield* timeline(get, [rateLimited({ "retry-after": "30" }), ok], { client: { maxRetryAfter: "30 seconds" } })
      assert.deepStrictEqual(at.waits, [30_000])
      assert.strictEqual(at.result._tag, "Success")
      const over = yield* timeline(get, [rateLimited({ "retry-after": "31" }), ok], { client: { maxRetryAfter: "30 seconds" } })
      assert.strictEqual(over.sent.length, 1)
      assert.isTrue(over.result._tag === "Failure" && (over.result.failure as { _tag: string })._tag === "RateLimitError")
    }))
})

describe("what is retried", () => {
  it.effect("500, 502, 503 and 504 are retried on a read; 501 and other 5xx are not", () =>
    Effect.gen(function*() {
      for (const status of [500, 502, 503, 504]) {
        const { sent } = yield* timeline(get, [{ status }, ok])
        assert.strictEqual(sent.length, 2, `${status}`)
      }
      for (const status of [501, 505, 507]) {
        const { sent } = yield* timeline(get, [{ status }, ok])
        assert.strictEqual(sent.length, 1, `${status}`)
      }
    }))

  it.effect("4xx answers other than 429 are final", () =>
    Effect.gen(function*() {
      for (const status of [400, 401, 403, 404, 409, 422]) {
        const { result, sent } = yield* timeline(get, [{ status, body: { error: { code: "X", message: "no" } } }, ok])
        assert.strictEqual(sent.length, 1, `${status}`)
        assert.strictEqual(result._tag, "Failure")
      }
    }))

  it.effect("a read that timed out or dropped is retried; a write without a key is not", () =>
    Effect.gen(function*() {
      const timeout = { timeout: "1 second" } as const
      assert.strictEqual((yield* timeline(get, ["stall-body", ok], { client: timeout })).sent.length, 2)
      assert.strictEqual((yield* timeline(get, ["drop", ok])).sent.length, 2)
      assert.strictEqual((yield* timeline(post(), ["stall-body", ok], { client: timeout })).sent.length, 1)
      assert.strictEqual((yield* timeline(post(), ["drop", ok])).sent.length, 1)
      assert.strictEqual((yield* timeline(post(), [{ status: 500 }, ok])).sent.length, 1)
      assert.strictEqual((yield* timeline(post("k"), ["stall-body", ok], { client: timeout })).sent.length, 2)
      assert.strictEqual((yield* timeline(post("k"), [{ status: 500 }, ok])).sent.length, 2)
    }))

  it.effect("maxRetries 1 retries once; 0 never", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* timeline(get, [{ status: 503 }], { client: { maxRetries: 1 } })).sent.length, 2)
      assert.strictEqual((yield* timeline(get, [{ status: 503 }], { client: { maxRetries: 0 } })).sent.length, 1)
      assert.strictEqual((yield* timeline(get, [rateLimited({ "retry-after": "1" })], { client: { maxRetries: 0 } })).sent.length, 1)
    }))
})

describe("retry log", () => {
  it.effect("each retry logs one debug line with the operation, attempt, status, delay and request id", () =>
    Effect.gen(function*() {
      const lines: Array<{ message: string; level: string; annotations: Record<string, unknown> }> = []
      const logger = Logger.make((options) => {
        lines.push({
          message: String(options.message),
          level: options.logLevel,
          annotations: { ...options.fiber.getRef(References.CurrentLogAnnotations) }
        })
      })
      yield* timeline(
        get.pipe(Effect.provideService(References.MinimumLogLevel, "Debug"), Effect.provide(Logger.layer([logger]))),
        [{ status: 503, headers: { "x-request-id": "req_1" } }, "drop", rateLimited({ "retry-after": "2" }), ok],
        { draw: 0 }
      )
      assert.deepStrictEqual(lines, [
        {
          message: "effect-withallo: retrying request",
          level: "Debug",
          annotations: { operation: "Calls.search", attempt: 1, status: 503, delayMillis: 250, requestId: "req_1" }
        },
        {
          message: "effect-withallo: retrying request",
          level: "Debug",
          annotations: { operation: "Calls.search", attempt: 2, status: "TransportError", delayMillis: 500, requestId: "none" }
        },
        {
          message: "effect-withallo: retrying request",
          level: "Debug",
          annotations: { operation: "Calls.search", attempt: 3, status: 429, delayMillis: 2_000, requestId: "none" }
        }
      ])
    }))
})
