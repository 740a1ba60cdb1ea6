import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import {
  CompanyRef,
  ContactRef,
  ConversationItem,
  ConversationSummary,
  DealRef,
  ItemSummary,
  ItemTranscriptEntry,
  SummaryEditor
} from "../../src/schema/ConversationItem.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, decodeFailure, describeRules } from "./rules.js"

const callItem = fixtures.v2_item_get_call_with_transcript.response.body.data
const smsItem = fixtures.v2_item_get_sms.response.body.data
const searchedItem = at(fixtures.v2_items_search.response.body.data)
const batchItem = at(fixtures.v2_items_batch.response.body.data)
const conversation = at(fixtures.v2_conversations_list.response.body.data)
const summary = fixtures.v2_update_call_summary.response.body.data

describe("ConversationItem", () => {
  it.effect("decodes a call fetched with its transcript", () =>
    Effect.gen(function*() {
      const item = yield* decode(ConversationItem, callItem)
      assert.strictEqual(item.id, "cll-abc123")
      assert.strictEqual(item.type, "CALL")
      assert.strictEqual(item.direction, "INBOUND")
      assert.strictEqual(item.duration, 123)
      assert.strictEqual(item.result, "ANSWERED")
      assert.deepStrictEqual(item.user, { id: "usr-abc123", name: "John", email: "john@acme.com" })
      assert.deepStrictEqual(item.contacts?.[0]?.deals, [{ id: "dea-def456", name: "Enterprise Plan", status: "OPEN" }])
      assert.deepStrictEqual(item.transcript?.[1], {
        source: "EXTERNAL",
        time: "2026-04-21T14:30:09Z",
        text: "Hello, I have a question about pricing."
      })
      assert.strictEqual(item.content, null)
      assert.strictEqual(item.message_type, null)
    }))

  it.effect("decodes an SMS, whose call fields are null", () =>
    Effect.gen(function*() {
      const item = yield* decode(ConversationItem, smsItem)
      assert.strictEqual(item.type, "SMS")
      assert.strictEqual(item.status, "DELIVERED")
      assert.strictEqual(item.message_type, "SMS")
      assert.strictEqual(item.duration, null)
      assert.strictEqual(item.tags, null)
      assert.deepStrictEqual(item.contacts, [])
    }))

  it.effect("decodes a search hit: contact without company or deals, user without email, no SMS keys", () =>
    Effect.gen(function*() {
      const item = yield* decode(ConversationItem, searchedItem)
      assert.deepStrictEqual(item.contacts, [{ id: "cnt-abc123", name: "Sarah Johnson" }])
      assert.deepStrictEqual(item.user, { id: "usr-abc123", name: "Alex Kim" })
      assert.notProperty(item, "transcript")
      assert.deepStrictEqual(item.tags, ["billing", "support"])
    }))

  it.effect("decodes a batch item with an empty tag list", () =>
    Effect.gen(function*() {
      const item = yield* decode(ConversationItem, batchItem)
      assert.deepStrictEqual(item.tags, [])
      assert.strictEqual(item.recording_url, null)
    }))

  it.effect("accepts results and statuses seen live but not documented", () =>
    Effect.gen(function*() {
      const missed = yield* decode(ConversationItem, { ...callItem, result: "MISSED" })
      assert.strictEqual(missed.result, "MISSED")
      const undelivered = yield* decode(ConversationItem, { ...smsItem, status: "UNDELIVERED" })
      assert.strictEqual(undelivered.status, "UNDELIVERED")
    }))

  it.effect("ignores the undocumented extracted_data and data_collected", () =>
    Effect.gen(function*() {
      const item = yield* decode(ConversationItem, {
        ...callItem,
        extracted_data: { contact: { name: "null", emails: "null" } },
        data_collected: {}
      })
      assert.strictEqual(item.id, "cll-abc123")
    }))
})

describe("ConversationSummary", () => {
  it.effect("decodes the conversations list example, whose last_item is abridged", () =>
    Effect.gen(function*() {
      const decoded = yield* decode(ConversationSummary, conversation)
      assert.strictEqual(decoded.contact_number, "+14155551234")
      assert.strictEqual(decoded.last_activity, "2026-04-21T14:30:00Z")
      assert.deepStrictEqual(decoded.contacts?.[0]?.company, { id: "com-xyz789", name: "Acme Corp" })
      assert.strictEqual(decoded.last_item?.id, "cll-abc123")
      assert.strictEqual(decoded.last_item?.duration, 145)
      assert.notProperty(decoded.last_item, "allo_number")
    }))

  it.effect("fails when last_item lacks its id, naming the path", () =>
    Effect.gen(function*() {
      const { id: _id, ...lastItem } = conversation.last_item
      const message = yield* decodeFailure(ConversationSummary, { ...conversation, last_item: lastItem })
      assert.include(message, `["last_item"]["id"]`)
    }))
})

describe("DealRef", () => {
  it.effect("accepts the lowercase status of Allo's own example", () =>
    Effect.gen(function*() {
      const deal = yield* decode(DealRef, { id: "dea-1", name: "Pro", status: "open" })
      assert.strictEqual(deal.status, "open")
    }))
})

describe("ItemSummary", () => {
  it.effect("decodes the summary update example", () =>
    Effect.gen(function*() {
      const decoded = yield* decode(ItemSummary, summary)
      assert.strictEqual(decoded.id, "cll-abc123")
      assert.strictEqual(decoded.version, 4)
      assert.include(decoded.content ?? "", "Pro plan")
      assert.strictEqual(decoded.updated_at, "2026-05-12T14:32:11")
      assert.deepStrictEqual(decoded.updated_by, { id: "usr-abc123", name: "Alex Kim" })
    }))

  it.effect("accepts an editor without a name", () =>
    Effect.gen(function*() {
      const decoded = yield* decode(ItemSummary, { ...summary, updated_by: { id: "usr-1", name: null } })
      assert.strictEqual(decoded.updated_by?.name, null)
    }))
})

describeRules("ConversationItem", ConversationItem, callItem, {
  required: ["id"],
  nullable: [
    "type",
    "direction",
    "allo_number",
    "contact_number",
    "contacts",
    "date",
    "user",
    "duration",
    "result",
    "recording_url",
    "summary",
    "tags",
    "transcript",
    "content",
    "status",
    "message_type"
  ],
  enums: ["type", "direction", "result", "status", "message_type"]
})

describeRules("ItemTranscriptEntry", ItemTranscriptEntry, at(callItem.transcript), {
  required: [],
  nullable: ["source", "time", "text"],
  enums: ["source"]
})

describeRules("ContactRef", ContactRef, at(callItem.contacts), {
  required: ["id"],
  nullable: ["name", "company", "deals"],
  enums: []
})

describeRules("CompanyRef", CompanyRef, { id: "com-xyz789", name: "Acme Corp" }, {
  required: ["id"],
  nullable: ["name"],
  enums: []
})

describeRules("DealRef", DealRef, { id: "dea-def456", name: "Enterprise Plan", status: "OPEN" }, {
  required: ["id"],
  nullable: ["name", "status"],
  enums: ["status"]
})

describeRules("ConversationSummary", ConversationSummary, conversation, {
  required: ["contact_number"],
  nullable: ["contacts", "last_activity", "last_item"],
  enums: []
})

describeRules("ItemSummary", ItemSummary, summary, {
  required: ["id"],
  nullable: ["version", "content", "updated_at", "updated_by"],
  enums: []
})

describeRules("SummaryEditor", SummaryEditor, { id: "usr-abc123", name: "Alex Kim" }, {
  required: ["id"],
  nullable: ["name"],
  enums: []
})
