/**
 * The fake's CRM at the HTTP level: Allo's statuses and error bodies, scopes,
 * the seeds (default, generated, the CLI's demo seed), and the Node server.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { mockSeed } from "../../src/cli/mockServer.js"
import * as FakeServer from "../../src/node/FakeServer.js"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"
import { call } from "./support.js"

const fakeWith = (seed: Parameters<typeof FakeWithallo.layer>[0]) => Effect.provide(FakeWithallo.layer(seed))

describe("CRM statuses and error bodies", () => {
  it.effect("person create 200, company and deal create 201, deal delete 204 without a body", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const person = yield* call(fake, "POST", "/v2/api/crm/people", { body: { numbers: ["+14155550160"] } })
      const company = yield* call(fake, "POST", "/v2/api/crm/companies", { body: { name: "Hooli" } })
      const deal = yield* call(fake, "POST", "/v2/api/crm/deals", { body: { name: "Pilot", company_id: company.json.data.id } })
      const removed = yield* call(fake, "DELETE", `/v2/api/crm/deals/${deal.json.data.id}`)
      assert.deepStrictEqual([person.status, company.status, deal.status, removed.status], [200, 201, 201, 204])
      assert.strictEqual(removed.text, undefined)
      assert.deepStrictEqual(deal.json.data.company, { id: company.json.data.id, name: "Hooli" })
    }).pipe(fakeWith({})))

  it.effect("an invalid body is a 422 in the v2 envelope, every bad field in errors[]", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const r = yield* call(fake, "POST", "/v2/api/crm/deals", { body: { name: " ", currency: "EURO", amount: "5", company_id: "com-nope" } })
      assert.strictEqual(r.status, 422)
      const error = r.json.error
      assert.deepStrictEqual([error.type, error.code, error.retryable, error.param], ["validation_error", "INVALID_REQUEST_BODY", false, "name"])
      assert.match(error.request_id, /^req_/)
      assert.deepStrictEqual(error.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`).sort(), [
        "amount:INVALID_REQUEST_BODY",
        "company_id:INVALID_COMPANY_ID",
        "currency:INVALID_REQUEST_BODY",
        "name:INVALID_REQUEST_BODY"
      ])
      const phones = yield* call(fake, "POST", "/v2/api/crm/people", { body: { numbers: ["0612345678"] } })
      assert.deepStrictEqual([phones.status, phones.json.error.code, phones.json.error.param], [422, "INVALID_PHONE_NUMBER", "numbers"])
      const none = yield* call(fake, "POST", "/v2/api/crm/people", { body: { name: "Ada" } })
      assert.deepStrictEqual([none.status, none.json.error.param], [422, "numbers"])
      const notObject = yield* call(fake, "POST", "/v2/api/crm/companies", { body: [1, 2] })
      assert.strictEqual(notObject.status, 422)
    }).pipe(fakeWith({})))

  it.effect("search: size over 100, a sort outside the enum or filters that are not an object are 422", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const size = yield* call(fake, "POST", "/v2/api/crm/people/search", { body: { size: 101 } })
      assert.deepStrictEqual([size.status, size.json.error.code, size.json.error.param], [422, "INVALID_PAGE_SIZE", "size"])
      const sort = yield* call(fake, "POST", "/v2/api/crm/deals/search", { body: { sort: "RELEVANCE" } })
      assert.deepStrictEqual([sort.status, sort.json.error.param], [422, "sort"])
      const filters = yield* call(fake, "POST", "/v2/api/crm/companies/search", { body: { filters: "acme" } })
      assert.deepStrictEqual([filters.status, filters.json.error.param], [422, "filters"])
      const empty = yield* call(fake, "POST", "/v2/api/crm/companies/search")
      assert.deepStrictEqual(empty.json.pagination, { page: 1, size: 20, total_count: 3, total_pages: 1, has_more: false })
    }).pipe(fakeWith({})))

  it.effect("an unknown id is Allo's 404 not_found_error; a duplicate number 409", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      for (const [path, code] of [["people", "PERSON_NOT_FOUND"], ["companies", "COMPANY_NOT_FOUND"], ["deals", "DEAL_NOT_FOUND"]] as const) {
        const r = yield* call(fake, "GET", `/v2/api/crm/${path}/nope`)
        assert.deepStrictEqual([r.status, r.json.error.type, r.json.error.code, r.json.error.param], [404, "not_found_error", code, "id"])
      }
      const taken = yield* call(fake, "POST", "/v2/api/crm/people", { body: { numbers: ["+14155550111"] } })
      assert.deepStrictEqual([taken.status, taken.json.error.type, taken.json.error.code], [409, "conflict_error", "NUMBER_ALREADY_ASSIGNED"])
    }).pipe(fakeWith({})))

  it.effect("scopes: CRM_READ reads, CRM_WRITE writes, CRM_DELETE deletes; /v2/api/me lists the CRM routes a key may call", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const reader = { auth: "Api-Key ak_test_crmread" }
      assert.strictEqual((yield* call(fake, "GET", "/v2/api/crm/deals/dea-def456", reader)).status, 200)
      const write = yield* call(fake, "PATCH", "/v2/api/crm/deals/dea-def456", { ...reader, body: { status: "won" } })
      assert.deepStrictEqual([write.status, write.json.error.code], [403, "API_KEY_INSUFFICIENT_SCOPE"])
      assert.include(write.json.error.message, "CRM_WRITE")
      const remove = yield* call(fake, "DELETE", "/v2/api/crm/deals/dea-def456", reader)
      assert.include(remove.json.error.message, "CRM_DELETE")
      const me = yield* call(fake, "GET", "/v2/api/me", reader)
      const endpoints = me.json.data.endpoints.map((e: { method: string; path: string }) => `${e.method} ${e.path}`)
      assert.includeMembers(endpoints, ["POST /v2/api/crm/people/search", "GET /v2/api/crm/deals/{id}"])
      assert.notInclude(endpoints, "DELETE /v2/api/crm/deals/{id}")
      const all = yield* call(fake, "GET", "/v2/api/me")
      assert.includeMembers(all.json.data.scopes, ["CRM_READ", "CRM_WRITE", "CRM_DELETE"])
    }).pipe(fakeWith({ apiKeys: [{ key: "ak_test_crmread", scopes: ["CRM_READ"] }] })))
})

describe("CRM data", () => {
  it.effect("DATE_DESC puts the most recently active first; interactions count calls and texts", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const r = yield* call(fake, "POST", "/v2/api/crm/people/search", { body: {} })
      assert.deepStrictEqual(r.json.data.map((p: { id: string }) => p.id), ["per-b", "per-c", "per-a"])
      assert.deepStrictEqual(r.json.data.map((p: { interactions: number }) => p.interactions), [1, 0, 2])
      const company = yield* call(fake, "GET", "/v2/api/crm/companies/com-1")
      assert.deepStrictEqual(
        [company.json.data.person_count, company.json.data.interactions, company.json.data.last_activity_at],
        [2, 3, "2025-12-05T08:00:00Z"]
      )
    }).pipe(fakeWith({
      companies: [{ id: "com-1", name: "One" }],
      people: [
        { id: "per-a", numbers: ["+14155550171"], company_id: "com-1", created_at: "2025-01-01T00:00:00Z" },
        { id: "per-b", numbers: ["+14155550172"], company_id: "com-1", created_at: "2025-01-01T00:00:00Z" },
        // No activity, but updated between per-a's last text and per-b's call: a person without activity sorts by update.
        { id: "per-c", numbers: ["+14155550173"], created_at: "2025-01-01T00:00:00Z", updated_at: "2025-12-04T00:00:00Z" }
      ],
      calls: [
        { from_number: "+14155550171", to_number: "+14155550100", start_date: "2025-12-01T08:00:00" },
        { from_number: "+14155550172", to_number: "+14155550100", start_date: "2025-12-05T08:00:00" }
      ],
      messages: [{ contact_number: "+14155550171", content: "hello", date: "2025-12-02T08:00:00Z" }]
    })))

  it.effect("the default fake holds Allo's example records; a seed naming any CRM part replaces them", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const state = yield* fake.state
      assert.deepStrictEqual(state.companies.map((c) => c.id), ["com-xyz789", "com-glb001", "com-ini002"])
      assert.includeMembers(state.people.map((p) => p.id), ["per-abc123"])
      assert.includeMembers(state.deals.map((d) => d.id), ["dea-def456"])
      yield* fake.reset({ deals: 3 })
      const reset = yield* fake.state
      assert.deepStrictEqual([reset.companies.length, reset.people.length, reset.deals.length], [0, 0, 3])
      assert.isTrue(reset.deals.every((d) => d.companyId === null), "no company to link to")
    }).pipe(fakeWith({})))

  it.effect("generated records are deterministic, linked, and never dated after the seed's now", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const first = yield* fake.state
      yield* fake.reset()
      const again = yield* fake.state
      assert.deepStrictEqual(again.people, first.people)
      const companyIds = new Set(first.companies.map((c) => c.id))
      assert.isTrue(first.people.some((p) => p.companyId !== null) && first.people.every((p) => p.companyId === null || companyIds.has(p.companyId)))
      assert.strictEqual(new Set(first.people.flatMap((p) => p.numbers)).size, 50, "every person has a number of their own")
      const now = Date.parse("2026-01-01T00:00:00Z")
      for (const record of [...first.people, ...first.companies, ...first.deals]) assert.isAtMost(record.updatedMs, now)
      for (const deal of first.deals) if (deal.closedAt !== null) assert.isAtMost(Date.parse(deal.closedAt), now)
    }).pipe(fakeWith({ contacts: 30, companies: 6, people: 50, deals: 40 })))

  it.effect("the CLI's demo seed has a CRM whose people have interactions", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const state = yield* fake.state
      assert.isAbove(state.people.length, 100)
      assert.isAbove(state.companies.length, 10)
      assert.isAbove(state.deals.length, 50)
      const page = yield* call(fake, "POST", "/v2/api/crm/people/search", { body: { size: 5 } })
      assert.isTrue(page.json.data.every((p: { interactions: number }) => p.interactions > 0), "most recently active first")
    }).pipe(fakeWith(mockSeed({ calls: 2_000 }))))
})

describe("FakeServer", () => {
  it("serves the CRM over real HTTP", async () => {
    const server = await FakeServer.start({ seed: {} })
    try {
      const response = await fetch(`${server.url}/v2/api/crm/deals/search`, {
        method: "POST",
        headers: { authorization: "Api-Key ak_test_fake", "content-type": "application/json" },
        body: JSON.stringify({ filters: { stage: "won" } })
      })
      const body = await response.json()
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(body.data.map((d: { id: string }) => d.id), ["dea-jkl012"])
    } finally {
      await server.close()
    }
  })
})
