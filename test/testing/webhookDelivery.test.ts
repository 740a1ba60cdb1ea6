/**
 * The in-memory fake delivers webhooks: signed v2 deliveries and unsigned v1
 * envelopes, to a target given to it, on Allo's retry schedule driven by
 * TestClock.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { Sms, WebhookEndpoints, WebhookEvent, WebhookReceiver, Webhooks } from "../../src/index.js"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"
import * as WithalloTest from "../../src/testing/WithalloTest.js"

const ALLO = "+14155550100"
const HOOK = "https://hooks.example.com/allo"

interface Captured {
  readonly headers: Record<string, string>
  readonly body: string
}

/** A web handler that records each request and answers the next status of `statuses` (the last one repeats). */
const recorder = (statuses: ReadonlyArray<number> = [200]) => {
  const seen: Array<Captured> = []
  const handler = async (request: Request) => {
    seen.push({ headers: Object.fromEntries(request.headers), body: await request.text() })
    return new Response("ok", { status: statuses[Math.min(seen.length - 1, statuses.length - 1)] ?? 200 })
  }
  return { seen, handler }
}

const sendSms = Effect.gen(function*() {
  yield* (yield* Sms).send({ from: ALLO, to: "+14155550199", message: "Hello" })
})

describe("webhook delivery (in memory)", () => {
  it.effect("delivers a signed sms.sent to a v2 endpoint; the SDK's receiver verifies it and runs its handler", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const endpoint = yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["sms.sent"] })
      const handled: Array<string> = []
      const receiver = WebhookReceiver.make({
        secret: endpoint.signing_secret ?? "",
        handlers: { "sms.sent": (event) => Effect.sync(() => void handled.push(event.data.to_number ?? "?")) }
      })
      yield* fake.setWebhookTarget(receiver)
      yield* sendSms
      const [delivery] = yield* fake.awaitWebhookDeliveries
      assert.deepStrictEqual(handled, ["+14155550199"])
      assert.strictEqual(delivery?.state, "delivered")
      assert.deepStrictEqual(delivery?.attempts.map((a) => a.status), [200])
      assert.match(delivery?.headers["webhook-id"] ?? "", /^msg_[A-Za-z0-9]{20}$/)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("delivers the v1 envelope {topic, data} unsigned to a v1 webhook on the number", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const { seen, handler } = recorder()
      yield* fake.setWebhookTarget(handler)
      yield* (yield* Webhooks).create({ alloNumber: ALLO, url: HOOK, topics: ["SMS_SENT"] })
      yield* sendSms
      yield* fake.awaitWebhookDeliveries
      assert.strictEqual(seen.length, 1)
      const body = JSON.parse(seen[0]!.body)
      assert.deepStrictEqual(Object.keys(body), ["topic", "data"])
      assert.strictEqual(body.topic, "SMS_SENT")
      assert.strictEqual(body.data.from_number, ALLO)
      assert.isUndefined(seen[0]!.headers["webhook-signature"])
      assert.isUndefined(seen[0]!.headers["webhook-id"])
      assert.strictEqual(seen[0]!.headers["content-type"], "application/json")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("retries on Allo's schedule (0, +5 s, +5 min, +30 min, +2 h, +5 h, +10 h, +10 h), same webhook-id, signed anew each time", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const { seen, handler } = recorder([503])
      yield* fake.setWebhookTarget(handler)
      const endpoint = yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["sms.sent"] })
      yield* sendSms
      const waits = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]
      assert.strictEqual((yield* fake.awaitWebhookDeliveries)[0]?.attempts.length, 1)
      for (const [i, wait] of waits.entries()) {
        yield* TestClock.adjust(wait - 1)
        assert.strictEqual((yield* fake.awaitWebhookDeliveries)[0]?.attempts.length, i + 1, `not before +${wait} ms`)
        yield* TestClock.adjust(1)
        assert.strictEqual((yield* fake.awaitWebhookDeliveries)[0]?.attempts.length, i + 2)
        // Each retry is signed for its own timestamp: it verifies when it arrives.
        const latest = seen[seen.length - 1]!
        yield* WebhookReceiver.verify({ body: latest.body, headers: latest.headers, secret: endpoint.signing_secret ?? "" })
      }
      yield* TestClock.adjust("100 hours")
      const [delivery] = yield* fake.awaitWebhookDeliveries
      assert.strictEqual(delivery?.state, "failed")
      assert.strictEqual(delivery?.attempts.length, 8)
      assert.deepStrictEqual(delivery?.attempts.map((a) => a.status), Array(8).fill(503))
      const first = delivery?.attempts[0]?.timeMillis ?? 0
      assert.deepStrictEqual(delivery?.attempts.map((a) => a.timeMillis - first), [0, 5_000, 305_000, 2_105_000, 9_305_000, 27_305_000, 63_305_000, 99_305_000])
      assert.strictEqual(new Set(seen.map((s) => s.headers["webhook-id"])).size, 1)
      assert.strictEqual(new Set(seen.map((s) => s.headers["webhook-timestamp"])).size, 8)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a handler that fails once gets the redelivery (same webhook-id) and the delivery ends delivered", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const endpoint = yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["sms.sent"] })
      const ids: Array<string | undefined> = []
      const receiver = WebhookReceiver.make({
        secret: endpoint.signing_secret ?? "",
        handlers: {
          "sms.sent": (_event, { id }) => {
            ids.push(id)
            return ids.length === 1 ? Effect.fail("database down") : Effect.void
          }
        }
      })
      yield* fake.setWebhookTarget(receiver)
      yield* sendSms
      assert.deepStrictEqual((yield* fake.awaitWebhookDeliveries)[0]?.attempts.map((a) => a.status), [500])
      yield* TestClock.adjust("5 seconds")
      const [delivery] = yield* fake.awaitWebhookDeliveries
      assert.deepStrictEqual(delivery?.attempts.map((a) => a.status), [500, 200])
      assert.strictEqual(delivery?.state, "delivered")
      assert.strictEqual(ids.length, 2)
      assert.strictEqual(ids[0], ids[1])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("no answer within 20 s (v2) is a failed attempt; a target that throws is one too", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.setWebhookTarget(() => new Promise<Response>(() => {}))
      yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["sms.sent"] })
      yield* sendSms
      yield* TestClock.adjust("20 seconds")
      const [timedOut] = yield* fake.awaitWebhookDeliveries
      assert.strictEqual(timedOut?.attempts[0]?.error, "no answer within 20 s")
      yield* fake.setWebhookTarget(() => Promise.reject(new Error("ECONNREFUSED 127.0.0.1:3000")))
      yield* TestClock.adjust("5 seconds")
      const [refused] = yield* fake.awaitWebhookDeliveries
      assert.strictEqual(refused?.attempts[1]?.error, "ECONNREFUSED 127.0.0.1:3000")
      assert.strictEqual(refused?.state, "pending")
      assert.strictEqual(refused?.nextAttemptMillis, (refused?.attempts[1]?.timeMillis ?? 0) + 300_000)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("without a target deliveries are recorded only, as before; reset stops pending retries", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["sms.sent"] })
      yield* sendSms
      const [recorded] = yield* fake.awaitWebhookDeliveries
      assert.strictEqual(recorded?.state, "recorded")
      assert.deepStrictEqual(recorded?.attempts, [])
      const { seen, handler } = recorder([500])
      yield* fake.setWebhookTarget(handler)
      yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["sms.sent"] })
      yield* sendSms
      yield* fake.awaitWebhookDeliveries
      const before = seen.length
      yield* fake.reset()
      yield* TestClock.adjust("1 hour")
      assert.strictEqual(seen.length, before)
      assert.deepStrictEqual(yield* fake.webhookDeliveries, [])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("webhookTimeScale compresses the schedule: at 0.001 the second attempt comes 5 ms after the first", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["sms.sent"] })
      yield* sendSms
      yield* fake.awaitWebhookDeliveries
      yield* TestClock.adjust(4)
      assert.strictEqual((yield* fake.awaitWebhookDeliveries)[0]?.attempts.length, 1)
      yield* TestClock.adjust(1)
      assert.strictEqual((yield* fake.awaitWebhookDeliveries)[0]?.attempts.length, 2)
    }).pipe(Effect.provide(WithalloTest.layer({}, { fake: { webhookTarget: recorder([500]).handler, webhookTimeScale: 0.001 } }))))

  it.effect("a target given to the layer receives deliveries from the start", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* (yield* WebhookEndpoints).create({ url: HOOK, topics: ["sms.sent"] })
      yield* sendSms
      assert.strictEqual((yield* fake.awaitWebhookDeliveries)[0]?.state, "delivered")
    }).pipe(Effect.provide(WithalloTest.layer({}, { fake: { webhookTarget: recorder().handler } }))))
})

describe("what happens in the fake raises its events", () => {
  it.effect("receiveSms: SMS_RECEIVED to the number's v1 webhook, sms.received to endpoints; the text joins the data", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const { seen, handler } = recorder()
      yield* fake.setWebhookTarget(handler)
      yield* (yield* Webhooks).create({ alloNumber: ALLO, url: `${HOOK}/v1`, topics: ["SMS_RECEIVED"] })
      yield* (yield* WebhookEndpoints).create({ url: `${HOOK}/v2`, topics: ["sms.received"] })
      yield* fake.receiveSms({ from: "+14155550123", content: "Is my order ready?" })
      yield* fake.awaitWebhookDeliveries
      const events = yield* Effect.forEach(seen, (s) => WebhookEvent.decode(s.body))
      assert.deepStrictEqual(events.map((e) => e.topic), ["SMS_RECEIVED", "sms.received"])
      const [v1] = events
      assert.isTrue(v1 !== undefined && WebhookEvent.isTopic(v1, "SMS_RECEIVED") && v1.data.to_number === ALLO && v1.data.from_number === "+14155550123")
      assert.strictEqual((yield* fake.state).messages[0]?.content, "Is my order ready?")
      const error = yield* Effect.flip(fake.receiveSms({ from: "not a number", content: "x" }))
      assert.deepStrictEqual(error.errors.map((e) => e.field), ["from"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("addCalls: each call raises call.completed (and call.received when inbound) and CALL_RECEIVED", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* (yield* Webhooks).create({ alloNumber: ALLO, url: `${HOOK}/v1`, topics: ["CALL_RECEIVED"] })
      yield* (yield* WebhookEndpoints).create({ url: `${HOOK}/v2`, topics: ["call.received", "call.completed"] })
      const [call] = yield* fake.addCalls(1, { alloNumber: ALLO })
      const deliveries = yield* fake.webhookDeliveries
      const inbound = call?.type === "INBOUND"
      assert.deepStrictEqual(
        deliveries.map((d) => d.topic),
        inbound ? ["call.received", "CALL_RECEIVED", "call.completed"] : ["CALL_RECEIVED", "call.completed"]
      )
      for (const delivery of deliveries) {
        const event = yield* WebhookEvent.decode(delivery.body)
        assert.isTrue(WebhookEvent.isKnown(event), delivery.topic)
      }
      assert.strictEqual(JSON.parse(deliveries.find((d) => d.topic === "CALL_RECEIVED")!.body).data.id, call?.id)
    }).pipe(Effect.provide(WithalloTest.layer())))
})
