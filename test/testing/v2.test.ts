import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"
import { call, fixtures, shapeOf } from "./support.js"

const fakeWith = (seed: Parameters<typeof FakeWithallo.layer>[0]) => Effect.provide(FakeWithallo.layer(seed))
const ALLO = "+14155550100"

describe("v2 simple lists", () => {
  it.effect("me, numbers, users, tags, event types follow the fixtures' shapes", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const pairs: Array<[string, string]> = [
        ["/v2/api/me", "v2_me"],
        ["/v2/api/numbers", "v2_numbers_list"],
        ["/v2/api/users", "v2_users_list"],
        ["/v2/api/tags", "v2_tags_list"],
        ["/v2/api/webhooks/event_types", "v2_webhook_event_types"]
      ]
      for (const [path, name] of pairs) {
        const r = yield* call(fake, "GET", path)
        assert.strictEqual(r.status, 200, path)
        for (const key of shapeOf(fixtures[name].response.body)) assert.include(shapeOf(r.json), key, path)
      }
      const user = yield* call(fake, "GET", "/v2/api/users/usr-abc123")
      assert.strictEqual(user.json.data.email, "alex@acme.com")
      const missing = yield* call(fake, "GET", "/v2/api/users/usr-nope")
      assert.strictEqual(missing.status, 404)
      assert.strictEqual(missing.json.error.type, "not_found_error")
    }).pipe(fakeWith({})))
})

describe("GET /v2/api/conversations", () => {
  it.effect("pages 1-based with {data, pagination}", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const r = yield* call(fake, "GET", `/v2/api/conversations?allo_number=${encodeURIComponent(ALLO)}&size=5`)
      assert.strictEqual(r.status, 200)
      const p = r.json.pagination
      assert.deepStrictEqual(Object.keys(p).sort(), ["has_more", "page", "size", "total_count", "total_pages"])
      assert.strictEqual(p.page, 1)
      assert.strictEqual(p.total_pages, Math.ceil(p.total_count / 5))
      assert.isTrue(p.has_more)
      const last = yield* call(fake, "GET", `/v2/api/conversations?allo_number=${encodeURIComponent(ALLO)}&size=5&page=${p.total_pages}`)
      assert.isFalse(last.json.pagination.has_more)
      const numbers = r.json.data.map((c: any) => c.contact_number)
      assert.strictEqual(new Set(numbers).size, numbers.length)
      const dates = r.json.data.map((c: any) => c.last_activity)
      assert.deepStrictEqual([...dates].sort().reverse(), dates)
      assert.strictEqual(r.json.data[0].last_item.allo_number, ALLO)
      // last_activity_since keeps only newer conversations
      const since = r.json.data[2].last_activity
      const newer = yield* call(fake, "GET", `/v2/api/conversations?allo_number=${encodeURIComponent(ALLO)}&last_activity_since=${since}`)
      assert.strictEqual(newer.json.pagination.total_count, 2)
    }).pipe(fakeWith({ calls: 400, contacts: 30, messages: 20 })))

  it.effect("requires allo_number, accepts only extend=transcript, bounds size", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const missing = yield* call(fake, "GET", "/v2/api/conversations")
      assert.strictEqual(missing.status, 400)
      assert.strictEqual(missing.json.error.code, "MISSING_ALLO_NUMBER")
      const extend = yield* call(fake, "GET", `/v2/api/conversations?allo_number=${encodeURIComponent(ALLO)}&extend=activity`)
      assert.strictEqual(extend.status, 400)
      assert.deepStrictEqual(shapeOf(extend.json).sort(), shapeOf(fixtures.v2_error_400_unsupported_extend.response.body).concat("error.doc_url").sort())
      assert.strictEqual(extend.json.error.code, "UNSUPPORTED_EXTEND_VALUE")
      assert.match(extend.json.error.request_id, /^req_[A-Za-z0-9]{12}$/)
      for (const size of ["0", "101", "x"]) {
        const r = yield* call(fake, "GET", `/v2/api/conversations?allo_number=${encodeURIComponent(ALLO)}&size=${size}`)
        assert.strictEqual(r.json.error.code, "INVALID_PAGE_SIZE")
      }
      const page0 = yield* call(fake, "GET", `/v2/api/conversations?allo_number=${encodeURIComponent(ALLO)}&page=0`)
      assert.strictEqual(page0.status, 400)
    }).pipe(fakeWith({ calls: 10 })))
})

describe("v2 conversation items", () => {
  it.effect("search filters in the body, accepting documented and live enum spellings", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const search = (body: unknown) => call(fake, "POST", "/v2/api/conversations/items/search", { body })
      const all = yield* search({ size: 100 })
      assert.strictEqual(all.json.pagination.total_count, 250)
      const smsDoc = yield* search({ type: "SMS" })
      const smsLive = yield* search({ type: "TEXT_MESSAGE" })
      assert.strictEqual(smsDoc.json.pagination.total_count, 50)
      assert.strictEqual(smsLive.json.pagination.total_count, 50)
      const asc = yield* search({ type: "CALL", sort: "DATE_ASC", size: 3 })
      const oldest = yield* search({ type: "CALL", sort: "OLDEST", size: 3 })
      assert.deepStrictEqual(asc.json.data, oldest.json.data)
      assert.isTrue(asc.json.data[0].date < asc.json.data[1].date)
      const answered = yield* search({ type: "CALL", result: "ANSWERED", direction: "INBOUND", size: 100 })
      for (const item of answered.json.data) assert.deepInclude(item, { result: "ANSWERED", direction: "INBOUND", type: "CALL" })
      const missed = yield* search({ result: "MISSED" })
      assert.strictEqual(missed.status, 200)
      const words = yield* search({ search: "invoice", size: 100 })
      assert.isAbove(words.json.pagination.total_count, 0)
      assert.strictEqual((yield* search({ type: "FAX" })).status, 400)
      assert.strictEqual((yield* search({ search: "!!!" })).json.error.code, "INVALID_SEARCH_QUERY")
      assert.strictEqual((yield* search({ date: { from: "2026-02-01", to: "2026-01-01" } })).json.error.code, "INVALID_DATE_RANGE")
      const dated = yield* search({ date: { from: "2025-12-31", to: "2025-12-31" }, size: 100 })
      for (const item of dated.json.data) assert.match(item.date, /^2025-12-31/)
    }).pipe(fakeWith({ calls: 200, contacts: 10, messages: 50 })))

  it.effect("gets items by cll-/msg- id, batches up to 100, rejects other prefixes", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const search = yield* call(fake, "POST", "/v2/api/conversations/items/search", { body: { size: 50 } })
      const callItem = search.json.data.find((i: any) => i.type === "CALL" && i.result === "ANSWERED")
      const smsItem = search.json.data.find((i: any) => i.type === "SMS" && i.user !== null)
      const got = yield* call(fake, "GET", `/v2/api/conversations/items/${callItem.id}?extend=transcript`)
      assert.isArray(got.json.data.transcript)
      for (const key of shapeOf(fixtures.v2_item_get_call_with_transcript.response.body)) {
        if (!key.includes("deals") && !key.includes("company")) assert.include(shapeOf(got.json), key)
      }
      const sms = yield* call(fake, "GET", `/v2/api/conversations/items/${smsItem.id}`)
      assert.deepStrictEqual(shapeOf(sms.json).filter((k) => !k.startsWith("data.contacts")), shapeOf(fixtures.v2_item_get_sms.response.body).filter((k) => !k.startsWith("data.contacts")))
      const bad = yield* call(fake, "GET", "/v2/api/conversations/items/call_123")
      assert.strictEqual(bad.json.error.code, "INVALID_ITEM_ID")
      const none = yield* call(fake, "GET", "/v2/api/conversations/items/cll-doesnotexist")
      assert.strictEqual(none.status, 404)
      assert.strictEqual(none.json.error.code, "CONVERSATION_ITEM_NOT_FOUND")
      const batch = yield* call(fake, "POST", "/v2/api/conversations/items/batch", { body: { ids: [callItem.id, "cll-unknown", smsItem.id] } })
      assert.deepStrictEqual(batch.json.data.map((i: any) => i.id), [callItem.id, smsItem.id])
      const tooMany = yield* call(fake, "POST", "/v2/api/conversations/items/batch", { body: { ids: Array.from({ length: 101 }, (_, i) => `cll-${i}`) } })
      assert.strictEqual(tooMany.json.error.code, "BATCH_TOO_LARGE")
      // the same call on v1 and v2
      const v1Id = callItem.id.replace("cll-", "call_")
      const v1 = yield* call(fake, "GET", `/v1/api/calls?allo_number=${encodeURIComponent(callItem.allo_number)}&size=100`)
      assert.ok(v1.json.data.results.some((c: any) => c.id === v1Id))
    }).pipe(fakeWith({ calls: 60, contacts: 5, messages: 20 })))

  it.effect("tags, summary and read actions write through to the items", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const search = yield* call(fake, "POST", "/v2/api/conversations/items/search", { body: { type: "CALL", result: "ANSWERED", size: 1 } })
      const item = search.json.data[0]
      const id = item.id
      const tag = item.tags.includes("qualified") ? "follow_up" : "qualified"
      const added = yield* call(fake, "POST", `/v2/api/conversations/items/${id}/tags`, { body: { tags: [tag] } })
      assert.strictEqual(added.status, 200)
      assert.include((yield* call(fake, "GET", `/v2/api/conversations/items/${id}`)).json.data.tags, tag)
      assert.strictEqual((yield* call(fake, "POST", `/v2/api/conversations/items/${id}/tags`, { body: { tags: [tag] } })).status, 409)
      assert.strictEqual((yield* call(fake, "POST", `/v2/api/conversations/items/${id}/tags`, { body: { tags: [] } })).json.error.code, "TAGS_REQUIRED")
      assert.strictEqual((yield* call(fake, "DELETE", `/v2/api/conversations/items/${id}/tags/${tag}`)).status, 200)
      assert.strictEqual((yield* call(fake, "DELETE", `/v2/api/conversations/items/${id}/tags/${tag}`)).json.error.code, "TAG_NOT_FOUND")

      const s1 = yield* call(fake, "PATCH", `/v2/api/conversations/items/${id}/summary`, { body: { content: "# New" } })
      const s2 = yield* call(fake, "PATCH", `/v2/api/conversations/items/${id}/summary`, { body: { content: "# Newer" } })
      assert.strictEqual(s2.json.data.version, s1.json.data.version + 1)
      for (const key of shapeOf(fixtures.v2_update_call_summary.response.body)) assert.include(shapeOf(s2.json), key)
      assert.strictEqual((yield* call(fake, "GET", `/v2/api/conversations/items/${id}`)).json.data.summary, "# Newer")

      const number = encodeURIComponent(item.contact_number)
      const unread = yield* call(fake, "PUT", `/v2/api/conversations/${number}/action`, { body: { action: "UNREAD" } })
      assert.strictEqual(unread.status, 200)
      const list = yield* call(fake, "GET", `/v2/api/conversations?allo_number=${encodeURIComponent(item.allo_number)}&unread=true`)
      assert.deepStrictEqual(list.json.data.map((c: any) => c.contact_number), [item.contact_number])
      assert.strictEqual((yield* call(fake, "PUT", `/v2/api/conversations/${number}/action`, { body: { action: "DELETE" } })).json.error.code, "INVALID_ACTION")
    }).pipe(fakeWith({ calls: 100, contacts: 10 })))
})

describe("v2 webhooks", () => {
  it.effect("create returns 201 with a whsec_ secret, list hides it, update and delete (204)", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const created = yield* call(fake, "POST", "/v2/api/webhooks", { body: fixtures.v2_webhook_create.request.body })
      assert.strictEqual(created.status, 201)
      assert.match(created.json.data.signing_secret, /^whsec_[A-Za-z0-9+/=]+$/)
      assert.deepStrictEqual(shapeOf(created.json).sort(), shapeOf(fixtures.v2_webhook_create.response.body).sort())
      const id = created.json.data.id
      const list = yield* call(fake, "GET", "/v2/api/webhooks")
      assert.deepStrictEqual(shapeOf(list.json).sort(), shapeOf(fixtures.v2_webhooks_list.response.body).sort())
      assert.property((yield* call(fake, "GET", `/v2/api/webhooks/${id}`)).json.data, "signing_secret")
      const updated = yield* call(fake, "PUT", `/v2/api/webhooks/${id}`, { body: fixtures.v2_webhook_update.request.body })
      assert.deepInclude(updated.json.data, { topics: ["call.received", "call.completed"], enabled: false })
      const badTopic = yield* call(fake, "POST", "/v2/api/webhooks", { body: { url: "https://e.com", topics: ["CALL_RECEIVED"] } })
      assert.strictEqual(badTopic.json.error.code, "INVALID_EVENT_TYPE")
      const deleted = yield* call(fake, "DELETE", `/v2/api/webhooks/${id}`)
      assert.deepStrictEqual([deleted.status, deleted.text], [204, undefined])
      assert.strictEqual((yield* call(fake, "DELETE", `/v2/api/webhooks/${id}`)).status, 404)
    }).pipe(fakeWith({})))
})
