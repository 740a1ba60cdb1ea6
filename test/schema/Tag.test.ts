import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { Tag } from "../../src/schema/Tag.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, describeRules } from "./rules.js"

const tags = fixtures.v2_tags_list.response.body.data

describe("Tag", () => {
  it.effect("decodes the tags example", () =>
    Effect.gen(function*() {
      const decoded = yield* Effect.forEach(tags, (t) => decode(Tag, t))
      assert.deepStrictEqual(decoded, [
        { id: "tag-abc123", name: "qualified", color: "#00AA00" },
        { id: "tag-def456", name: "follow_up", color: "#FF8800" }
      ])
    }))
})

describeRules("Tag", Tag, at(tags), {
  required: ["id"],
  nullable: ["name", "color"],
  enums: []
})
