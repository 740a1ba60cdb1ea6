/**
 * Companies and Deals against the fake: each operation's request and decoded
 * result, and the errors Allo answers.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Companies, Deals } from "effect-withallo"
import { FakeWithallo, WithalloTest } from "effect-withallo/testing"
import { apiError, crmRequests, MINTED, onlyRequest } from "./support.js"

const ACME = "com-xyz789"
const ENTERPRISE = "dea-def456"

describe("Companies", () => {
  it.effect("create POSTs CreateCompanyRequest (Allo answers 201) and decodes the company", () =>
    Effect.gen(function*() {
      const company = yield* (yield* Companies).create({ name: "Hooli", website: "https://hooli.xyz", industry: null })
      const request = yield* onlyRequest
      assert.deepStrictEqual([request.method, request.path, request.status], ["POST", "/v2/api/crm/companies", 201])
      assert.deepStrictEqual(request.body, { name: "Hooli", website: "https://hooli.xyz", industry: null })
      assert.match(request.headers["idempotency-key"] ?? "", MINTED)
      assert.match(company.id, /^com-/)
      assert.deepStrictEqual({ ...company, id: "", created_at: "", updated_at: "" }, {
        id: "",
        name: "Hooli",
        website: "https://hooli.xyz",
        industry: null,
        person_count: 0,
        interactions: 0,
        last_activity_at: null,
        created_at: "",
        updated_at: ""
      })
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("get counts the company's people; update PUTs only the fields given", () =>
    Effect.gen(function*() {
      const companies = yield* Companies
      const acme = yield* companies.get(ACME)
      assert.strictEqual(acme.name, "Acme Corp")
      assert.strictEqual(acme.person_count, 2)
      const updated = yield* companies.update(ACME, { industry: "SaaS", website: null })
      const request = (yield* crmRequests)[1]
      assert.deepStrictEqual([request?.method, request?.path], ["PUT", `/v2/api/crm/companies/${ACME}`])
      assert.deepStrictEqual(request?.body, { industry: "SaaS", website: null })
      assert.deepStrictEqual([updated.name, updated.industry, updated.website], ["Acme Corp", "SaaS", null])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("search sends SearchCompaniesRequest (no free text in the spec) and filters by contains", () =>
    Effect.gen(function*() {
      const page = yield* (yield* Companies).search({ filters: { name: "o", industry: "tech" }, sort: "NAME_ASC", size: 10 })
      const request = yield* onlyRequest
      assert.deepStrictEqual([request.method, request.path], ["POST", "/v2/api/crm/companies/search"])
      assert.deepStrictEqual(request.body, { filters: { name: "o", industry: "tech" }, sort: "NAME_ASC", size: 10 })
      // Globex has an "o" but is in manufacturing; Initech has no "o".
      assert.deepStrictEqual(page.items.map((c) => c.name), ["Acme Corp"])
      const byName = yield* (yield* Companies).search({ filters: { name: "EX" } })
      assert.deepStrictEqual(byName.items.map((c) => c.name), ["Globex"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an unknown company is a NotFoundError (COMPANY_NOT_FOUND), for get and update", () =>
    Effect.gen(function*() {
      const companies = yield* Companies
      const get = apiError(yield* Effect.flip(companies.get("com-missing")))
      const update = apiError(yield* Effect.flip(companies.update("com-missing", { name: "X" })))
      assert.deepStrictEqual([get._tag, get.code, update._tag, update.code], ["NotFoundError", "COMPANY_NOT_FOUND", "NotFoundError", "COMPANY_NOT_FOUND"])
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("Deals", () => {
  it.effect("create POSTs CreateDealRequest (201) and decodes the deal with its company", () =>
    Effect.gen(function*() {
      const deal = yield* (yield* Deals).create({
        name: "Expansion",
        status: "proposal",
        amount: 1250.5,
        currency: "EUR",
        closedAt: null,
        companyId: ACME
      })
      const request = yield* onlyRequest
      assert.deepStrictEqual([request.method, request.path, request.status], ["POST", "/v2/api/crm/deals", 201])
      assert.deepStrictEqual(request.body, {
        name: "Expansion",
        status: "proposal",
        amount: 1250.5,
        currency: "EUR",
        closed_at: null,
        company_id: ACME
      })
      assert.match(request.headers["idempotency-key"] ?? "", MINTED)
      assert.match(deal.id, /^dea-/)
      assert.deepStrictEqual(
        [deal.name, deal.status, deal.amount, deal.currency, deal.closed_at, deal.company],
        ["Expansion", "proposal", 1250.5, "EUR", null, { id: ACME, name: "Acme Corp" }]
      )
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("get decodes the seeded deal; update PATCHes only the fields given", () =>
    Effect.gen(function*() {
      const deals = yield* Deals
      const before = yield* deals.get(ENTERPRISE)
      assert.deepStrictEqual([before.name, before.status, before.amount, before.currency], ["Enterprise Plan", "negotiation", 50000, "USD"])
      const won = yield* deals.update(ENTERPRISE, { status: "won", closedAt: "2026-04-28T12:00:00" })
      const request = (yield* crmRequests)[1]
      assert.deepStrictEqual([request?.method, request?.path], ["PATCH", `/v2/api/crm/deals/${ENTERPRISE}`])
      assert.deepStrictEqual(request?.body, { status: "won", closed_at: "2026-04-28T12:00:00" })
      assert.match(request?.headers["idempotency-key"] ?? "", MINTED)
      assert.deepStrictEqual([won.status, won.closed_at, won.amount, won.name], ["won", "2026-04-28T12:00:00", 50000, "Enterprise Plan"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("delete sends DELETE with a key and no body, succeeds with void on 204; the deal is gone", () =>
    Effect.gen(function*() {
      const deals = yield* Deals
      const result = yield* deals.delete(ENTERPRISE, { idempotencyKey: "cleanup-1" })
      assert.isUndefined(result)
      const request = yield* onlyRequest
      assert.deepStrictEqual([request.method, request.path, request.status], ["DELETE", `/v2/api/crm/deals/${ENTERPRISE}`, 204])
      assert.isUndefined(request.body)
      assert.deepStrictEqual(request.query, {})
      assert.strictEqual(request.headers["idempotency-key"], "cleanup-1")
      const gone = apiError(yield* Effect.flip(deals.get(ENTERPRISE)))
      assert.deepStrictEqual([gone._tag, gone.code], ["NotFoundError", "DEAL_NOT_FOUND"])
      assert.isFalse((yield* (yield* FakeWithallo).state).deals.some((d) => d.id === ENTERPRISE))
      const again = apiError(yield* Effect.flip(deals.delete(ENTERPRISE)))
      assert.strictEqual(again._tag, "NotFoundError")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("search sends SearchDealsRequest; stage matches exactly, free text looks at the name and the company", () =>
    Effect.gen(function*() {
      const deals = yield* Deals
      const page = yield* deals.search({ filters: { stage: "proposal" }, search: "acme", sort: "CREATED_ASC", page: 1, size: 20 })
      assert.deepStrictEqual((yield* onlyRequest).body, { filters: { stage: "proposal" }, search: "acme", sort: "CREATED_ASC", page: 1, size: 20 })
      assert.deepStrictEqual(page.items.map((d) => d.id), ["dea-ghi789"])
      const byName = yield* deals.search({ search: "PILOT" })
      assert.deepStrictEqual(byName.items.map((d) => d.id), ["dea-jkl012"])
      const none = yield* deals.search({ filters: { stage: "propos" } })
      assert.strictEqual(none.totalCount, 0)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("without CRM_DELETE a delete is a ForbiddenError naming it, and the deal stays", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* Deals).delete(ENTERPRISE))
      if (error._tag === "ForbiddenError") assert.deepStrictEqual(error.requiredScopes, ["CRM_DELETE"])
      else assert.fail(`expected a ForbiddenError, got ${error._tag}`)
      assert.isTrue((yield* (yield* FakeWithallo).state).deals.some((d) => d.id === ENTERPRISE))
    }).pipe(Effect.provide(WithalloTest.layer({ apiKeys: [{ key: "ak_test_crmrw", scopes: ["CRM_READ", "CRM_WRITE"] }] }, {
      client: { apiKey: "ak_test_crmrw" }
    }))))
})
