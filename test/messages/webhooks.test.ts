import { assert, layer } from "@effect/vitest"
import { Effect } from "effect"
import { Conversations, Messages, WebhookEvent, WebhookReceiver } from "../../src/index.js"
import { FakeWithallo } from "../../src/testing/index.js"
import { eventsUntil, FROM, messagesOver, pgliteLayer, resetLog, TO } from "./support.js"

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

/** Posts a signed v2 delivery to a receiver built with the log's handlers — the one line a user adds. */
const deliver = (body: unknown, id: string) =>
  Effect.gen(function*() {
    const receiver = WebhookReceiver.make({ secret: SECRET, handlers: { ...Messages.webhookHandlers } })
    const text = JSON.stringify(body)
    const headers = yield* WebhookReceiver.sign({ id, timestamp: new Date(), body: text, secret: SECRET })
    return yield* receiver.handle({ body: text, headers })
  })

const itemIdOf = (content: string) =>
  Effect.map(
    Conversations.use((c) => c.searchItems({ contactNumber: TO, type: "SMS", direction: "OUTBOUND" })),
    (page) => page.items.find((item) => item.content === content)?.id ?? ""
  )

layer(pgliteLayer, { excludeTestServices: true, timeout: "180 seconds" })("Messages and webhooks", (it) => {
  it.effect("sms.sent through WebhookReceiver confirms the message, once per delivery id", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const sent = yield* messages.send({ key: "conf-1", from: FROM, to: TO, message: "Confirm me" })
      const itemId = yield* itemIdOf("Confirm me")
      const body = {
        topic: "sms.sent",
        version: "2.0",
        data: { id: itemId, direction: "OUTBOUND", type: "SMS", content: "Confirm me", from_number: FROM, to_number: TO }
      }
      const first = yield* deliver(body, "msg_delivery_1")
      assert.strictEqual(first.status, 200)
      const redelivered = yield* deliver(body, "msg_delivery_1")
      assert.strictEqual(redelivered.status, 200)
      const confirmed = yield* messages.get(sent.id)
      assert.strictEqual(confirmed.status, "confirmed")
      assert.strictEqual(confirmed.alloItemId, itemId)
      assert.isNotNull(confirmed.confirmedAt)
      const events = yield* eventsUntil((e) => e._tag === "MessageConfirmed")
      assert.deepStrictEqual(events.map((e) => e._tag), ["MessageQueued", "MessageSent", "MessageConfirmed"])
    }).pipe(Effect.provide(messagesOver())))

  it.effect("a v1 SMS_SENT settles a message still being reconciled: sent, then confirmed, never re-sent", () =>
    Effect.gen(function*() {
      yield* resetLog
      const fake = yield* FakeWithallo
      const messages = yield* Messages
      yield* fake.injectFault({ method: "POST", path: "/v1/api/sms", fault: { _tag: "StallBody" } })
      // Searches fail meanwhile, so only the webhook can settle it.
      yield* fake.injectFault({ path: "/v2/api/conversations/items/search", times: 1000, fault: { _tag: "Status", status: 503 } })
      const pending = yield* messages.send({ key: "via-hook", from: FROM, to: TO, message: "Hook me" })
      assert.strictEqual(pending.status, "sending")
      const event = yield* WebhookEvent.decode(JSON.stringify({
        topic: "SMS_SENT",
        data: { id: "msg-hook1", content: "Hook me", from_number: FROM, to_number: TO, sent_at: "2026-01-01T00:00:00" }
      }))
      yield* messages.handleWebhook(event)
      const settled = yield* messages.get("via-hook")
      assert.strictEqual(settled.status, "confirmed")
      const events = yield* eventsUntil((e) => e._tag === "MessageConfirmed")
      const sentEvent = events.find((e) => e._tag === "MessageSent")
      assert.isTrue(sentEvent?._tag === "MessageSent" && sentEvent.reconciled)
      assert.lengthOf(yield* fake.sentSms, 1)
    }).pipe(Effect.provide(messagesOver())))

  it.effect("sms.received logs an inbound text once; other topics leave the log alone", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const inbound = {
        topic: "sms.received",
        version: "2.0",
        data: { id: "msg-in42", direction: "INBOUND", type: "SMS", content: "STOP", from_number: TO, to_number: FROM }
      }
      assert.strictEqual((yield* deliver(inbound, "d1")).status, 200)
      assert.strictEqual((yield* deliver(inbound, "d2")).status, 200)
      const other = { topic: "contact.created", version: "2.0", data: { id: "cnt-1" } }
      assert.strictEqual((yield* deliver(other, "d3")).status, 200)
      const page = yield* messages.search({ direction: "inbound" })
      assert.lengthOf(page.items, 1)
      const received = page.items[0]
      assert.strictEqual(received?.status, "received")
      assert.strictEqual(received?.from, TO)
      assert.strictEqual(received?.body, "STOP")
      assert.strictEqual(received?.alloItemId, "msg-in42")
      const events = yield* eventsUntil((e) => e._tag === "MessageReceived")
      assert.deepStrictEqual(events.map((e) => e._tag), ["MessageReceived"])
      assert.strictEqual((yield* messages.search()).totalCount, 1)
    }).pipe(Effect.provide(messagesOver())))

  it.effect("storeBodies: false logs inbound texts without their body", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const event = yield* WebhookEvent.decode(JSON.stringify({
        topic: "SMS_RECEIVED",
        data: { id: "msg-in43", content: "my card is 4111", from_number: TO, to_number: FROM, sent_at: "2026-01-01T00:00:00" }
      }))
      yield* messages.handleWebhook(event)
      const received = yield* messages.get("received:msg-in43")
      assert.isNull(received.body)
      assert.match(received.bodySha256, /^[0-9a-f]{64}$/)
    }).pipe(Effect.provide(messagesOver({ storeBodies: false }))))
})
