/**
 * Bad inputs fail with a ValidationError naming the field, and nothing is sent.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Stream } from "effect"
import { Calls, Contacts, Conversations, Sms, WebhookEndpoints, Webhooks, Withallo } from "../../src/index.js"
import { makeStub } from "../support/stub.js"

const cases: ReadonlyArray<readonly [string, string, Effect.Effect<unknown, unknown, Withallo.Services>]> = [
  ["Sms.send without + in from", "from", Sms.use((s) => s.send({ from: "14155550100", to: "+14155550199", message: "hi" }))],
  ["Sms.send with spaces in to", "to", Sms.use((s) => s.send({ from: "+14155550100", to: "+1 415 555", message: "hi" }))],
  ["Sms.send with 16 digits", "to", Sms.use((s) => s.send({ from: "+14155550100", to: "+1234567890123456", message: "hi" }))],
  ["Sms.send empty message", "message", Sms.use((s) => s.send({ from: "+14155550100", to: "+14155550199", message: "" }))],
  ["Sms.send 1001 characters", "message", Sms.use((s) => s.send({ from: "+14155550100", to: "+14155550199", message: "x".repeat(1001) }))],
  ["Sms.sendFrance short sender id", "senderId", Sms.use((s) => s.sendFrance({ senderId: "AB", to: "+33612345678", message: "x" }))],
  ["Sms.sendFrance sender id with a space", "senderId", Sms.use((s) => s.sendFrance({ senderId: "My Co", to: "+33612345678", message: "x" }))],
  ["Calls.search size 0", "size", Calls.use((c) => c.search({ alloNumber: "+14155550100", size: 0 }))],
  ["Calls.search size 101", "size", Calls.use((c) => c.search({ alloNumber: "+14155550100", size: 101 }))],
  ["Calls.search page -1", "page", Calls.use((c) => c.search({ alloNumber: "+14155550100", page: -1 }))],
  ["Calls.search bad allo number", "alloNumber", Calls.use((c) => c.search({ alloNumber: "main line" }))],
  ["Calls.stream bad page size", "pageSize", Calls.use((c) => Stream.runDrain(c.stream({ alloNumber: "+14155550100", pageSize: 500 })))],
  ["Contacts.create without numbers", "numbers", Contacts.use((c) => c.create({ numbers: [] }))],
  ["Contacts.create with a bad number", "numbers[1]", Contacts.use((c) => c.create({ numbers: ["+14155550100", "0612"] }))],
  ["Contacts.update with nothing", "params", Contacts.use((c) => c.update("cnt_1", {}))],
  ["Contacts.get empty id", "id", Contacts.use((c) => c.get(""))],
  ["Webhooks.create bad url", "url", Webhooks.use((w) => w.create({ alloNumber: "+14155550100", url: "not a url", topics: ["PING"] }))],
  ["Webhooks.create no topic", "topics", Webhooks.use((w) => w.create({ alloNumber: "+14155550100", url: "https://x.test", topics: [] }))],
  ["Webhooks.create no known topic", "topics", Webhooks.use((w) => w.create({ alloNumber: "+14155550100", url: "https://x.test", topics: ["call.received"] }))],
  ["Conversations.getItem bad prefix", "id", Conversations.use((c) => c.getItem("call_123"))],
  ["Conversations.getItems one bad id", "ids[1]", Conversations.use((c) => c.getItems(["cll-1", "x-2"]))],
  ["Conversations.list page 0", "page", Conversations.use((c) => c.list({ alloNumber: "+14155550100", page: 0 }))],
  ["Conversations.searchItems punctuation only", "search", Conversations.use((c) => c.searchItems({ search: "?!" }))],
  ["Conversations.updateSummary on a text", "id", Conversations.use((c) => c.updateSummary("msg-1", { content: "x" }))],
  ["Sms.send with an empty idempotency key", "idempotencyKey", Sms.use((s) => s.send({ from: "+14155550100", to: "+14155550199", message: "hi", idempotencyKey: " " }))],
  ["Contacts.create with an empty idempotency key", "idempotencyKey", Contacts.use((c) => c.create({ numbers: ["+14155550100"], idempotencyKey: "" }))],
  ["Conversations.addTags with an empty idempotency key", "idempotencyKey", Conversations.use((c) => c.addTags("cll-1", ["x"], { idempotencyKey: "" }))],
  ["WebhookEndpoints.create no topic", "topics", WebhookEndpoints.use((w) => w.create({ url: "https://x.test", topics: [] }))]
]

describe("input checks", () => {
  for (const [name, field, program] of cases) {
    it.effect(`${name} → ValidationError on ${field}, no request`, () =>
      Effect.gen(function*() {
        const stub = makeStub([{ status: 200, body: {} }])
        const error = yield* Effect.flip(Effect.provide(program, Withallo.services.pipe(Layer.provide(stub.layer()))))
        assert.strictEqual((error as { _tag: string })._tag, "ValidationError")
        const v = error as { errors: ReadonlyArray<{ field?: string }>; message: string; status: number }
        assert.strictEqual(v.errors[0]?.field, field)
        assert.include(v.message, field)
        assert.strictEqual(v.status, 0)
        assert.strictEqual(stub.sent.length, 0)
      }))
  }

  it.effect("accepts Allo's own +0… placeholder numbers", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 200, body: { data: { to_number: "+0987654321", type: "OUTBOUND", content: "x", start_date: "2024-01-15T10:30:00" } } }])
      yield* Sms.use((s) => s.send({ from: "+0123456789", to: "+0987654321", message: "x" })).pipe(
        Effect.provide(Withallo.services.pipe(Layer.provide(stub.layer())))
      )
      assert.strictEqual(stub.sent.length, 1)
    }))

  it.effect("getItems splits more than 100 ids into batches and keeps the order asked", () =>
    Effect.gen(function*() {
      const ids = Array.from({ length: 250 }, (_, i) => `cll-${i}`)
      const stub = makeStub((req) => {
        const asked: Array<string> = JSON.parse(req.body ?? "{}").ids
        // Allo omits unknown ids and may answer in any order.
        const known = asked.filter((id) => id !== "cll-7").reverse()
        return {
          status: 200,
          body: {
            data: known.map((id) => ({ id, type: "CALL", direction: "INBOUND", allo_number: "+1", contact_number: "+2", contacts: [], date: "2026-01-01T00:00:00Z" }))
          }
        }
      })
      const items = yield* Conversations.use((c) => c.getItems(ids)).pipe(
        Effect.provide(Withallo.services.pipe(Layer.provide(stub.layer())))
      )
      assert.deepStrictEqual(stub.sent.map((r) => JSON.parse(r.body ?? "{}").ids.length), [100, 100, 50])
      assert.deepStrictEqual(items.map((i) => i.id), ids.filter((id) => id !== "cll-7"))
    }))
})
