/**
 * Allo's error bodies, both dialects and what a proxy sends instead, turned
 * into the one tagged error a caller reads: tag, code, message, request id,
 * field errors, required scopes and the wait a 429 asks for.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import { classifyResponse } from "../../src/internal/errorBody.js"

const classified = (status: number, body: unknown, extra: { requestIdHeader?: string; retryAfterHeader?: Duration.Duration } = {}) => {
  const error = classifyResponse({
    operation: "Op.x",
    status,
    bodyText: typeof body === "string" ? body : JSON.stringify(body),
    requestIdHeader: extra.requestIdHeader,
    retryAfterHeader: extra.retryAfterHeader
  })
  // Fields as a caller sees them (the getter-free own fields, plus the tag).
  return { _tag: error._tag, ...JSON.parse(JSON.stringify(error)) } as Record<string, unknown>
}

describe("the v2 dialect", () => {
  it("reads code, message, request id, param and field errors", () => {
    const e = classified(422, {
      error: {
        type: "validation_error",
        code: "INVALID",
        message: "bad input",
        request_id: "req_body",
        param: "to",
        errors: [
          { field: "to", message: "not a number", code: "E1" },
          { param: "from", message: "missing" },
          { code: "E3" },
          {},
          "plain text",
          42
        ]
      }
    }, { requestIdHeader: "req_header" })
    assert.deepStrictEqual(e, {
      _tag: "ValidationError",
      operation: "Op.x",
      status: 422,
      message: "Op.x: INVALID bad input",
      code: "INVALID",
      requestId: "req_body",
      errors: [
        { message: "not a number", field: "to", code: "E1" },
        { message: "missing", field: "from" },
        { message: "E3", code: "E3" },
        { message: "invalid" },
        { message: "plain text" }
      ]
    })
  })

  it("without field errors, names the param as the field, with the code", () => {
    const e = classified(400, { error: { code: "INVALID_PAGE_SIZE", message: "size must be 1-100", param: "size" } })
    assert.deepStrictEqual(e.errors, [{ message: "size must be 1-100", field: "size", code: "INVALID_PAGE_SIZE" }])
    const bare = classified(400, { error: {} })
    assert.deepStrictEqual(bare.errors, [{ message: "Op.x: HTTP 400" }])
    assert.strictEqual(bare.message, "Op.x: HTTP 400")
    assert.notProperty(bare, "code")
  })

  it("empty strings and non-strings are no value; a non-finite wait is no wait", () => {
    const e = classified(429, { error: { code: "", message: 7, request_id: "", retry_after_seconds: "5" } })
    assert.strictEqual(e.message, "Op.x: HTTP 429")
    assert.notProperty(e, "code")
    assert.notProperty(e, "requestId")
    assert.notProperty(e, "retryAfter")
  })

  it("the request id falls back to the header", () => {
    assert.strictEqual(classified(500, { error: { code: "X" } }, { requestIdHeader: "req_h" }).requestId, "req_h")
  })
})

describe("the v1 dialect", () => {
  it("reads code and details; the message joins the details", () => {
    const e = classified(400, { code: "INVALID_SENDER_ID", details: [{ message: "from is invalid", field: "from" }, { message: "to too" }] })
    assert.strictEqual(e._tag, "ValidationError")
    assert.strictEqual(e.message, "Op.x: INVALID_SENDER_ID from is invalid; to too")
    assert.deepStrictEqual(e.errors, [{ message: "from is invalid", field: "from" }, { message: "to too" }])
  })

  it("a message field wins over the details, a request id is read", () => {
    const e = classified(409, { code: "C", message: "conflict", details: [{ message: "d" }], request_id: "req_1" })
    assert.strictEqual(e.message, "Op.x: C conflict")
    assert.strictEqual(e.requestId, "req_1")
  })

  it("the legacy {error: CODE} form gives the code", () => {
    const e = classified(404, { error: "WEBHOOK_NOT_FOUND" })
    assert.strictEqual(e._tag, "NotFoundError")
    assert.strictEqual(e.code, "WEBHOOK_NOT_FOUND")
    assert.strictEqual(e.message, "Op.x: WEBHOOK_NOT_FOUND")
  })

  it("details: null is no field errors", () => {
    const e = classified(400, { code: "BAD", details: null })
    assert.deepStrictEqual(e.errors, [{ message: "Op.x: BAD", code: "BAD" }])
  })
})

describe("bodies that are not Allo's", () => {
  it("HTML (even after whitespace) is named as a non-JSON body; other text and JSON non-objects carry nothing", () => {
    assert.strictEqual(classified(502, "  \n<html>bad gateway</html>").message, "Op.x: HTTP 502 non-JSON response body")
    assert.strictEqual(classified(502, "bad gateway").message, "Op.x: HTTP 502")
    assert.strictEqual(classified(502, "").message, "Op.x: HTTP 502")
    for (const body of ["[1,2]", "\"text\"", "42", "null"]) {
      const e = classified(400, body)
      assert.strictEqual(e.message, "Op.x: HTTP 400", body)
      assert.notProperty(e, "code")
    }
  })
})

describe("statuses", () => {
  const tags: ReadonlyArray<readonly [number, string]> = [
    [401, "AuthenticationError"],
    [403, "ForbiddenError"],
    [404, "NotFoundError"],
    [409, "ConflictError"],
    [429, "RateLimitError"],
    [400, "ValidationError"],
    [405, "ValidationError"],
    [415, "ValidationError"],
    [422, "ValidationError"],
    [402, "ServerError"],
    [410, "ServerError"],
    [418, "ServerError"],
    [500, "ServerError"]
  ]
  for (const [status, tag] of tags) {
    it(`${status} is a ${tag}`, () => {
      assert.strictEqual(classified(status, { error: { code: "SOME_CODE" } })._tag, tag)
    })
  }

  it("a 400, 405, 415 or 422 with a *_NOT_FOUND code is a NotFoundError; a code merely containing it is not", () => {
    for (const status of [400, 405, 415, 422]) {
      assert.strictEqual(classified(status, { code: "CONTACT_NOT_FOUND", details: null })._tag, "NotFoundError")
    }
    assert.strictEqual(classified(400, { code: "CONTACT_NOT_FOUND_YET", details: null })._tag, "ValidationError")
  })
})

describe("429", () => {
  it("the header's wait wins over the body's; the body's is read in seconds", () => {
    const body = { error: { code: "RATE_LIMIT_EXCEEDED", retry_after_seconds: 3 } }
    const both = classifyResponse({ operation: "Op.x", status: 429, bodyText: JSON.stringify(body), requestIdHeader: undefined, retryAfterHeader: Duration.seconds(9) })
    const fromBody = classifyResponse({ operation: "Op.x", status: 429, bodyText: JSON.stringify(body), requestIdHeader: undefined, retryAfterHeader: undefined })
    assert.isTrue(both._tag === "RateLimitError" && both.retryAfter !== undefined && Duration.toMillis(both.retryAfter) === 9_000)
    assert.isTrue(fromBody._tag === "RateLimitError" && fromBody.retryAfter !== undefined && Duration.toMillis(fromBody.retryAfter) === 3_000)
  })

  it("only the v1 daily quota code is quotaExceeded", () => {
    assert.strictEqual(classified(429, { code: "API_KEY_QUOTA_EXCEEDED", details: null }).quotaExceeded, true)
    assert.strictEqual(classified(429, { error: { code: "RATE_LIMIT_EXCEEDED" } }).quotaExceeded, false)
  })
})

describe("required scopes of a 403", () => {
  const scopes = (body: unknown) => classified(403, body).requiredScopes
  it("from v1 `required=SCOPE` details", () => {
    assert.deepStrictEqual(scopes({ code: "API_KEY_INSUFFICIENT_SCOPE", details: [{ message: "limit; required=SMS_SEND" }] }), ["SMS_SEND"])
  })
  it("from an upper-case field or param, but not the word scope", () => {
    assert.deepStrictEqual(scopes({ error: { code: "X", errors: [{ field: "CONTACTS_READ", message: "m" }] } }), ["CONTACTS_READ"])
    assert.deepStrictEqual(scopes({ error: { code: "X", errors: [{ field: "scope", message: "m" }] } }), [])
    assert.deepStrictEqual(scopes({ error: { code: "X", errors: [{ field: "contacts", message: "m" }] } }), [])
    assert.deepStrictEqual(scopes({ error: { code: "X", param: "USERS_READ" } }), ["USERS_READ"])
    assert.deepStrictEqual(scopes({ error: { code: "X", param: "users" } }), [])
  })
  it("from the prose of the message only when nothing else names one, never the error code itself", () => {
    assert.deepStrictEqual(
      scopes({ error: { code: "API_KEY_INSUFFICIENT_SCOPE", message: "API_KEY_INSUFFICIENT_SCOPE: needs CALLS_READ and WEBHOOKS_READ_WRITE or BILLING" } }),
      ["CALLS_READ", "WEBHOOKS_READ_WRITE", "BILLING"]
    )
    assert.deepStrictEqual(scopes({ error: { code: "X", message: "needs CALLS_READ", param: "USERS_READ" } }), ["USERS_READ"])
    assert.deepStrictEqual(scopes({ error: { code: "X", message: "needs PARTNER access, not XCALLS_READX" } }), ["PARTNER"])
  })
  it("each scope once", () => {
    assert.deepStrictEqual(scopes({ code: "X", details: [{ message: "required=SMS_SEND" }, { message: "required=SMS_SEND" }] }), ["SMS_SEND"])
  })
})
