/**
 * Every converted service refuses bad input — what a JavaScript caller or
 * untyped JSON can pass — with a ValidationError naming the field, and sends
 * nothing (the fake's request log stays empty). Values are never coerced: an
 * array is not a string, a day that does not exist is not a day.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Contacts, Conversations, PhoneNumbers, Users, ValidationError, WebhookEndpoints, Webhooks, type Withallo } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"

// These stand for JavaScript callers, which TypeScript does not check.
type Loose = (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown>
const loose = <F>(f: F): Loose => f as unknown as Loose
const looseStream = <F>(f: F) => (...args: ReadonlyArray<unknown>) =>
  Stream.runDrain((f as unknown as (...a: ReadonlyArray<unknown>) => Stream.Stream<unknown, unknown>)(...args))

const ALLO = "+14155550100"

type Case = readonly [name: string, field: string, message: string | undefined, run: Effect.Effect<unknown, unknown, Withallo.Services>]

const contacts: ReadonlyArray<Case> = [
  ["Contacts.get of .", "id", "must be an id, not a path segment like . or ..", Contacts.use((c) => loose(c.get)("."))],
  ["Contacts.get of a lone surrogate", "id", "must be well-formed Unicode (no lone surrogates)", Contacts.use((c) => loose(c.get)("\ud800"))],
  ["Contacts.get of a number", "id", "must be a string", Contacts.use((c) => loose(c.get)(42))],
  ["Contacts.get extending with an unknown part", "extend[0]", "must be engagement or activity", Contacts.use((c) => loose(c.get)("cnt_1", { extend: ["everything"] }))],
  ["Contacts.search with null", "params", "must be an object", Contacts.use((c) => loose(c.search)(null))],
  ["Contacts.search size 0", "size", "must be an integer from 1 to 100", Contacts.use((c) => loose(c.search)({ size: 0 }))],
  ["Contacts.stream page size 101", "pageSize", "must be an integer from 1 to 100", Contacts.use((c) => looseStream(c.stream)({ pageSize: 101 }))],
  ["Contacts.create with numbers as a string", "numbers", "must be an array", Contacts.use((c) => loose(c.create)({ numbers: "+14155550100" }))],
  ["Contacts.create with an array as a number", "numbers[0]", "must be a string", Contacts.use((c) => loose(c.create)({ numbers: [["+14155550100"]] }))],
  ["Contacts.update of ..", "id", "must be an id, not a path segment like . or ..", Contacts.use((c) => loose(c.update)("..", { name: "x" }))],
  ["Contacts.update with only a key", "params", "must change at least one field", Contacts.use((c) => loose(c.update)("cnt_1", { idempotencyKey: "k-1" }))],
  ["Contacts.update with no numbers", "numbers", "must have at least one entry", Contacts.use((c) => loose(c.update)("cnt_1", { numbers: [] }))],
  ["Contacts.searchConversation allo number as an array", "alloNumber", "must be a string", Contacts.use((c) => loose(c.searchConversation)("cnt_1", { alloNumber: [ALLO] }))],
  ["Contacts.streamConversation of .", "id", "must be an id, not a path segment like . or ..", Contacts.use((c) => looseStream(c.streamConversation)("."))]
]

const webhooks: ReadonlyArray<Case> = [
  ["Webhooks.create topics as a string", "topics", "must be an array", Webhooks.use((w) => loose(w.create)({ alloNumber: ALLO, url: "https://x.test", topics: "PING" }))],
  ["Webhooks.create enabled as a string", "enabled", "must be a boolean", Webhooks.use((w) => loose(w.create)({ alloNumber: ALLO, url: "https://x.test", topics: ["PING"], enabled: "yes" }))],
  ["Webhooks.create with a ftp url", "url", "must be an absolute http(s) URL", Webhooks.use((w) => loose(w.create)({ alloNumber: ALLO, url: "ftp://x.test", topics: ["PING"] }))],
  ["Webhooks.delete of ..", "id", "must be an id, not a path segment like . or ..", Webhooks.use((w) => loose(w.delete)(".."))],
  ["WebhookEndpoints.get of event_types", "id", "must be a webhook endpoint id, not event_types", WebhookEndpoints.use((w) => loose(w.get)("event_types"))],
  ["WebhookEndpoints.get of .", "id", "must be an id, not a path segment like . or ..", WebhookEndpoints.use((w) => loose(w.get)("."))],
  ["WebhookEndpoints.update with nothing", "params", "must change at least one field", WebhookEndpoints.use((w) => loose(w.update)("ep_1", {}))],
  ["WebhookEndpoints.update with only unknown topics", "topics", "must include at least one of call.received, call.triggered, call.answered, call.completed, tag.added, tag.removed, sms.received, sms.sent, contact.created, contact.updated, summary.updated", WebhookEndpoints.use((w) => loose(w.update)("ep_1", { topics: ["CALL_RECEIVED"] }))],
  ["WebhookEndpoints.update with an unknown field", "secret", "is not a parameter of this operation", WebhookEndpoints.use((w) => loose(w.update)("ep_1", { secret: "x" }))],
  ["WebhookEndpoints.delete of ..", "id", "must be an id, not a path segment like . or ..", WebhookEndpoints.use((w) => loose(w.delete)(".."))],
  ["WebhookEndpoints.delete with an empty key", "idempotencyKey", "must not be empty (omit it to let the SDK decide)", WebhookEndpoints.use((w) => loose(w.delete)("ep_1", { idempotencyKey: "" }))]
]

const others: ReadonlyArray<Case> = [
  ["PhoneNumbers.setDefaultSummaryTemplate of a local number", "number", undefined, PhoneNumbers.use((p) => loose(p.setDefaultSummaryTemplate)("0612345678", "tst-1"))],
  ["PhoneNumbers.setDefaultSummaryTemplate without a template", "summaryTemplateId", "is required", PhoneNumbers.use((p) => loose(p.setDefaultSummaryTemplate)(ALLO))],
  ["PhoneNumbers.setDefaultSummaryTemplate with a number as template", "summaryTemplateId", "must be a summary template id (tst-…) or null", PhoneNumbers.use((p) => loose(p.setDefaultSummaryTemplate)(ALLO, 7))],
  ["Users.list role as a number", "role", "must be a string", Users.use((u) => loose(u.list)({ role: 1 }))],
  ["Users.get of .", "id", "must be an id, not a path segment like . or ..", Users.use((u) => loose(u.get)("."))],
  ["Users.get of an object without prototype", "id", "must be a string", Users.use((u) => loose(u.get)(Object.create(null)))]
]

const conversations: ReadonlyArray<Case> = [
  ["Conversations.list since a day that does not exist", "lastActivitySince", "must be an ISO 8601 date-time (e.g. 2026-01-31T09:00:00Z)", Conversations.use((c) => loose(c.list)({ alloNumber: ALLO, lastActivitySince: "2024-02-30T00:00:00Z" }))],
  ["Conversations.list transcript as a string", "transcript", "must be a boolean", Conversations.use((c) => loose(c.list)({ alloNumber: ALLO, transcript: "yes" }))],
  ["Conversations.stream without an allo number", "alloNumber", "is required", Conversations.use((c) => looseStream(c.stream)({}))],
  ["Conversations.searchItems from 2024-02-30", "date.from", "must be a calendar day as YYYY-MM-DD", Conversations.use((c) => loose(c.searchItems)({ date: { from: "2024-02-30", to: "2024-03-01" } }))],
  ["Conversations.searchItems date without to", "date.to", "is required", Conversations.use((c) => loose(c.searchItems)({ date: { from: "2024-02-01" } }))],
  ["Conversations.searchItems tags as a string", "tags", "must be an array", Conversations.use((c) => loose(c.searchItems)({ tags: "billing" }))],
  ["Conversations.streamItems page size 0", "pageSize", "must be an integer from 1 to 100", Conversations.use((c) => looseStream(c.streamItems)({ pageSize: 0 }))],
  ["Conversations.getItem of cll- alone", "id", "must be a conversation item id starting with cll- or msg-", Conversations.use((c) => loose(c.getItem)("cll-"))],
  ["Conversations.getItem transcript as a number", "transcript", "must be a boolean", Conversations.use((c) => loose(c.getItem)("cll-1", { transcript: 1 }))],
  ["Conversations.getItems of one id, not a list", "ids", "must be an array", Conversations.use((c) => loose(c.getItems)("cll-1"))],
  ["Conversations.setStatus with DELETE", "action", "must be READ, UNREAD, ARCHIVE or UNARCHIVE", Conversations.use((c) => loose(c.setStatus)("+14155551234", "DELETE"))],
  ["Conversations.setStatus on a contact number as an array", "contactNumber", "must be a string", Conversations.use((c) => loose(c.setStatus)(["+14155551234"], "READ"))],
  ["Conversations.setStatus on a bad allo number", "alloNumber", undefined, Conversations.use((c) => loose(c.setStatus)("+14155551234", "READ", "main line"))],
  ["Conversations.updateSummary with blank content", "content", "must not be empty", Conversations.use((c) => loose(c.updateSummary)("cll-1", { content: "  " }))],
  ["Conversations.updateSummary of a text", "id", "must be a call id starting with cll-", Conversations.use((c) => loose(c.updateSummary)("msg-1", { content: "x" }))],
  ["Conversations.addTags with no tag", "tags", "must have at least one entry", Conversations.use((c) => loose(c.addTags)("cll-1", []))],
  ["Conversations.removeTag of ..", "tag", "must be an id, not a path segment like . or ..", Conversations.use((c) => loose(c.removeTag)("cll-1", ".."))]
]

describe("bad input: a ValidationError naming the field, and no request", () => {
  for (const [name, field, message, run] of [...contacts, ...webhooks, ...others, ...conversations]) {
    it.effect(`${name} → ${field}`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(run)
        assert.instanceOf(error, ValidationError)
        const v = error as ValidationError
        assert.strictEqual(v.errors[0]?.field, field)
        if (message !== undefined) assert.strictEqual(v.errors[0]?.message, message)
        assert.strictEqual(v.status, 0)
        assert.lengthOf(yield* (yield* FakeWithallo).requests, 0)
      }).pipe(Effect.provide(WithalloTest.layer())))
  }

  it.effect("getItems checks all 150 ids before any request: a bad 121st sends nothing", () =>
    Effect.gen(function*() {
      const ids = Array.from({ length: 150 }, (_, i) => (i === 120 ? "x-120" : `cll-${i}`))
      const error = yield* Effect.flip((yield* Conversations).getItems(ids))
      assert.instanceOf(error, ValidationError)
      assert.deepStrictEqual((error as ValidationError).errors.map((e) => e.field), ["ids[120]"])
      assert.strictEqual(error.operation, "Conversations.getItems")
      assert.lengthOf(yield* (yield* FakeWithallo).requests, 0)
    }).pipe(Effect.provide(WithalloTest.layer())))
})
