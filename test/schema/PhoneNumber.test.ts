import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { PhoneNumber, PhoneNumberV2 } from "../../src/schema/PhoneNumber.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, describeRules } from "./rules.js"

const v1 = fixtures.v1_numbers_list.response.body.data
const v2 = fixtures.v2_numbers_list.response.body.data

describe("PhoneNumber", () => {
  it.effect("decodes the v1 numbers example", () =>
    Effect.gen(function*() {
      const numbers = yield* Effect.forEach(v1, (n) => decode(PhoneNumber, n))
      assert.deepStrictEqual(numbers[1], {
        number: "+33612345678",
        name: "France Office",
        country: "FR",
        is_shared_number: true
      })
    }))
})

describe("PhoneNumberV2", () => {
  it.effect("decodes a number with its capabilities and users", () =>
    Effect.gen(function*() {
      const number = yield* decode(PhoneNumberV2, at(v2, 1))
      assert.strictEqual(number.type, "NUMBER")
      assert.deepStrictEqual(number.capabilities, ["VOICE"])
      assert.deepStrictEqual(number.users?.map((u) => u.id), ["usr-abc123", "usr-def456"])
      assert.strictEqual(number.users?.[1]?.email, "marie@company.com")
    }))

  it.effect("decodes a sender ID, whose number is null", () =>
    Effect.gen(function*() {
      const senderId = yield* decode(PhoneNumberV2, at(v2, 2))
      assert.strictEqual(senderId.type, "SENDER_ID")
      assert.strictEqual(senderId.number, null)
      assert.deepStrictEqual(senderId.users, [])
    }))

  it.effect("accepts an undocumented capability", () =>
    Effect.gen(function*() {
      const number = yield* decode(PhoneNumberV2, { ...at(v2), capabilities: ["VOICE", "WHATSAPP"] })
      assert.deepStrictEqual(number.capabilities, ["VOICE", "WHATSAPP"])
    }))
})

describeRules("PhoneNumber", PhoneNumber, at(v1), {
  required: [],
  nullable: ["number", "name", "country"],
  enums: []
})

describeRules("PhoneNumberV2", PhoneNumberV2, at(v2), {
  required: [],
  nullable: ["number", "name", "country", "type", "capabilities", "users"],
  enums: ["type"]
})
