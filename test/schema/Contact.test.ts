import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Contact, ContactActivity, ContactCompany, ContactDetails } from "../../src/schema/Contact.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, describeRules } from "./rules.js"

const listed = at(fixtures.v1_contacts_list.response.body.data.results)
const created = fixtures.v1_contact_create.response.body.data
const updated = fixtures.v1_contact_update.response.body.data
const details = fixtures.v1_contact_get_extended.response.body.data

describe("Contact", () => {
  it.effect("decodes the list example", () =>
    Effect.gen(function*() {
      const contact = yield* decode(Contact, listed)
      assert.strictEqual(contact.id, "cnt_abc123")
      assert.deepStrictEqual(contact.company, { name: "Acme Corp", id: "com_xyz789" })
      assert.deepStrictEqual(contact.numbers, ["+1234567890"])
      assert.strictEqual(contact.engagement, "ENGAGED")
      assert.strictEqual(contact.website, null)
      assert.isFalse(contact.is_archived)
      assert.isTrue(contact.is_whitelisted)
      assert.strictEqual(contact.created_at, "2024-01-10T08:00:00")
    }))

  it.effect("decodes the create and update examples (no company key, null engagement)", () =>
    Effect.gen(function*() {
      const afterCreate = yield* decode(Contact, created)
      assert.notProperty(afterCreate, "company")
      assert.strictEqual(afterCreate.engagement, null)
      assert.strictEqual(afterCreate.job_title, "CEO")
      const afterUpdate = yield* decode(Contact, updated)
      assert.strictEqual(afterUpdate.last_name, "Smith")
      assert.strictEqual(afterUpdate.updated_at, "2024-01-21T11:00:00")
    }))

  it.effect("keeps emails when Allo sends them", () =>
    Effect.gen(function*() {
      const contact = yield* decode(Contact, { ...created, emails: ["john@acme.com"] })
      assert.deepStrictEqual(contact.emails, ["john@acme.com"])
    }))
})

describe("ContactDetails", () => {
  it.effect("decodes the extended get example", () =>
    Effect.gen(function*() {
      const contact = yield* decode(ContactDetails, details)
      assert.strictEqual(contact.id, "cnt_abc123")
      assert.deepStrictEqual(contact.emails, ["john@acme.com"])
      assert.deepStrictEqual(contact.integration_data?.["HUBSPOT"], { contact_id: "12345", deal_stage: "Negotiation" })
      assert.deepStrictEqual(contact.custom_properties, { preferred_language: "English", vip_status: true })
      assert.strictEqual(contact.engagement, "ENGAGED")
      assert.strictEqual(contact.activity?.length, 2)
      assert.deepStrictEqual(contact.activity?.[1], {
        type: "OUTBOUND_SMS",
        made_by: "Jane Smith",
        made_at: "2024-01-14T09:15:00",
        allo_number: null,
        content: "Thank you for your call. We will follow up shortly."
      })
      assert.strictEqual(contact.conversation_url, "/v1/api/contact/cnt_abc123/conversation")
    }))

  it.effect("decodes a get without extend (no engagement, no activity)", () =>
    Effect.gen(function*() {
      const { activity: _activity, engagement: _engagement, ...plain } = details
      const contact = yield* decode(ContactDetails, plain)
      assert.notProperty(contact, "engagement")
      assert.notProperty(contact, "activity")
    }))
})

describeRules("Contact", Contact, listed, {
  required: ["id"],
  nullable: [
    "name",
    "last_name",
    "company",
    "job_title",
    "website",
    "status",
    "created_at",
    "updated_at",
    "emails",
    "last_activity_date",
    "engagement"
  ],
  enums: ["engagement"]
})

describeRules("ContactDetails", ContactDetails, details, {
  required: ["id"],
  nullable: ["name", "last_name", "company", "job_title", "website", "custom_properties", "engagement", "activity"],
  enums: ["engagement"]
})

describeRules("ContactActivity", ContactActivity, at(details.activity), {
  required: ["type", "made_at"],
  nullable: ["made_by", "allo_number", "content"],
  enums: ["type"]
})

describeRules("ContactCompany", ContactCompany, listed.company, {
  required: [],
  nullable: ["name", "id"],
  enums: []
})
