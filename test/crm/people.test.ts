/**
 * People against the fake: each operation's request (method, path, body,
 * Idempotency-Key) and decoded result, and how Allo's errors surface.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { People } from "effect-withallo"
import { FakeWithallo, WithalloTest } from "effect-withallo/testing"
import { apiError, crmRequests, MINTED, onlyRequest } from "./support.js"

// The default fake holds the CRM of Allo's examples: John Doe (per-abc123) at Acme Corp (com-xyz789).
const JOHN = "per-abc123"
const ACME = "com-xyz789"

describe("People.create", () => {
  it.effect("POSTs the spec's snake_case body with a minted Idempotency-Key and decodes the person", () =>
    Effect.gen(function*() {
      const person = yield* (yield* People).create({
        numbers: ["+14155550142"],
        name: "Ada",
        lastName: "Lovelace",
        jobTitle: "Engineer",
        address: null,
        emails: ["ada@acme.com"],
        companyId: ACME
      })
      const request = yield* onlyRequest
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.path, "/v2/api/crm/people")
      assert.deepStrictEqual(request.body, {
        numbers: ["+14155550142"],
        name: "Ada",
        last_name: "Lovelace",
        job_title: "Engineer",
        address: null,
        emails: ["ada@acme.com"],
        company_id: ACME
      })
      assert.match(request.headers["idempotency-key"] ?? "", MINTED)
      assert.match(person.id, /^per-/)
      assert.strictEqual(person.last_name, "Lovelace")
      assert.deepStrictEqual(person.company, { id: ACME, name: "Acme Corp" })
      assert.deepStrictEqual(person.numbers, ["+14155550142"])
      assert.strictEqual(person.interactions, 0)
      assert.strictEqual(person.last_activity_at, null)
      const stored = (yield* (yield* FakeWithallo).state).people.find((p) => p.id === person.id)
      assert.strictEqual(stored?.lastName, "Lovelace")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a caller's idempotencyKey goes in the header, not the body, and a replay creates nobody", () =>
    Effect.gen(function*() {
      const people = yield* People
      const first = yield* people.create({ numbers: ["+14155550143"], idempotencyKey: "import-row-7" })
      const again = yield* people.create({ numbers: ["+14155550143"], idempotencyKey: "import-row-7" })
      assert.strictEqual(again.id, first.id)
      const requests = yield* crmRequests
      assert.deepStrictEqual(requests.map((r) => r.headers["idempotency-key"]), ["import-row-7", "import-row-7"])
      assert.deepStrictEqual(requests[0]?.body, { numbers: ["+14155550143"] })
      assert.strictEqual((yield* (yield* FakeWithallo).state).people.filter((p) => p.numbers.includes("+14155550143")).length, 1)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a number another person has is a ConflictError NUMBER_ALREADY_ASSIGNED; allowDuplicateNumber creates", () =>
    Effect.gen(function*() {
      const people = yield* People
      const john = yield* people.get(JOHN)
      const number = john.numbers?.[0] ?? ""
      const error = apiError(yield* Effect.flip(people.create({ numbers: [number], name: "Twin" })))
      assert.strictEqual(error._tag, "ConflictError")
      assert.strictEqual(error.code, "NUMBER_ALREADY_ASSIGNED")
      assert.strictEqual(error.status, 409)
      const twin = yield* people.create({ numbers: [number], name: "Twin", allowDuplicateNumber: true })
      assert.deepStrictEqual(twin.numbers, [number])
      assert.deepStrictEqual((yield* crmRequests).at(-1)?.body, { numbers: [number], name: "Twin", allow_duplicate_number: true })
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a company Allo does not know is a ValidationError naming company_id (Allo's 422)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* People).create({ numbers: ["+14155550144"], companyId: "com-nope" }))
      if (error._tag !== "ValidationError") return assert.fail(`expected a ValidationError, got ${error._tag}`)
      assert.strictEqual(error.status, 422)
      assert.strictEqual(error.errors[0]?.field, "company_id")
      assert.lengthOf(yield* crmRequests, 1, "a 422 is not retried")
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("People.get", () => {
  it.effect("GETs /v2/api/crm/people/{id} and counts the person's calls and texts as interactions", () =>
    Effect.gen(function*() {
      const person = yield* (yield* People).get("per-ada")
      const request = yield* onlyRequest
      assert.strictEqual(request.method, "GET")
      assert.strictEqual(request.path, "/v2/api/crm/people/per-ada")
      assert.isUndefined(request.headers["idempotency-key"])
      assert.deepStrictEqual(person, {
        id: "per-ada",
        name: "Ada",
        last_name: null,
        job_title: null,
        website: null,
        address: null,
        numbers: ["+14155550142"],
        emails: [],
        company: { id: "com-an", name: "Analytical Engines" },
        interactions: 3,
        last_activity_at: "2025-12-03T10:00:00Z",
        created_at: "2025-11-01T09:00:00Z",
        updated_at: "2025-11-01T09:00:00Z"
      })
    }).pipe(Effect.provide(WithalloTest.layer({
      companies: [{ id: "com-an", name: "Analytical Engines" }],
      people: [{ id: "per-ada", name: "Ada", numbers: ["+14155550142"], company_id: "com-an", created_at: "2025-11-01T09:00:00Z" }],
      deals: [],
      calls: [
        { from_number: "+14155550142", to_number: "+14155550100", start_date: "2025-12-01T10:00:00" },
        { from_number: "+14155550100", to_number: "+14155550142", start_date: "2025-12-03T10:00:00" }
      ],
      messages: [{ contact_number: "+14155550142", content: "hi", date: "2025-12-02T10:00:00Z" }]
    }))))

  it.effect("an unknown id is a NotFoundError (PERSON_NOT_FOUND) after one request; the id is percent-encoded", () =>
    Effect.gen(function*() {
      const error = apiError(yield* Effect.flip((yield* People).get("per-x/../y")))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual(error.code, "PERSON_NOT_FOUND")
      assert.match(error.requestId ?? "", /^req_/)
      const request = yield* onlyRequest
      assert.strictEqual(request.path, "/v2/api/crm/people/per-x%2F..%2Fy")
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("People.update", () => {
  it.effect("PUTs only the fields given; null clears one, the others stay", () =>
    Effect.gen(function*() {
      const people = yield* People
      const before = yield* people.get(JOHN)
      const after = yield* people.update(JOHN, { jobTitle: "CTO", address: null })
      const request = (yield* crmRequests)[1]
      assert.strictEqual(request?.method, "PUT")
      assert.strictEqual(request?.path, `/v2/api/crm/people/${JOHN}`)
      assert.deepStrictEqual(request?.body, { job_title: "CTO", address: null })
      assert.match(request?.headers["idempotency-key"] ?? "", MINTED)
      assert.strictEqual(after.job_title, "CTO")
      assert.strictEqual(after.address, null)
      assert.strictEqual(after.name, before.name)
      assert.deepStrictEqual(after.numbers, before.numbers)
      assert.deepStrictEqual(after.company, before.company)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("numbers replace all of the person's numbers", () =>
    Effect.gen(function*() {
      const after = yield* (yield* People).update(JOHN, { numbers: ["+33612340000", "+14155550177"] })
      assert.deepStrictEqual(after.numbers, ["+33612340000", "+14155550177"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an unknown person is a NotFoundError", () =>
    Effect.gen(function*() {
      const error = apiError(yield* Effect.flip((yield* People).update("per-missing", { name: "X" })))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual(error.code, "PERSON_NOT_FOUND")
    }).pipe(Effect.provide(WithalloTest.layer())))
})

const SEARCH_SEED = {
  companies: [
    { id: "com-acme", name: "Acme Corp" },
    { id: "com-acmex", name: "Acme Exports" },
    { id: "com-glob", name: "Globex" }
  ],
  people: [
    { id: "per-1", name: "Zoe", last_name: "Adams", job_title: "Senior Engineer", numbers: ["+14155550101"], emails: ["zoe@acme.com"], company_id: "com-acme", created_at: "2025-01-01T00:00:00Z" },
    { id: "per-2", name: "Bob", last_name: "Brown", job_title: "Engineer", numbers: ["+14155550102"], emails: ["bob@acmex.com"], company_id: "com-acmex", created_at: "2025-01-02T00:00:00Z" },
    { id: "per-3", name: "Amy", last_name: "Clark", job_title: "CEO", numbers: ["+14155550103"], emails: ["amy@acme.com"], company_id: "com-acme", created_at: "2025-01-03T00:00:00Z" },
    { id: "per-4", name: "Carl", last_name: "Diaz", job_title: "engineering manager", numbers: ["+14155550104"], company_id: "com-glob", created_at: "2025-01-04T00:00:00Z" },
    { id: "per-5", name: "Dana", last_name: null, job_title: null, numbers: ["+33612345001"], company_id: null, created_at: "2025-01-05T00:00:00Z" }
  ],
  deals: [
    { id: "dea-1", name: "Glob renewal", status: "negotiation", company_id: "com-glob" },
    { id: "dea-2", name: "Acme pilot", status: "won", company_id: "com-acme" }
  ]
}

const ids = (page: { readonly items: ReadonlyArray<{ readonly id: string }> }) => page.items.map((p) => p.id)

describe("People.search", () => {
  it.effect("POSTs filters, free text, sort, page and size as SearchPeopleRequest names them", () =>
    Effect.gen(function*() {
      const page = yield* (yield* People).search({
        filters: { jobTitle: "engineer", company: "acme", lastName: "a" },
        search: "zoe",
        sort: "NAME_DESC",
        page: 1,
        size: 5
      })
      const request = yield* onlyRequest
      assert.strictEqual(request.method, "POST")
      assert.strictEqual(request.path, "/v2/api/crm/people/search")
      assert.deepStrictEqual(request.body, {
        filters: { job_title: "engineer", company: "acme", last_name: "a" },
        search: "zoe",
        sort: "NAME_DESC",
        page: 1,
        size: 5
      })
      assert.match(request.headers["idempotency-key"] ?? "", MINTED, "a POST search carries a key, so it may be retried")
      assert.deepStrictEqual(ids(page), ["per-1"])
      assert.deepStrictEqual({ page: page.page, totalPages: page.totalPages, totalCount: page.totalCount, hasMore: page.hasMore }, {
        page: 1,
        totalPages: 1,
        totalCount: 1,
        hasMore: false
      })
    }).pipe(Effect.provide(WithalloTest.layer(SEARCH_SEED))))

  it.effect("filters combine with AND, contains case-insensitively; phone number and deal status match exactly", () =>
    Effect.gen(function*() {
      const people = yield* People
      assert.deepStrictEqual(ids(yield* people.search({ filters: { jobTitle: "ENGINEER" }, sort: "CREATED_ASC" })), ["per-1", "per-2", "per-4"])
      assert.deepStrictEqual(ids(yield* people.search({ filters: { jobTitle: "engineer", company: "Acme" }, sort: "CREATED_ASC" })), ["per-1", "per-2"])
      assert.deepStrictEqual(ids(yield* people.search({ filters: { phoneNumber: "+14155550103" } })), ["per-3"])
      assert.deepStrictEqual(ids(yield* people.search({ filters: { phoneNumber: "4155550103" } })), [])
      assert.deepStrictEqual(ids(yield* people.search({ filters: { email: "@ACME.com" }, sort: "CREATED_ASC" })), ["per-1", "per-3"])
      assert.deepStrictEqual(ids(yield* people.search({ filters: { dealStatus: "negotiation" } })), ["per-4"])
      assert.deepStrictEqual(ids(yield* people.search({ filters: { dealStatus: "negotiat" } })), [])
    }).pipe(Effect.provide(WithalloTest.layer(SEARCH_SEED))))

  it.effect("free text looks at names, emails, numbers and the company", () =>
    Effect.gen(function*() {
      const people = yield* People
      const q = (search: string) => Effect.map(people.search({ search, sort: "CREATED_ASC" }), ids)
      assert.deepStrictEqual(yield* q("amy clark"), ["per-3"])
      assert.deepStrictEqual(yield* q("acmex"), ["per-2"])
      assert.deepStrictEqual(yield* q("+336"), ["per-5"])
      assert.deepStrictEqual(yield* q("globex"), ["per-4"])
    }).pipe(Effect.provide(WithalloTest.layer(SEARCH_SEED))))

  it.effect("each sort order, ties broken by id; DATE_DESC is the default", () =>
    Effect.gen(function*() {
      const people = yield* People
      const sorted = (sort?: People.SortOrder) => Effect.map(people.search(sort === undefined ? {} : { sort }), ids)
      const byDefault = yield* sorted()
      assert.deepStrictEqual((yield* crmRequests)[0]?.body, {}, "POST always sends a body, {} when empty")
      assert.deepStrictEqual(yield* sorted("NAME_ASC"), ["per-3", "per-2", "per-4", "per-5", "per-1"])
      assert.deepStrictEqual(yield* sorted("NAME_DESC"), ["per-1", "per-5", "per-4", "per-2", "per-3"])
      assert.deepStrictEqual(yield* sorted("CREATED_DESC"), ["per-5", "per-4", "per-3", "per-2", "per-1"])
      assert.deepStrictEqual(yield* sorted("CREATED_ASC"), ["per-1", "per-2", "per-3", "per-4", "per-5"])
      // No activity in this seed: the date is the last update, here the creation.
      assert.deepStrictEqual(yield* sorted("DATE_DESC"), ["per-5", "per-4", "per-3", "per-2", "per-1"])
      assert.deepStrictEqual(yield* sorted("DATE_ASC"), ["per-1", "per-2", "per-3", "per-4", "per-5"])
      assert.deepStrictEqual(byDefault, yield* sorted("DATE_DESC"))
    }).pipe(Effect.provide(WithalloTest.layer(SEARCH_SEED))))

  it.effect("pages count from 1, report the total, and a page past the end is empty with no more", () =>
    Effect.gen(function*() {
      const people = yield* People
      const first = yield* people.search({ size: 2, sort: "CREATED_ASC" })
      const last = yield* people.search({ size: 2, page: 3, sort: "CREATED_ASC" })
      const past = yield* people.search({ size: 2, page: 4, sort: "CREATED_ASC" })
      assert.deepStrictEqual([first.page, first.totalPages, first.totalCount, first.hasMore], [1, 3, 5, true])
      assert.deepStrictEqual(ids(first), ["per-1", "per-2"])
      assert.deepStrictEqual([ids(last), last.hasMore], [["per-5"], false])
      assert.deepStrictEqual([ids(past), past.hasMore], [[], false])
      assert.deepStrictEqual((yield* crmRequests)[0]?.body, { size: 2, sort: "CREATED_ASC" }, "no page given, none sent: Allo's default is 1")
    }).pipe(Effect.provide(WithalloTest.layer(SEARCH_SEED))))
})

describe("CRM scopes", () => {
  it.effect("without CRM_READ a search is a ForbiddenError naming CRM_READ; without CRM_WRITE a create names CRM_WRITE", () =>
    Effect.gen(function*() {
      const people = yield* People
      const read = yield* Effect.flip(people.search())
      assert.strictEqual(read._tag, "ForbiddenError")
      if (read._tag === "ForbiddenError") assert.deepStrictEqual(read.requiredScopes, ["CRM_READ"])
      const write = yield* Effect.flip(people.create({ numbers: ["+14155550150"] }))
      if (write._tag === "ForbiddenError") assert.deepStrictEqual(write.requiredScopes, ["CRM_WRITE"])
      else assert.fail(`expected a ForbiddenError, got ${write._tag}`)
    }).pipe(Effect.provide(WithalloTest.layer({ apiKeys: [{ key: "ak_test_nocrm", scopes: ["CONTACTS_READ"] }] }, {
      client: { apiKey: "ak_test_nocrm" }
    }))))
})
