import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Result, Schema } from "effect"
import * as Root from "../../src/index.js"
import { UnknownWebhookEvent, WebhookEvent } from "../../src/webhooks/decode.js"
import type { WebhookPayloadError } from "../../src/WithalloError.js"
import { bodies, fixtureNames, untyped } from "./support.js"

const decodeOk = (body: string | Uint8Array) => WebhookEvent.decode(body)
const decodeErr = (body: string) => Effect.flip(WebhookEvent.decode(body))

describe("WebhookEvent.decode", () => {
  it("covers every webhook fixture", () => {
    assert.deepStrictEqual([...fixtureNames].sort(), Object.keys(bodies).sort())
  })

  it.effect("decodes the signed v2 call.received with its fields", () =>
    Effect.gen(function*() {
      const event = yield* decodeOk(bodies.webhook_v2_call_received_signed!)
      assert.isTrue(WebhookEvent.isTopic(event, "call.received"))
      if (!WebhookEvent.isTopic(event, "call.received")) return
      assert.strictEqual(event.version, "2.0")
      assert.strictEqual(event.timestamp, "2024-03-15T14:30:00.000Z")
      assert.strictEqual(event.data.from_number, "+33612345678")
      assert.strictEqual(event.data.to_number, "+33112345678")
      assert.strictEqual(event.data.user_email, "owner@example.com")
      assert.isNull(event.data.person)
      assert.isNull(event.data.deals)
    }))

  it.effect("keeps custom contact properties on call.received's person", () =>
    Effect.gen(function*() {
      const event = yield* decodeOk(bodies.webhook_v2_call_received_with_contact!)
      if (!WebhookEvent.isTopic(event, "call.received")) return assert.fail(`topic ${event.topic}`)
      const person = event.data.person
      assert.strictEqual(person?.id, "con_5MiGNHp2vI1AN6sTu4Cw")
      assert.strictEqual(person?.job_title, "Head of Sales")
      assert.deepStrictEqual(person?.emails, ["marie@example.com"])
      assert.strictEqual(person?.["linkedin_url"], "https://linkedin.com/in/mariedupont")
      assert.strictEqual(person?.["lead_source"], "Inbound")
      assert.strictEqual(event.data.company?.name, "Acme Corp")
      assert.strictEqual(event.data.deals?.[0]?.value, 25000)
      assert.strictEqual(event.data.deals?.[0]?.status, "qualified")
    }))

  it.effect("decodes the v2 call.completed guess", () =>
    Effect.gen(function*() {
      const event = yield* decodeOk(bodies.webhook_v2_call_completed_guess!)
      if (!WebhookEvent.isTopic(event, "call.completed")) return assert.fail(`topic ${event.topic}`)
      assert.strictEqual(event.timestamp, "2025-03-15T14:35:45.123456Z")
      assert.strictEqual(event.data.id, "cll-abc123")
      assert.strictEqual(event.data.length_in_minutes, 5.5)
      assert.strictEqual(event.data.result, "ANSWERED")
      assert.strictEqual(event.data.recording_url, "https://storage.withallo.com/recordings/cll-abc123.mp3")
    }))

  it.effect("decodes v1 CALL_RECEIVED with transcriptions, IVR and transfers", () =>
    Effect.gen(function*() {
      const event = yield* decodeOk(bodies.webhook_v1_call_received!)
      if (!WebhookEvent.isTopic(event, "CALL_RECEIVED")) return assert.fail(`topic ${event.topic}`)
      assert.strictEqual(event.data.id, "call_abc123")
      assert.strictEqual(event.data.to, "+0987654321")
      assert.strictEqual(event.data.length, "5m 30s")
      assert.strictEqual(event.data.transcriptions?.length, 2)
      assert.strictEqual(event.data.transcriptions?.[1]?.source, "USER")
      assert.strictEqual(event.data.ivr_result?.[0]?.text_key, "Sales")
      assert.deepStrictEqual(event.data.data_collected, {})
      assert.isNull(event.data.transfer_to)
      assert.strictEqual(event.data.type, "INBOUND")
    }))

  it.effect("decodes v1 SMS_RECEIVED and CONTACT_CREATED", () =>
    Effect.gen(function*() {
      const sms = yield* decodeOk(bodies.webhook_v1_sms_received!)
      if (!WebhookEvent.isTopic(sms, "SMS_RECEIVED")) return assert.fail(`topic ${sms.topic}`)
      assert.strictEqual(sms.data.content, "Hello, I wanted to check the status of my order.")
      assert.strictEqual(sms.data.type, "SMS")
      const contact = yield* decodeOk(bodies.webhook_v1_contact_created!)
      if (!WebhookEvent.isTopic(contact, "CONTACT_CREATED")) return assert.fail(`topic ${contact.topic}`)
      assert.strictEqual(contact.data.company, "Acme Corp")
      assert.deepStrictEqual(contact.data.numbers, ["+15551234567"])
    }))

  it.effect("decodes bytes the same as text", () =>
    Effect.gen(function*() {
      const text = bodies.webhook_v1_call_received!
      assert.deepStrictEqual(yield* decodeOk(new TextEncoder().encode(text)), yield* decodeOk(text))
    }))

  it.effect("decodes each documented topic, including the undocumented v2 ones", () =>
    Effect.gen(function*() {
      for (const topic of WebhookEvent.topics) {
        const data = topic === "SMS_RECEIVED" || topic === "SMS_SENT"
          ? { content: "hi", to_number: "+1" }
          : topic === "CONTACT_CREATED" || topic === "CONTACT_UPDATED"
          ? { id: "cnt_1" }
          : topic === "CALL_RECEIVED"
          ? { start_date: "2024-01-01", from_number: "+1", to: "+2" }
          : topic === "call.received"
          ? { from_number: "+1", to_number: "+2", started_at: "2024-01-01" }
          : { anything: [1, 2] }
        const event = yield* decodeOk(JSON.stringify({ topic, version: "2.0", timestamp: "t", data }))
        assert.strictEqual(event.topic, topic)
        assert.isTrue(WebhookEvent.isKnown(event))
      }
    }))

  it.effect("keeps unknown fields, accepts null and absence for nullable ones", () =>
    Effect.gen(function*() {
      const event = yield* decodeOk(JSON.stringify({
        topic: "SMS_SENT",
        data: { content: "hi", to_number: "+1", from_number: null, brand_new_field: { x: 1 } }
      }))
      if (!WebhookEvent.isTopic(event, "SMS_SENT")) return assert.fail(`topic ${event.topic}`)
      assert.isNull(event.data.from_number)
      assert.isUndefined(event.data.sent_at)
      assert.deepStrictEqual(event.data["brand_new_field"], { x: 1 })
    }))

  it.effect("accepts values outside a documented enum", () =>
    Effect.gen(function*() {
      const event = yield* decodeOk(JSON.stringify({
        topic: "CALL_RECEIVED",
        data: { start_date: "d", from_number: "+1", to: "+2", result: "SOMETHING_NEW", type: "INTERNAL" }
      }))
      if (!WebhookEvent.isTopic(event, "CALL_RECEIVED")) return assert.fail(`topic ${event.topic}`)
      assert.strictEqual(event.data.result, "SOMETHING_NEW")
      assert.strictEqual(event.data.type, "INTERNAL")
    }))

  it.effect("delivers an unknown topic as UnknownWebhookEvent with its data", () =>
    Effect.gen(function*() {
      const event = yield* decodeOk(`{"topic":"voicemail.left","version":"2.0","data":{"id":"vm_1","n":[1]}}`)
      assert.isFalse(WebhookEvent.isKnown(event))
      assert.strictEqual(event.topic, "voicemail.left")
      assert.deepStrictEqual(event.data, { id: "vm_1", n: [1] })
      assert.isTrue(Schema.is(UnknownWebhookEvent)(event))
    }))

  const malformed: ReadonlyArray<readonly [string, string, RegExp]> = [
    ["not JSON", `{"topic":`, /not valid JSON/],
    ["empty body", ``, /not valid JSON/],
    ["a JSON array", `[{"topic":"PING","data":{}}]`, /got an array/],
    ["a JSON string", `"PING"`, /got a string/],
    ["no topic", `{"data":{}}`, /"topic" field is missing/],
    ["numeric topic", `{"topic":42,"data":{}}`, /"topic" must be a string, got a number/],
    ["null topic", `{"topic":null,"data":{}}`, /"topic" must be a string, got null/],
    ["no data", `{"topic":"PING"}`, /"data" field of topic "PING" is missing/],
    ["array data", `{"topic":"call.received","data":[]}`, /must be an object, got an array/],
    ["string data on an unknown topic", `{"topic":"x.y","data":"hello"}`, /must be an object, got a string/],
    ["data not matching its topic", `{"topic":"SMS_RECEIVED","data":{"content":5,"to_number":"+1"}}`, /topic "SMS_RECEIVED".*\n.*\["content"\]/],
    ["missing required field", `{"topic":"call.received","data":{"from_number":"+1"}}`, /topic "call.received"/],
    ["non-string version", `{"topic":"call.completed","version":2,"data":{}}`, /\["version"\]/]
  ]
  for (const [name, body, message] of malformed) {
    it.effect(`fails with WebhookPayloadError on ${name}`, () =>
      Effect.gen(function*() {
        const error = yield* decodeErr(body)
        assert.strictEqual(error._tag, "WebhookPayloadError")
        assert.match(error.message, message)
      }))
  }
})

describe("WebhookEvent.decode from JavaScript", () => {
  it.effect("fails with WebhookPayloadError, never dies, when given anything but a raw body", () =>
    Effect.gen(function*() {
      const jsDecode = untyped<Effect.Effect<WebhookEvent, WebhookPayloadError>>(WebhookEvent, "decode")
      const jsDecodeResult = untyped<Result.Result<WebhookEvent, WebhookPayloadError>>(WebhookEvent, "decodeResult")
      for (const body of [null, undefined, 42, {}, { topic: "PING", data: {} }, [], new ArrayBuffer(2), true]) {
        const exit = yield* Effect.exit(jsDecode(body))
        assert.isTrue(Exit.isFailure(exit))
        const error = yield* Effect.flip(jsDecode(body))
        assert.strictEqual(error._tag, "WebhookPayloadError")
        assert.include(error.message, "expected the raw request body")
        assert.isTrue(Result.isFailure(jsDecodeResult(body)))
      }
    }))
})

describe("WebhookEvent from the package root", () => {
  it.effect("is the same Schema with decode, decodeResult, isKnown, isTopic and topics", () =>
    Effect.gen(function*() {
      assert.strictEqual(Root.WebhookEvent, WebhookEvent)
      const event = yield* Root.WebhookEvent.decode(bodies.webhook_v1_sms_received!)
      assert.isTrue(Root.WebhookEvent.isKnown(event) && Root.WebhookEvent.isTopic(event, "SMS_RECEIVED"))
      assert.isTrue(Result.isSuccess(Root.WebhookEvent.decodeResult(bodies.webhook_v1_sms_received!)))
      assert.include(Root.WebhookEvent.topics, "call.completed")
      assert.isTrue(Schema.is(Root.WebhookEvent)(event))
      assert.isTrue(Schema.is(Root.UnknownWebhookEvent)({ topic: "new.topic", data: {} }))
      assert.isFalse(Schema.is(Root.UnknownWebhookEvent)({ topic: "SMS_RECEIVED", data: {} }))
    }))
})

describe("WebhookEvent (as a Schema)", () => {
  it.effect("decodes known and unknown events through the union", () =>
    Effect.gen(function*() {
      const decode = Schema.decodeUnknownEffect(WebhookEvent)
      const known = yield* decode(JSON.parse(bodies.webhook_v1_sms_received!))
      assert.strictEqual(known.topic, "SMS_RECEIVED")
      const unknown = yield* decode({ topic: "new.thing", data: { a: 1 } })
      assert.deepStrictEqual(unknown.data, { a: 1 })
      const error = yield* Effect.flip(decode({ topic: "SMS_RECEIVED", data: { content: 1 } }))
      assert.strictEqual(error._tag, "SchemaError")
    }))
})
