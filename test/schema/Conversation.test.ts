import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { ConversationEntry } from "../../src/schema/Conversation.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, describeRules, without } from "./rules.js"

const results = fixtures.v1_contact_conversation.response.body.data.results
const callEntry = at(results, 0)
const fromConversation = fixtures.v1_contact_conversation.response.body.data.results[0]?.call ?? {}

describe("ConversationEntry", () => {
  it.effect("decodes a call entry and a text message entry", () =>
    Effect.gen(function*() {
      const call = yield* decode(ConversationEntry, callEntry)
      assert.strictEqual(call.type, "CALL")
      assert.strictEqual(call.call?.id, "call_abc123")
      assert.strictEqual(call.message, null)
      const text = yield* decode(ConversationEntry, at(results, 1))
      assert.strictEqual(text.type, "TEXT_MESSAGE")
      assert.strictEqual(text.call, null)
      assert.strictEqual(text.message?.to_number, "+0987654321")
    }))

  it.effect("fails when the embedded call lacks its id, naming the path", () =>
    Effect.gen(function*() {
      const call = without({ ...fromConversation }, "id")
      const result = yield* Effect.flip(decode(ConversationEntry, { ...callEntry, call }))
      assert.include(result.message, `["call"]["id"]`)
    }))
})

describeRules("ConversationEntry", ConversationEntry, callEntry, {
  required: [],
  nullable: ["call", "message"],
  enums: ["type"]
})
