import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"
import { call, fixtures, shapeOf } from "./support.js"

const fakeWith = (seed: Parameters<typeof FakeWithallo.layer>[0]) => Effect.provide(FakeWithallo.layer(seed))
const CALLS = "/v1/api/calls?allo_number=%2B14155550100"

describe("authentication", () => {
  it.effect("accepts `Api-Key <key>` and the raw key", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      assert.strictEqual((yield* call(fake, "GET", CALLS, { auth: "Api-Key ak_test_fake" })).status, 200)
      assert.strictEqual((yield* call(fake, "GET", CALLS, { auth: "ak_test_fake" })).status, 200)
      assert.strictEqual((yield* call(fake, "GET", "/v2/api/me", { auth: "ak_test_fake" })).status, 200)
    }).pipe(fakeWith({})))

  it.effect("answers 401 API_KEY_INVALID (v1 body) for unknown key, no header and Bearer", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      for (const auth of ["Api-Key nope", null, "Bearer ak_test_fake", ""]) {
        const r = yield* call(fake, "GET", CALLS, { auth })
        assert.strictEqual(r.status, 401)
        assert.deepStrictEqual(r.json, fixtures.v1_error_401_api_key_invalid.response.body)
      }
    }).pipe(fakeWith({})))

  it.effect("answers 401 in the v2 body on v2 paths", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const unknown = yield* call(fake, "GET", "/v2/api/me", { auth: "Api-Key nope" })
      assert.strictEqual(unknown.status, 401)
      assert.deepStrictEqual(shapeOf(unknown.json).sort(), shapeOf(fixtures.v2_error_401_api_key_invalid.response.body).sort())
      assert.deepInclude(unknown.json.error, { type: "authentication_error", code: "API_KEY_INVALID", retryable: false })
      for (const auth of [null, "Bearer ak_test_fake"]) {
        const r = yield* call(fake, "GET", "/v2/api/me", { auth })
        assert.strictEqual(r.status, 401)
        assert.strictEqual(r.json.error.type, "authentication_error")
      }
    }).pipe(fakeWith({})))
})

describe("scopes", () => {
  it.effect("403 names the missing scope: v1 details required=SCOPE, v2 message", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.registerKey("ak_narrow", ["CONVERSATIONS_READ"])
      const auth = "Api-Key ak_narrow"
      assert.strictEqual((yield* call(fake, "GET", CALLS, { auth })).status, 200)
      const v1 = yield* call(fake, "GET", "/v1/api/contacts", { auth })
      assert.strictEqual(v1.status, 403)
      assert.deepStrictEqual(v1.json, fixtures.v1_error_403_insufficient_scope.response.body)
      const sms = yield* call(fake, "POST", "/v1/api/sms", { auth, body: { from: "+14155550100", to: "+14155551234", message: "x" } })
      assert.deepStrictEqual(sms.json.details, [{ message: "required=SMS_SEND", field: "scope" }])
      const v2 = yield* call(fake, "GET", "/v2/api/users", { auth })
      assert.strictEqual(v2.status, 403)
      assert.deepInclude(v2.json.error, { type: "permission_error", code: "API_KEY_INSUFFICIENT_SCOPE" })
      assert.include(v2.json.error.message, "USERS_READ")
      const me = yield* call(fake, "GET", "/v2/api/me", { auth })
      assert.deepStrictEqual(me.json.data.scopes, ["CONVERSATIONS_READ"])
      assert.isTrue(me.json.data.endpoints.every((e: any) => e.scope === "CONVERSATIONS_READ"))
      assert.strictEqual((yield* fake.sentSms).length, 0)
    }).pipe(fakeWith({ calls: 5 })))

  it.effect("keys from the seed are accepted", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      assert.strictEqual((yield* call(fake, "GET", "/v2/api/tags", { auth: "ak_seeded" })).status, 200)
      assert.strictEqual((yield* call(fake, "GET", "/v2/api/users", { auth: "ak_seeded" })).status, 403)
    }).pipe(fakeWith({ apiKeys: [{ key: "ak_seeded", scopes: ["TAGS_READ"] }] })))
})

describe("request ids and routing", () => {
  it.effect("mints req_ + 12 alphanumerics, echoes X-Request-Id, in header and v2 error body", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const ok = yield* call(fake, "GET", CALLS)
      assert.match(ok.headers["x-request-id"]!, /^req_[A-Za-z0-9]{12}$/)
      const echoed = yield* call(fake, "GET", "/v2/api/users/usr-nope", { headers: { "X-Request-Id": "req_mine00000001" } })
      assert.strictEqual(echoed.headers["x-request-id"], "req_mine00000001")
      assert.strictEqual(echoed.json.error.request_id, "req_mine00000001")
    }).pipe(fakeWith({})))

  it.effect("unknown paths are 404, wrong methods 405, bad JSON 400, non-JSON media 415", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      assert.strictEqual((yield* call(fake, "GET", "/v2/api/nothing")).json.error.code, "NOT_FOUND")
      assert.strictEqual((yield* call(fake, "GET", "/v1/api/nothing")).json.code, "NOT_FOUND")
      assert.strictEqual((yield* call(fake, "DELETE", "/v2/api/tags")).status, 405)
      const badJson = yield* call(fake, "POST", "/v2/api/webhooks", { body: "{nope" })
      assert.deepStrictEqual([badJson.status, badJson.json.error.code], [400, "INVALID_REQUEST_BODY"])
      const form = yield* call(fake, "POST", "/v2/api/webhooks", { body: "a=b", headers: { "Content-Type": "application/x-www-form-urlencoded" } })
      assert.strictEqual(form.status, 415)
    }).pipe(fakeWith({})))

  it.effect("logs every request with Authorization redacted and the parsed body", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* TestClock.adjust(5000)
      yield* call(fake, "POST", "/v1/api/sms", { body: { from: "+14155550100", to: "+14155551234", message: "x" } })
      yield* call(fake, "GET", `${CALLS}&size=3`, { auth: "Api-Key wrong" })
      const log = yield* fake.requests
      assert.strictEqual(log.length, 2)
      assert.deepInclude(log[0]!, { method: "POST", path: "/v1/api/sms", status: 200, timeMillis: 5000 })
      assert.deepStrictEqual(log[0]!.body, { from: "+14155550100", to: "+14155551234", message: "x" })
      assert.strictEqual(log[0]!.headers["authorization"], "<redacted>")
      assert.deepStrictEqual(log[1]!.query, { allo_number: "+14155550100", size: "3" })
      assert.strictEqual(log[1]!.status, 401)
      assert.notInclude(JSON.stringify(log), "ak_test_fake")
    }).pipe(fakeWith({})))
})

describe("rate limits", () => {
  it.effect("the 21st GET in the same second is 429 with Retry-After and X-RateLimit-*; after a second it passes", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* TestClock.adjust(1_767_225_600_000)
      yield* fake.setRateLimit({ readsPerSecond: 20, writesPerSecond: 5 })
      for (let i = 0; i < 20; i++) {
        const r = yield* call(fake, "GET", CALLS)
        assert.strictEqual(r.status, 200)
        assert.strictEqual(r.headers["x-ratelimit-remaining"], String(19 - i))
        assert.strictEqual(r.headers["x-ratelimit-limit"], "20")
      }
      const limited = yield* call(fake, "GET", "/v2/api/tags")
      assert.strictEqual(limited.status, 429)
      assert.deepInclude(limited.headers, { "retry-after": "1", "x-ratelimit-limit": "20", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767225601" })
      assert.deepStrictEqual(shapeOf(limited.json).sort(), shapeOf(fixtures.v2_error_429_rate_limit.response.body).concat("error.doc_url").sort())
      assert.deepInclude(limited.json.error, { type: "rate_limit_error", code: "RATE_LIMIT_EXCEEDED", retryable: true, retry_after_seconds: 1 })
      // writes have their own bucket
      assert.strictEqual((yield* call(fake, "POST", "/v2/api/conversations/items/search", { body: {} })).status, 200)
      yield* TestClock.adjust(1000)
      assert.strictEqual((yield* call(fake, "GET", CALLS)).status, 200)
    }).pipe(fakeWith({ calls: 5 })))

  it.effect("a per-second 429 on a v1 path answers in the v1 body {code, details}, like an injected one", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.setRateLimit({ readsPerSecond: 1, writesPerSecond: 1 })
      assert.strictEqual((yield* call(fake, "GET", CALLS)).status, 200)
      const limited = yield* call(fake, "GET", CALLS)
      assert.strictEqual(limited.status, 429)
      assert.strictEqual(limited.headers["retry-after"], "1")
      assert.deepStrictEqual(limited.json, {
        code: "RATE_LIMIT_EXCEEDED",
        details: [{ message: "limit=1;type=SECOND;reset_in=1", field: "SECOND" }]
      })
      yield* fake.injectFault({ path: "/v1/api/numbers", fault: { _tag: "Status", status: 429 } })
      assert.deepStrictEqual(shapeOf((yield* call(fake, "GET", "/v1/api/numbers")).json).sort(), ["code", "details"])
    }).pipe(fakeWith({ calls: 5 })))

  it.effect("writes are limited at 5/s and limits are off by default", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      for (let i = 0; i < 30; i++) {
        const r = yield* call(fake, "GET", CALLS)
        assert.strictEqual(r.status, 200)
        assert.isUndefined(r.headers["x-ratelimit-limit"])
      }
      yield* fake.setRateLimit({ readsPerSecond: 20, writesPerSecond: 5 })
      const statuses: Array<number | string> = []
      for (let i = 0; i < 6; i++) statuses.push((yield* call(fake, "POST", "/v2/api/conversations/items/search", { body: {} })).status)
      assert.deepStrictEqual(statuses, [200, 200, 200, 200, 200, 429])
    }).pipe(fakeWith({ calls: 5 })))

  it.effect("the v1 daily quota answers 429 API_KEY_QUOTA_EXCEEDED in the v1 body", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.setDailyQuota(2)
      yield* call(fake, "GET", CALLS)
      yield* call(fake, "GET", CALLS)
      const r = yield* call(fake, "GET", CALLS)
      assert.strictEqual(r.status, 429)
      assert.strictEqual(r.json.code, "API_KEY_QUOTA_EXCEEDED")
      assert.deepStrictEqual(shapeOf(r.json), shapeOf(fixtures.v1_error_429_daily_quota.response.body))
      assert.match(r.json.details[0].message, /^limit=2;type=DAILY;reset_in=\d+$/)
      assert.strictEqual((yield* call(fake, "GET", "/v2/api/me")).status, 200)
      yield* TestClock.adjust(86_400_000)
      assert.strictEqual((yield* call(fake, "GET", CALLS)).status, 200)
    }).pipe(fakeWith({ calls: 5 })))
})

describe("idempotency", () => {
  it.effect("v2: replays a stored 2xx with Idempotency-Replayed, 409 on another endpoint", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const headers = { "Idempotency-Key": "k-1" }
      const body = { url: "https://example.com/h", topics: ["call.received"] }
      const first = yield* call(fake, "POST", "/v2/api/webhooks", { body, headers })
      const second = yield* call(fake, "POST", "/v2/api/webhooks", { body, headers })
      assert.strictEqual(second.status, 201)
      assert.strictEqual(second.headers["idempotency-replayed"], "true")
      assert.isUndefined(first.headers["idempotency-replayed"])
      assert.strictEqual(second.json.data.id, first.json.data.id)
      assert.strictEqual((yield* fake.state).webhookEndpoints.length, 1)
      const reuse = yield* call(fake, "PUT", `/v2/api/webhooks/${first.json.data.id}`, { body: { enabled: false }, headers })
      assert.deepStrictEqual([reuse.status, reuse.json.error.code, reuse.json.error.type], [409, "IDEMPOTENCY_KEY_REUSE", "conflict_error"])
      // a failed request does not consume its key
      const failed = yield* call(fake, "POST", "/v2/api/webhooks", { body: { url: "nope", topics: [] }, headers: { "Idempotency-Key": "k-2" } })
      assert.strictEqual(failed.status, 400)
      const retried = yield* call(fake, "POST", "/v2/api/webhooks", { body, headers: { "Idempotency-Key": "k-2" } })
      assert.strictEqual(retried.status, 201)
      // expires after an hour
      yield* TestClock.adjust(3_600_001)
      const fresh = yield* call(fake, "POST", "/v2/api/webhooks", { body, headers })
      assert.notStrictEqual(fresh.json.data.id, first.json.data.id)
    }).pipe(fakeWith({})))

  it.effect("v1 SMS with an Idempotency-Key is sent and recorded once (a leniency of the fake)", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const body = { from: "+14155550100", to: "+14155551234", message: "once" }
      const a = yield* call(fake, "POST", "/v1/api/sms", { body, headers: { "Idempotency-Key": "sms-1" } })
      const b = yield* call(fake, "POST", "/v1/api/sms", { body, headers: { "Idempotency-Key": "sms-1" } })
      assert.deepStrictEqual(b.json, a.json)
      assert.strictEqual(b.headers["idempotency-replayed"], "true")
      assert.strictEqual((yield* fake.sentSms).length, 1)
      yield* call(fake, "POST", "/v1/api/sms", { body })
      yield* call(fake, "POST", "/v1/api/sms", { body })
      assert.strictEqual((yield* fake.sentSms).length, 3)
    }).pipe(fakeWith({})))
})
