import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { classify } from "../../src/internal/classify.js"

const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)
const answer = (status: number, bodyText: string, extra: { retryAfter?: string; requestId?: string; secret?: string } = {}) => ({
  operation: "Test.op",
  status,
  requestId: extra.requestId,
  retryAfter: extra.retryAfter,
  bodyText,
  nowMillis: NOW,
  secret: extra.secret
})
const Body = Schema.Struct({ data: Schema.Struct({ id: Schema.String }) })
const fail = (a: ReturnType<typeof answer>) => {
  const r = classify(a, Body)
  assert.isTrue(Result.isFailure(r))
  return (r as unknown as Result.Failure<unknown, { _tag: string } & Record<string, unknown>>).failure
}

describe("classify", () => {
  it("decodes a 2xx body", () => {
    assert.deepStrictEqual(classify(answer(200, "{\"data\":{\"id\":\"a\"}}"), Body), Result.succeed({ data: { id: "a" } }))
  })

  const rows: ReadonlyArray<readonly [number, string, string, Record<string, unknown>]> = [
    [401, "{\"code\":\"API_KEY_INVALID\",\"details\":null}", "AuthenticationError", { code: "API_KEY_INVALID", isRetryable: false }],
    [403, "{\"code\":\"API_KEY_INSUFFICIENT_SCOPE\",\"details\":[{\"message\":\"required=SMS_SEND\"}]}", "ForbiddenError", { requiredScopes: ["SMS_SEND"] }],
    [400, "{\"code\":\"CONTACT_NOT_FOUND\",\"details\":null}", "NotFoundError", { status: 400 }],
    [404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no\",\"request_id\":\"req_1\"}}", "NotFoundError", { requestId: "req_1" }],
    [409, "{\"error\":{\"code\":\"IDEMPOTENCY_KEY_REUSE\"}}", "ConflictError", { isRetryable: false }],
    [422, "{\"error\":{\"code\":\"VALIDATION\",\"errors\":[{\"field\":\"to\",\"message\":\"bad\"}]}}", "ValidationError", { errors: [{ field: "to", message: "bad" }] }],
    [415, "", "ValidationError", { status: 415 }],
    [503, "<html>down</html>", "ServerError", { isRetryable: true, message: "Test.op: HTTP 503 non-JSON response body" }],
    [501, "", "ServerError", { isRetryable: false }],
    [302, "", "ServerError", { status: 302 }]
  ]
  for (const [status, body, tag, fields] of rows) {
    it(`${status} ${body.slice(0, 30)} → ${tag}`, () => {
      const e = fail(answer(status, body))
      assert.strictEqual(e._tag, tag)
      assert.strictEqual(e.operation, "Test.op")
      for (const [k, v] of Object.entries(fields)) assert.deepStrictEqual(e[k], v, k)
    })
  }

  it("a 429 waits what Retry-After asks, as seconds or an HTTP date, else the body's retry_after_seconds", () => {
    const seconds = fail(answer(429, "", { retryAfter: "7" }))
    assert.deepStrictEqual(seconds.retryAfter, Duration.seconds(7))
    const date = fail(answer(429, "", { retryAfter: new Date(NOW + 90_000).toUTCString() }))
    assert.deepStrictEqual(date.retryAfter, Duration.millis(90_000))
    const body = fail(answer(429, "{\"error\":{\"code\":\"RATE_LIMITED\",\"retry_after_seconds\":3}}"))
    assert.deepStrictEqual(body.retryAfter, Duration.seconds(3))
    const none = fail(answer(429, "{\"error\":{\"code\":\"RATE_LIMITED\"}}"))
    assert.isUndefined(none.retryAfter)
    assert.isTrue(none.isRetryable)
  })

  it("malformed Retry-After values are ignored, not misread", () => {
    for (const value of ["1.5", "120abc", "2026-01-01T12:00:00Z", "-3", ""]) {
      assert.isUndefined(fail(answer(429, "", { retryAfter: value })).retryAfter, value)
    }
  })

  it("the v1 daily quota is not retryable", () => {
    const e = fail(answer(429, "{\"code\":\"API_KEY_QUOTA_EXCEEDED\",\"details\":null}"))
    assert.strictEqual(e.quotaExceeded, true)
    assert.strictEqual(e.isRetryable, false)
  })

  it("a key Allo echoes in an error body never reaches the error", () => {
    const key = "ak_live_secret123"
    const e = fail(answer(400, `{"error":{"code":"BAD","message":"key ${key} is malformed","param":"${key}"}}`, { secret: key }))
    assert.notInclude(JSON.stringify(e), key)
    assert.notInclude(e.message as string, key)
    assert.include(e.message as string, "<redacted>")
  })

  it("an empty or blank 2xx body reads as no body; JSON with whitespace around it is JSON", () => {
    for (const blank of ["", "  ", "\n\t \r\n"]) {
      assert.deepStrictEqual(classify(answer(204, blank), Schema.Void), Result.succeed(undefined))
    }
    assert.strictEqual(fail(answer(200, " \n"))._tag, "ResponseDecodeError")
    assert.deepStrictEqual(classify(answer(200, "\n {\"data\":{\"id\":\"a\"}} \n"), Body), Result.succeed({ data: { id: "a" } }))
  })

  it("a 2xx body that is not JSON, or not the documented shape, is a ResponseDecodeError naming the field", () => {
    const notJson = fail(answer(200, "<html>", { requestId: "req_9" }))
    assert.strictEqual(notJson._tag, "ResponseDecodeError")
    assert.strictEqual(notJson.requestId, "req_9")
    assert.strictEqual(notJson.message, `${answer(200, "").operation}: response body is not JSON`)
    const shape = fail(answer(200, "{\"data\":{}}"))
    assert.strictEqual(shape._tag, "ResponseDecodeError")
    assert.include(shape.message as string, "id")
  })
})
