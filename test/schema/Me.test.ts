import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Me, MeEndpoint, MeTeam, RateLimits } from "../../src/schema/Me.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, decodeFailure, describeRules } from "./rules.js"

const me = fixtures.v2_me.response.body.data

describe("Me", () => {
  it.effect("decodes the /me example", () =>
    Effect.gen(function*() {
      const decoded = yield* decode(Me, me)
      assert.strictEqual(decoded.api_key_id, "api-abc123def456")
      assert.include(decoded.scopes ?? [], "TAGS_WRITE")
      assert.strictEqual(decoded.endpoints?.length, 5)
      assert.deepStrictEqual(decoded.endpoints?.[0], {
        method: "GET",
        path: "/v2/api/conversations",
        description: "List conversations grouped by contact number",
        scope: "CONVERSATIONS_READ"
      })
      assert.deepStrictEqual(decoded.team, { id: "team-xyz789", name: "Acme Sales" })
      assert.deepStrictEqual(decoded.rate_limits, { read_per_second: 20, write_per_second: 5 })
    }))

  it.effect("accepts scopes Allo has not documented yet", () =>
    Effect.gen(function*() {
      const decoded = yield* decode(Me, { ...me, scopes: ["NOTES_READ"] })
      assert.deepStrictEqual(decoded.scopes, ["NOTES_READ"])
    }))

  it.effect("decodes an endpoint without a scope (/v2/api/me needs none) and partial rate limits", () =>
    Effect.gen(function*() {
      const decoded = yield* decode(Me, {
        ...me,
        endpoints: [{ method: "GET", path: "/v2/api/me", description: "Me" }],
        rate_limits: { read_per_second: 20 }
      })
      assert.deepStrictEqual(decoded.endpoints, [{ method: "GET", path: "/v2/api/me", description: "Me" }])
      assert.deepStrictEqual(decoded.rate_limits, { read_per_second: 20 })
    }))

  it.effect("still names a broken id by its path", () =>
    Effect.gen(function*() {
      const message = yield* decodeFailure(Me, { ...me, api_key_id: 42 })
      assert.include(message, `["api_key_id"]`)
    }))
})

describeRules("Me", Me, me, {
  required: ["api_key_id"],
  nullable: ["scopes", "endpoints", "team", "rate_limits"],
  enums: []
})

describeRules("MeEndpoint", MeEndpoint, at(me.endpoints), {
  required: ["method", "path"],
  nullable: ["description", "scope"],
  enums: ["method", "scope"]
})

describeRules("MeTeam", MeTeam, me.team, {
  required: ["id"],
  nullable: ["name"],
  enums: []
})

describeRules("RateLimits", RateLimits, me.rate_limits, {
  required: [],
  nullable: ["read_per_second", "write_per_second"],
  enums: []
})
