import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Call, CallResult, TranscriptEntry } from "../../src/schema/Call.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, describeRules } from "./rules.js"

const searched = at(fixtures.v1_calls_search.response.body.data.results)
const fromConversation = at(fixtures.v1_contact_conversation.response.body.data.results).call

describe("Call", () => {
  it.effect("decodes the calls search example", () =>
    Effect.gen(function*() {
      const call = yield* decode(Call, searched)
      assert.strictEqual(call.id, "call_abc123")
      assert.strictEqual(call.from_number, "+1234567890")
      assert.strictEqual(call.length_in_minutes, 5.5)
      assert.strictEqual(call.type, "INBOUND")
      assert.strictEqual(call.result, "ANSWERED")
      assert.strictEqual(call.start_date, "2024-01-15T10:30:00", "timestamps stay the string Allo sent")
      assert.strictEqual(call.transcript?.length, 2)
      assert.deepStrictEqual(call.transcript?.[0], {
        source: "AGENT",
        text: "Hello, how can I help you today?",
        time: "2024-01-15T10:30:05",
        start_seconds: 5,
        end_seconds: 8.5
      })
    }))

  it.effect("keeps the undocumented tags seen on conversation calls", () =>
    Effect.gen(function*() {
      const call = yield* decode(Call, fromConversation)
      assert.deepStrictEqual(call.tags, ["support", "order"])
      assert.strictEqual(call.tag, "support")
    }))

  it.effect("accepts result values seen live but not documented", () =>
    Effect.gen(function*() {
      for (const result of ["MISSED", "TRANSFERRED"]) {
        const call = yield* decode(Call, { ...searched, result })
        assert.strictEqual(call.result, result)
      }
    }))

  it.effect("accepts an anonymous caller", () =>
    Effect.gen(function*() {
      const call = yield* decode(Call, { ...searched, from_number: "anonymous" })
      assert.strictEqual(call.from_number, "anonymous")
    }))
})

describeRules("Call", Call, searched, {
  required: ["id"],
  nullable: ["to_number", "type", "result", "summary", "tag", "tags", "recording_url", "transcript"],
  enums: ["type", "result"]
})

describeRules("TranscriptEntry", TranscriptEntry, at(searched.transcript), {
  required: [],
  nullable: ["start_seconds", "end_seconds"],
  enums: ["source"]
})

/** The members of an open enum's type that are literals (not the `string & {}` catch-all). */
type Documented<T> = T extends string ? (string extends T ? never : T) : never

describe("CallResult type", () => {
  it("keeps the documented results as literals beside any other string", () => {
    // Type-level: `tsc` fails if the open enum collapses to plain `string`.
    const documented: Array<Documented<CallResult>> = [
      "ANSWERED", "VOICEMAIL", "TRANSFERRED_AI", "TRANSFERRED_EXTERNAL", "BLOCKED", "FAILED",
      "FAILED_EXTERNAL", "RECEIVED", "CLOSED", "MISSED", "TRANSFERRED"
    ]
    // @ts-expect-error an undocumented value is not one of the documented literals…
    const notDocumented: Documented<CallResult> = "SOMETHING_NEW"
    const stillAccepted: CallResult = "SOMETHING_NEW" // …but is still a CallResult
    // @ts-expect-error a number is not a CallResult
    const notAString: CallResult = 42
    assert.deepStrictEqual([...CallResult.literals], documented)
    // (The three values are only there for tsc.)
    void [notDocumented, stillAccepted, notAString]
  })
})
