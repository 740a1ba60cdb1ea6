/**
 * `FakeWithallo.trigger`: any topic on demand, with realistic default data,
 * to the subscribed webhooks or to one URL.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Conversations, WebhookEndpoints, WebhookEvent, WebhookReceiver, Webhooks } from "../../src/index.js"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"
import * as WithalloTest from "../../src/testing/WithalloTest.js"

const HOOK = "https://hooks.example.com/allo"
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

const capture = () => {
  const bodies: Array<{ readonly body: string; readonly headers: Record<string, string> }> = []
  const handler = async (request: Request) => {
    bodies.push({ body: await request.text(), headers: Object.fromEntries(request.headers) })
    return new Response(null, { status: 204 })
  }
  return { bodies, handler }
}

describe("FakeWithallo.trigger", () => {
  it.effect("every topic the SDK knows gets default data that decodes as that topic, not as an unknown event", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const { bodies, handler } = capture()
      yield* fake.setWebhookTarget(handler)
      for (const topic of WebhookEvent.topics) yield* fake.trigger(topic, undefined, { to: HOOK })
      yield* fake.awaitWebhookDeliveries
      assert.strictEqual(bodies.length, WebhookEvent.topics.length)
      for (const [i, { body }] of bodies.entries()) {
        const event = yield* WebhookEvent.decode(body)
        assert.strictEqual(event.topic, WebhookEvent.topics[i])
        assert.isTrue(WebhookEvent.isKnown(event), event.topic)
        const envelope = JSON.parse(body)
        assert.deepStrictEqual(Object.keys(envelope), /^[A-Z]/.test(event.topic) ? ["topic", "data"] : ["topic", "version", "timestamp", "data"])
      }
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("goes to every endpoint subscribed to a v2 topic, signed with its secret; data overrides the defaults", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const endpoint = yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["call.completed"] })
      yield* (yield* WebhookEndpoints).create({ url: `${HOOK}/sms`, topics: ["sms.received"] })
      const seen: Array<WebhookEvent> = []
      const receiver = WebhookReceiver.make({
        secret: endpoint.signing_secret ?? "",
        handlers: { "call.completed": (event) => Effect.sync(() => void seen.push(event)) }
      })
      yield* fake.setWebhookTarget(receiver)
      const made = yield* fake.trigger("call.completed", { summary: "Booked a demo" })
      assert.deepStrictEqual(made.map((d) => [d.url, d.webhookId]), [[HOOK, endpoint.id]])
      const [delivery] = yield* fake.awaitWebhookDeliveries
      assert.strictEqual(delivery?.state, "delivered")
      const [event] = seen
      assert.isTrue(event !== undefined && WebhookEvent.isTopic(event, "call.completed"))
      if (event === undefined || !WebhookEvent.isTopic(event, "call.completed")) return
      assert.strictEqual(event.data.summary, "Booked a demo")
      assert.strictEqual(event.data.result, "ANSWERED")
      // The call it describes exists: a handler can read it back.
      const item = yield* (yield* Conversations).getItem(event.data.id ?? "")
      assert.strictEqual(item.id, event.data.id)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a v1 topic goes unsigned to the subscribed v1 webhooks; nothing subscribed means no delivery and no new data", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const { bodies, handler } = capture()
      yield* fake.setWebhookTarget(handler)
      const before = (yield* fake.state).callCount
      assert.deepStrictEqual(yield* fake.trigger("CALL_RECEIVED"), [])
      assert.strictEqual((yield* fake.state).callCount, before)
      yield* (yield* Webhooks).create({ alloNumber: "+33612345678", url: HOOK, topics: ["CALL_RECEIVED"] })
      yield* fake.trigger("CALL_RECEIVED")
      yield* fake.awaitWebhookDeliveries
      assert.strictEqual(bodies.length, 1)
      const event = yield* WebhookEvent.decode(bodies[0]!.body)
      assert.isTrue(WebhookEvent.isTopic(event, "CALL_RECEIVED") && event.data.to === "+33612345678")
      assert.isUndefined(bodies[0]!.headers["webhook-signature"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("to a URL: signed with `secret` when given, any topic (an unknown one reaches onUnknown)", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const unknown: Array<string> = []
      const received: Array<string> = []
      yield* fake.setWebhookTarget(WebhookReceiver.make({
        secret: SECRET,
        handlers: { "sms.received": (event) => Effect.sync(() => void received.push(event.data.content ?? "")) },
        onUnknown: (event) => Effect.sync(() => void unknown.push(event.topic))
      }))
      yield* fake.trigger("sms.received", { content: "Ping" }, { to: HOOK, secret: SECRET })
      yield* fake.trigger("voicemail.transcribed", { id: "vm_1" }, { to: HOOK, secret: SECRET })
      const deliveries = yield* fake.awaitWebhookDeliveries
      assert.deepStrictEqual(deliveries.map((d) => d.state), ["delivered", "delivered"])
      assert.deepStrictEqual(received, ["Ping"])
      assert.deepStrictEqual(unknown, ["voicemail.transcribed"])
      // Unsigned, the same receiver refuses it.
      yield* fake.trigger("sms.received", undefined, { to: HOOK })
      assert.deepStrictEqual((yield* fake.awaitWebhookDeliveries)[2]?.attempts.map((a) => a.status), [401])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("bad input fails with ValidationError naming the field, and nothing is delivered", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const field = (effect: Effect.Effect<unknown, { readonly errors: ReadonlyArray<{ readonly field?: string | undefined }> }>) =>
        Effect.map(Effect.flip(effect), (error) => error.errors[0]?.field)
      assert.strictEqual(yield* field(fake.trigger("")), "topic")
      assert.strictEqual(yield* field(fake.trigger("call completed")), "topic")
      assert.strictEqual(yield* field(fake.trigger("call.completed", JSON.parse("[1]"))), "data")
      assert.strictEqual(yield* field(fake.trigger("call.completed", undefined, { to: "ftp://x" })), "to")
      assert.strictEqual(yield* field(fake.trigger("call.completed", undefined, { to: HOOK, secret: "notasecret!" })), "secret")
      assert.strictEqual(yield* field(fake.trigger("call.completed", undefined, { secret: SECRET })), "secret")
      const error = yield* Effect.flip(fake.trigger("call.completed", undefined, { to: HOOK, secret: "notasecret!" }))
      assert.notInclude(error.message, "notasecret")
      assert.deepStrictEqual(yield* fake.webhookDeliveries, [])
    }).pipe(Effect.provide(WithalloTest.layer())))
})
