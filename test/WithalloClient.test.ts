import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Layer, Logger, References, Schema } from "effect"
import { TestClock } from "effect/testing"
import fixtures from "./fixtures/withallo-examples.json" with { type: "json" }
import { WithalloClient } from "../src/WithalloClient.js"
import { VERSION } from "../src/internal/version.js"
import pkg from "../package.json" with { type: "json" }
import { makeStub, type Script, TEST_KEY } from "./support/stub.js"

const Numbers = Schema.Struct({ data: Schema.Array(Schema.Struct({ number: Schema.String })) })
const ok: Script = { status: 200, body: { data: [{ number: "+14155550100" }] } }

const get = WithalloClient.use((c) =>
  c.request({ operation: "PhoneNumbers.list", method: "GET", path: "/v1/api/numbers", response: Numbers })
)
const post = (idempotencyKey?: string) =>
  WithalloClient.use((c) =>
    c.request({
      operation: "Sms.send",
      method: "POST",
      path: "/v1/api/sms",
      body: { from: "+1", to: "+2", message: "hi" },
      idempotencyKey,
      response: Schema.Unknown
    })
  )

/** Runs `effect` in a forked fiber so the test can move the TestClock. */
const forked = <A, E, LE>(effect: Effect.Effect<A, E, WithalloClient>, layer: Layer.Layer<WithalloClient, LE>) =>
  Effect.forkChild(Effect.provide(effect, layer))

describe("WithalloClient.request", () => {
  it.effect("sends auth, accept, user agent and JSON to the versioned path", () =>
    Effect.gen(function*() {
      const stub = makeStub([ok, { status: 200, body: {} }])
      yield* get.pipe(Effect.provide(stub.layer({ baseUrl: "https://allo.test/" })))
      const [req] = stub.sent
      assert.strictEqual(req?.url.toString(), "https://allo.test/v1/api/numbers")
      assert.strictEqual(req?.headers["authorization"], `Api-Key ${TEST_KEY}`)
      assert.strictEqual(req?.headers["accept"], "application/json")
      assert.match(req?.headers["user-agent"] ?? "", /^effect-withallo\/0\.1\.0 effect\/4\.\S+ node\/22\./)
      yield* post().pipe(Effect.provide(stub.layer({ authScheme: "raw", userAgent: "my-app/2" })))
      const sms = stub.sent[1]
      assert.strictEqual(sms?.headers["authorization"], TEST_KEY)
      assert.strictEqual(sms?.headers["content-type"], "application/json")
      assert.deepStrictEqual(JSON.parse(sms?.body ?? ""), { from: "+1", to: "+2", message: "hi" })
      assert.match(sms?.headers["user-agent"] ?? "", / my-app\/2$/)
    }))

  it("keeps VERSION equal to package.json", () => {
    assert.strictEqual(VERSION, pkg.version)
  })
})

describe("errors", () => {
  const cases: ReadonlyArray<[string, string, Record<string, unknown>]> = [
    ["v1 401", "AuthenticationError", { status: 401, code: "API_KEY_INVALID" }],
    ["v1 403", "ForbiddenError", { status: 403, code: "API_KEY_INSUFFICIENT_SCOPE", requiredScopes: ["CONTACTS_READ"] }],
    ["v1 429 quota", "RateLimitError", { status: 429, code: "API_KEY_QUOTA_EXCEEDED", quotaExceeded: true }],
    ["v1 400 not found", "NotFoundError", { status: 400, code: "CONTACT_NOT_FOUND" }],
    ["v1 400 from number", "NotFoundError", { status: 400, code: "FROM_NUMBER_NOT_FOUND" }],
    ["v1 400 sender id", "ValidationError", { status: 400, code: "INVALID_SENDER_ID" }],
    ["v2 401", "AuthenticationError", { status: 401, code: "API_KEY_INVALID", requestId: "req_a1b2c3d4e5f6" }],
    ["v2 403", "ForbiddenError", { status: 403, code: "API_KEY_INSUFFICIENT_SCOPE" }],
    ["v2 404", "NotFoundError", { status: 404, code: "CONVERSATION_ITEM_NOT_FOUND" }],
    ["v2 400 errors", "ValidationError", { status: 400 }],
    ["v2 400 extend", "ValidationError", { status: 400, code: "UNSUPPORTED_EXTEND_VALUE" }]
  ]
  const fixtureFor: Record<string, keyof typeof fixtures> = {
    "v1 401": "v1_error_401_api_key_invalid",
    "v1 403": "v1_error_403_insufficient_scope",
    "v1 429 quota": "v1_error_429_daily_quota",
    "v1 400 not found": "v1_error_400_contact_not_found",
    "v1 400 from number": "v1_error_400_sms_from_number_not_found",
    "v1 400 sender id": "v1_error_400_sms_invalid_sender_id",
    "v2 401": "v2_error_401_api_key_invalid",
    "v2 403": "v2_error_403_insufficient_scope",
    "v2 404": "v2_error_404_conversation_item_not_found",
    "v2 400 errors": "v2_error_400_validation_with_errors_array",
    "v2 400 extend": "v2_error_400_unsupported_extend"
  }
  for (const [name, tag, fields] of cases) {
    it.effect(`maps the ${name} fixture to ${tag}`, () =>
      Effect.gen(function*() {
        const fixture = fixtures[fixtureFor[name]!] as { response: { status: number; body: unknown } }
        const stub = makeStub([{ status: fixture.response.status, body: fixture.response.body as object }])
        const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer({ maxRetries: 0 }))))
        assert.strictEqual(error._tag, tag)
        for (const [k, v] of Object.entries(fields)) assert.deepStrictEqual((error as never)[k], v, k)
        assert.match(error.message, /^PhoneNumbers\.list: /)
        assert.strictEqual(stub.sent.length, 1)
      }))
  }

  it.effect("v2 validation errors keep field, code and param", () =>
    Effect.gen(function*() {
      const stub = makeStub([{
        status: 400,
        body: { error: { type: "validation_error", code: "INVALID_PAGE_SIZE", message: "size must be 1-100", param: "size", retryable: false } }
      }])
      const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer())))
      assert.strictEqual(error._tag, "ValidationError")
      if (error._tag !== "ValidationError") return
      assert.deepStrictEqual(error.errors, [{ message: "size must be 1-100", field: "size", code: "INVALID_PAGE_SIZE" }])
    }))

  it.effect("v2 403 names the missing scope found in the message", () =>
    Effect.gen(function*() {
      const stub = makeStub([{
        status: 403,
        body: { error: { type: "permission_error", code: "API_KEY_INSUFFICIENT_SCOPE", message: "This API key is missing the required scope: USERS_READ", retryable: false } }
      }])
      const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer())))
      assert.strictEqual(error._tag, "ForbiddenError")
      if (error._tag === "ForbiddenError") assert.deepStrictEqual(error.requiredScopes, ["USERS_READ"])
    }))

  for (const [status, tag] of [[404, "NotFoundError"], [405, "ValidationError"], [409, "ConflictError"], [415, "ValidationError"], [422, "ValidationError"], [418, "ServerError"]] as const) {
    it.effect(`maps ${status} to ${tag}`, () =>
      Effect.gen(function*() {
        const stub = makeStub([{ status, body: { error: { type: "x", code: "SOME_CODE", message: "m", request_id: "req_000000000001" } } }])
        const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer())))
        assert.strictEqual(error._tag, tag)
        assert.strictEqual((error as { requestId?: string }).requestId, "req_000000000001")
      }))
  }

  it.effect("an HTML 502 is a ServerError with the request id from the header", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 502, body: "<html><body>Bad gateway</body></html>", headers: { "content-type": "text/html", "x-request-id": "req_hdr" } }])
      const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer({ maxRetries: 0 }))))
      assert.strictEqual(error._tag, "ServerError")
      assert.strictEqual((error as { status?: number }).status, 502)
      assert.strictEqual((error as { requestId?: string }).requestId, "req_hdr")
      assert.strictEqual(error.message, "PhoneNumbers.list: HTTP 502 non-JSON response body")
    }))

  it.effect("a 2xx with a wrong body is a ResponseDecodeError naming the field", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 200, body: { data: [{ number: 42 }] } }])
      const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer())))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      assert.include(error.message, "number")
      assert.include(error.message, "PhoneNumbers.list")
    }))

  it.effect("a 2xx that is not JSON is a ResponseDecodeError", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 200, body: "not json" }])
      const error = yield* Effect.flip(get.pipe(Effect.provide(stub.layer())))
      assert.strictEqual(error._tag, "ResponseDecodeError")
    }))

  it.effect("the API key appears in no error message, String(), JSON or log line", () =>
    Effect.gen(function*() {
      const logs: Array<string> = []
      const logger = Logger.make((options) => {
        logs.push(`${String(options.message)} ${JSON.stringify(options.fiber.getRef(References.CurrentLogAnnotations))}`)
      })
      const fixture = fixtures.v1_error_401_api_key_invalid.response
      const stub = makeStub(["drop", "drop", { status: 503 }, { status: 401, body: fixture.body }])
      const fiber = yield* forked(
        get.pipe(
          Effect.flip,
          Effect.provideService(References.MinimumLogLevel, "Debug"),
          Effect.provide(Logger.layer([logger]))
        ),
        stub.layer()
      )
      yield* TestClock.adjust(Duration.minutes(1))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "AuthenticationError")
      assert.strictEqual(logs.length, 3, "one debug line per retry")
      assert.include(logs[2], "503")
      for (const text of [error.message, String(error), JSON.stringify(error), ...logs]) {
        assert.notInclude(text, TEST_KEY)
      }
    }))
})
