/**
 * The CRM records against the examples of Allo's spec (CrmPerson, CrmCompany,
 * CrmDeal), and the tolerance rules: only `id` is required.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Company, CompanyRef } from "../../src/schema/Company.js"
import { Deal } from "../../src/schema/Deal.js"
import { V2PageEnvelope } from "../../src/schema/PaginationInfo.js"
import { Person } from "../../src/schema/Person.js"
import { decode, decodeFailure, describeRules } from "./rules.js"

// Each property's `example` in the spec's components, assembled.
const person = {
  id: "per-abc123",
  name: "John",
  last_name: "Doe",
  job_title: "CEO",
  website: "https://example.com",
  address: "123 Main St",
  numbers: ["+33612345678"],
  emails: ["john@example.com"],
  company: { id: "com-xyz789", name: "Acme Corp" },
  interactions: 5,
  last_activity_at: "2026-04-28T10:30:00",
  created_at: "2026-04-01T09:00:00",
  updated_at: "2026-04-28T10:30:00"
}
const company = {
  id: "com-xyz789",
  name: "Acme Corp",
  website: "https://acme.com",
  industry: "Technology",
  person_count: 3,
  interactions: 12,
  last_activity_at: "2026-04-28T10:30:00",
  created_at: "2026-04-01T09:00:00",
  updated_at: "2026-04-28T10:30:00"
}
const deal = {
  id: "dea-def456",
  name: "Enterprise Plan",
  status: "negotiation",
  amount: 50000,
  currency: "USD",
  closed_at: null,
  company: { id: "com-xyz789", name: "Acme Corp" },
  created_at: "2026-04-15T14:00:00",
  updated_at: "2026-04-28T10:30:00"
}

describe("CRM records", () => {
  it.effect("decode the spec's examples as they are (zone-less timestamps kept as sent)", () =>
    Effect.gen(function*() {
      assert.deepStrictEqual(yield* decode(Person, person), person)
      assert.deepStrictEqual(yield* decode(Company, company), company)
      assert.deepStrictEqual(yield* decode(Deal, deal), deal)
    }))

  it.effect("only id is required: a record with nothing else decodes, and so does an empty company reference", () =>
    Effect.gen(function*() {
      for (const schema of [Person, Company, Deal]) assert.deepStrictEqual(yield* decode(schema, { id: "x-1" }), { id: "x-1" })
      assert.deepStrictEqual(yield* decode(CompanyRef, {}), {})
      assert.deepStrictEqual(yield* decode(Person, { id: "per-1", company: {} }), { id: "per-1", company: {} })
    }))

  it.effect("a deal stage is free text: the conversations example's `open` decodes", () =>
    Effect.gen(function*() {
      assert.strictEqual((yield* decode(Deal, { ...deal, status: "open" })).status, "open")
    }))

  it.effect("a search page decodes; its pagination is required whole (the shared v2 envelope), as streams walk by it", () =>
    Effect.gen(function*() {
      const page = { data: [person], pagination: { page: 1, size: 20, total_count: 1, total_pages: 1, has_more: false } }
      assert.deepStrictEqual(yield* decode(V2PageEnvelope(Person), page), page)
      const message = yield* decodeFailure(V2PageEnvelope(Person), { data: [person], pagination: { page: 1 } })
      assert.include(message, `["pagination"]`)
      assert.include(message, "Missing key")
    }))
})

describeRules("Person", Person, person, {
  required: ["id"],
  nullable: ["name", "last_name", "job_title", "website", "address", "company", "last_activity_at"],
  enums: []
})

describeRules("Company", Company, company, {
  required: ["id"],
  nullable: ["website", "industry", "last_activity_at"],
  enums: []
})

describeRules("Deal", Deal, deal, {
  required: ["id"],
  nullable: ["status", "amount", "currency", "closed_at", "company"],
  enums: []
})
