import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { SentSms, TextMessage } from "../../src/schema/Sms.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, describeRules } from "./rules.js"

const sentUs = fixtures.v1_sms_send_us.response.body.data
const sentFrance = fixtures.v1_sms_send_france.response.body.data
const inHistory = at(fixtures.v1_contact_conversation.response.body.data.results, 1).message

describe("SentSms", () => {
  it.effect("decodes a send from an Allo number", () =>
    Effect.gen(function*() {
      const sms = yield* decode(SentSms, sentUs)
      assert.strictEqual(sms.from_number, "+1234567890")
      assert.strictEqual(sms.sender_id, null)
      assert.strictEqual(sms.to_number, "+0987654321")
      assert.strictEqual(sms.type, "OUTBOUND")
      assert.strictEqual(sms.content, "Hello, this is a test message")
      assert.strictEqual(sms.start_date, "2024-01-15T10:30:00")
    }))

  it.effect("decodes a send with a French sender ID (no from number)", () =>
    Effect.gen(function*() {
      const sms = yield* decode(SentSms, sentFrance)
      assert.strictEqual(sms.from_number, null)
      assert.strictEqual(sms.sender_id, "MyCompany")
    }))
})

describe("TextMessage", () => {
  it.effect("decodes a message from a conversation, which has no sender_id key", () =>
    Effect.gen(function*() {
      const message = yield* decode(TextMessage, inHistory)
      assert.notProperty(message, "sender_id")
      assert.strictEqual(message.content, "Thank you for contacting us!")
    }))

  it.effect("decodes an inbound message", () =>
    Effect.gen(function*() {
      const message = yield* decode(TextMessage, { ...sentUs, type: "INBOUND" })
      assert.strictEqual(message.type, "INBOUND")
    }))
})

describeRules("TextMessage", TextMessage, sentUs, {
  required: [],
  nullable: ["from_number", "sender_id"],
  enums: ["type"]
})
