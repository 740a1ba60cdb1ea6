import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"
import { call, fixtures, shapeOf } from "./support.js"

const fakeWith = (seed: Parameters<typeof FakeWithallo.layer>[0]) => Effect.provide(FakeWithallo.layer(seed))
const ALLO = "+14155550100"
const calls = (query: string) => `/v1/api/calls?allo_number=${encodeURIComponent(ALLO)}${query}`

describe("GET /v1/api/calls", () => {
  it.effect("pages 0-based with flat metadata, newest first", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const first = yield* call(fake, "GET", calls("&size=25"))
      assert.strictEqual(first.status, 200)
      assert.deepStrictEqual(Object.keys(first.json.data.metadata).sort(), ["current_page", "total_pages"])
      assert.strictEqual(first.json.data.metadata.current_page, 0)
      const total = first.json.data.metadata.total_pages
      const last = yield* call(fake, "GET", calls(`&size=25&page=${total - 1}`))
      assert.isAbove(last.json.data.results.length, 0)
      const beyond = yield* call(fake, "GET", calls(`&size=25&page=${total}`))
      assert.deepStrictEqual(beyond.json.data.results, [])
      const dates: Array<string> = first.json.data.results.map((c: any) => c.start_date)
      assert.deepStrictEqual([...dates].sort().reverse(), dates)
      for (const c of first.json.data.results) {
        assert.match(c.id, /^call_/)
        assert.ok(c.from_number === ALLO || c.to_number === ALLO)
      }
      // default size 10
      const dflt = yield* call(fake, "GET", calls(""))
      assert.strictEqual(dflt.json.data.results.length, 10)
    }).pipe(fakeWith({ calls: 300, contacts: 20 })))

  it.effect("matches the fixture's shape", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const r = yield* call(fake, "GET", calls("&size=50"))
      const answered = r.json.data.results.find((c: any) => c.transcript !== null)
      const expected = fixtures.v1_calls_search.response.body.data.results[0]
      for (const key of shapeOf(expected)) assert.include(shapeOf(answered), key)
    }).pipe(fakeWith({ calls: 200 })))

  it.effect("filters by contact_number and requires allo_number", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const contact = (yield* fake.state).contacts[0]!.numbers[0]!
      const r = yield* call(fake, "GET", calls(`&size=100&contact_number=${encodeURIComponent(contact)}`))
      assert.isAbove(r.json.data.results.length, 0)
      for (const c of r.json.data.results) assert.ok(c.from_number === contact || c.to_number === contact)
      const missing = yield* call(fake, "GET", "/v1/api/calls")
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(missing.json.code, "INVALID_REQUEST_BODY")
      assert.deepStrictEqual(missing.json.details, [{ message: "allo_number is required", field: "allo_number" }])
    }).pipe(fakeWith({ calls: 500, contacts: 3 })))

  it.effect("rejects size outside 1..100 and negative pages with 400", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      for (const q of ["&size=0", "&size=101", "&size=abc", "&page=-1"]) {
        const r = yield* call(fake, "GET", calls(q))
        assert.strictEqual(r.status, 400, q)
        assert.property(r.json, "code")
      }
      assert.strictEqual((yield* call(fake, "GET", calls("&size=100"))).status, 200)
      assert.strictEqual((yield* call(fake, "GET", calls("&size=1"))).status, 200)
    }).pipe(fakeWith({ calls: 10 })))
})

describe("v1 contacts", () => {
  it.effect("lists with nested metadata.pagination, creates (200), updates and gets", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const list = yield* call(fake, "GET", "/v1/api/contacts?size=5&page=1")
      assert.deepStrictEqual(list.json.data.metadata, { pagination: { total_pages: 3, current_page: 1 } })
      assert.strictEqual(list.json.data.results.length, 5)
      for (const key of shapeOf(fixtures.v1_contacts_list.response.body.data.results[0])) {
        assert.include(shapeOf(list.json.data.results.find((c: any) => c.company !== null)), key)
      }

      const created = yield* call(fake, "POST", "/v1/api/contacts", { body: fixtures.v1_contact_create.request.body })
      assert.strictEqual(created.status, 200)
      assert.match(created.json.data.id, /^cnt_/)
      assert.deepStrictEqual(created.json.data.numbers, ["+15551234567"])
      const id = created.json.data.id

      const updated = yield* call(fake, "PUT", `/v1/api/contacts/${id}`, { body: { last_name: "Smith", emails: ["a@b.c"] } })
      assert.strictEqual(updated.status, 200)
      assert.strictEqual(updated.json.data.last_name, "Smith")
      assert.strictEqual(updated.json.data.name, "John")

      const got = yield* call(fake, "GET", `/v1/api/contact/${id}?extend=engagement,activity`)
      assert.strictEqual(got.status, 200)
      assert.deepStrictEqual(got.json.data.emails, ["a@b.c"])
      assert.isArray(got.json.data.activity)
      assert.strictEqual(got.json.data.conversation_url, `/v1/api/contact/${id}/conversation`)
      const plain = yield* call(fake, "GET", `/v1/api/contact/${id}`)
      assert.isNull(plain.json.data.activity)

      const invalid = yield* call(fake, "POST", "/v1/api/contacts", { body: { name: "x" } })
      assert.strictEqual(invalid.status, 400)
      assert.strictEqual(invalid.json.details[0].field, "numbers")
    }).pipe(fakeWith({ contacts: 12 })))

  it.effect("answers CONTACT_NOT_FOUND as 400 in the v1 body, like the fixture", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const expected = fixtures.v1_error_400_contact_not_found.response
      for (const [method, path] of [["GET", "/v1/api/contact/cnt_nope"], ["GET", "/v1/api/contact/cnt_nope/conversation"], ["PUT", "/v1/api/contacts/cnt_nope"]] as const) {
        const r = yield* call(fake, method, path, method === "PUT" ? { body: { name: "x" } } : {})
        assert.strictEqual(r.status, expected.status)
        assert.deepStrictEqual(r.json, expected.body)
      }
    }).pipe(fakeWith({})))

  it.effect("contact conversation mixes calls and texts with nested pagination and allo_number filter", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const contact = (yield* fake.state).contacts[0]!
      yield* call(fake, "POST", "/v1/api/sms", { body: { from: ALLO, to: contact.numbers[0], message: "hello there" } })
      const r = yield* call(fake, "GET", `/v1/api/contact/${contact.id}/conversation?size=100`)
      assert.strictEqual(r.status, 200)
      assert.property(r.json.data.metadata, "pagination")
      const types = new Set(r.json.data.results.map((e: any) => e.type))
      assert.isTrue(types.has("CALL") && types.has("TEXT_MESSAGE"))
      const sms = r.json.data.results.find((e: any) => e.type === "TEXT_MESSAGE" && e.message.content === "hello there")
      assert.deepStrictEqual(sms.message.from_number, ALLO)
      assert.isNull(sms.call)
      const filtered = yield* call(fake, "GET", `/v1/api/contact/${contact.id}/conversation?size=100&allo_number=%2B33612345678`)
      for (const e of filtered.json.data.results) {
        if (e.type === "CALL") assert.ok(e.call.from_number === "+33612345678" || e.call.to_number === "+33612345678")
      }
    }).pipe(fakeWith({ contacts: 2, calls: 200 })))
})

describe("POST /v1/api/sms", () => {
  it.effect("sends the US and France flavours and records each once", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const us = yield* call(fake, "POST", "/v1/api/sms", { body: { from: ALLO, to: "+14155551234", message: "Hi" } })
      assert.strictEqual(us.status, 200)
      assert.deepInclude(us.json.data, { from_number: ALLO, sender_id: null, to_number: "+14155551234", type: "OUTBOUND", content: "Hi" })
      const fr = yield* call(fake, "POST", "/v1/api/sms", { body: { sender_id: "AcmeCorp", to: "+33612345679", message: "Bonjour" } })
      assert.strictEqual(fr.status, 200)
      assert.deepInclude(fr.json.data, { from_number: null, sender_id: "AcmeCorp" })
      for (const key of shapeOf(fixtures.v1_sms_send_us.response.body)) assert.include(shapeOf(us.json), key)
      assert.strictEqual((yield* fake.sentSms).length, 2)
    }).pipe(fakeWith({})))

  it.effect("answers the documented 400 codes in the v1 body", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const cases: Array<[unknown, string]> = [
        [{ from: "+19999999999", to: "+14155551234", message: "x" }, "FROM_NUMBER_NOT_FOUND"],
        [{ sender_id: "Nope", to: "+33612345679", message: "x" }, "INVALID_SENDER_ID"],
        [{ from: ALLO, to: "12", message: "x" }, "INVALID_TO_NUMBER"],
        [{ from: ALLO, to: "+33612345679", message: "x" }, "TO_NUMBER_COUNTRY_MISMATCH"],
        [{ from: ALLO, to: "+14155551234", message: "" }, "INVALID_LENGTH"],
        [{ from: ALLO, to: "+14155551234", message: "x".repeat(1001) }, "INVALID_LENGTH"]
      ]
      for (const [body, code] of cases) {
        const r = yield* call(fake, "POST", "/v1/api/sms", { body })
        assert.strictEqual(r.status, 400, code)
        assert.deepStrictEqual(r.json, { code, details: null })
      }
      assert.deepStrictEqual(
        (yield* call(fake, "POST", "/v1/api/sms", { body: { from: "+19999999999", to: "+14155551234", message: "x" } })).json,
        fixtures.v1_error_400_sms_from_number_not_found.response.body
      )
      assert.strictEqual((yield* fake.sentSms).length, 0)
    }).pipe(fakeWith({})))

  it.effect("raises SMS_SENT to a matching v1 webhook and sms.sent to a v2 endpoint, signed", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const hook = yield* call(fake, "POST", "/v1/api/webhooks", {
        body: { allo_number: ALLO, url: "https://example.com/hook", topics: ["SMS_SENT"] }
      })
      assert.strictEqual(hook.status, 201)
      assert.strictEqual(hook.json.data.alloNumber, ALLO)
      yield* call(fake, "POST", "/v1/api/webhooks", { body: { allo_number: "+33612345678", url: "https://example.com/other", topics: ["SMS_SENT"] } })
      const ep = yield* call(fake, "POST", "/v2/api/webhooks", { body: { url: "https://example.com/v2", topics: ["sms.sent"] } })
      yield* call(fake, "POST", "/v1/api/sms", { body: { from: ALLO, to: "+14155551234", message: "Hi" } })
      const deliveries = yield* fake.webhookDeliveries
      assert.deepStrictEqual(deliveries.map((d) => [d.version, d.url, d.topic]), [
        ["v1", "https://example.com/hook", "SMS_SENT"],
        ["v2", "https://example.com/v2", "sms.sent"]
      ])
      const v2 = deliveries[1]!
      assert.strictEqual(JSON.parse(v2.body).version, "2.0")
      const secret = ep.json.data.signing_secret.replace("whsec_", "")
      const key = yield* Effect.promise(() =>
        crypto.subtle.importKey("raw", Buffer.from(secret, "base64"), { name: "HMAC", hash: "SHA-256" }, false, ["sign"])
      )
      const mac = yield* Effect.promise(() =>
        crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${v2.headers["webhook-id"]}.${v2.headers["webhook-timestamp"]}.${v2.body}`))
      )
      assert.strictEqual(v2.headers["webhook-signature"], `v1,${Buffer.from(mac).toString("base64")}`)
      assert.strictEqual((yield* fake.takeWebhookDeliveries).length, 2)
      assert.strictEqual((yield* fake.webhookDeliveries).length, 0)
    }).pipe(fakeWith({})))
})

describe("v1 numbers and webhooks", () => {
  it.effect("lists numbers in the v1 shape (no sender ids)", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const r = yield* call(fake, "GET", "/v1/api/numbers")
      assert.deepStrictEqual(shapeOf(r.json), shapeOf(fixtures.v1_numbers_list.response.body))
      assert.isTrue(r.json.data.every((n: any) => n.number !== null))
    }).pipe(fakeWith({})))

  it.effect("lists, creates and deletes legacy webhooks; unknown id is 404 {error}", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const created = yield* call(fake, "POST", "/v1/api/webhooks", { body: fixtures.v1_webhook_create_legacy.request.body })
      assert.deepStrictEqual(shapeOf(created.json), shapeOf(fixtures.v1_webhook_create_legacy.response.body))
      const list = yield* call(fake, "GET", "/v1/api/webhooks")
      assert.strictEqual(list.json.data[0].allo_number, "+1234567890")
      const bad = yield* call(fake, "POST", "/v1/api/webhooks", { body: { allo_number: "+1234567890", url: "https://x.y", topics: ["call.received"] } })
      assert.strictEqual(bad.status, 400)
      assert.strictEqual((yield* call(fake, "DELETE", `/v1/api/webhooks/${created.json.data.id}`)).status, 204)
      const gone = yield* call(fake, "DELETE", "/v1/api/webhooks/web-unknown")
      assert.deepStrictEqual([gone.status, gone.json], [404, fixtures.v1_webhook_delete_not_found_legacy.response.body])
    }).pipe(fakeWith({})))
})
