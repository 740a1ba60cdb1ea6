import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { PaginationInfo, V1FlatMetadata, V1NestedMetadata } from "../../src/schema/PaginationInfo.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { decode, decodeFailure, describeRules } from "./rules.js"

describe("PaginationInfo", () => {
  it.effect("decodes the v2 conversations pagination", () =>
    Effect.gen(function*() {
      const info = yield* decode(PaginationInfo, fixtures.v2_conversations_list.response.body.pagination)
      assert.deepStrictEqual(info, { page: 1, size: 20, total_count: 156, total_pages: 8, has_more: true })
    }))
})

describe("V1FlatMetadata", () => {
  it.effect("decodes the calls metadata", () =>
    Effect.gen(function*() {
      const metadata = yield* decode(V1FlatMetadata, fixtures.v1_calls_search.response.body.data.metadata)
      assert.deepStrictEqual(metadata, { total_pages: 5, current_page: 0 })
    }))
})

describe("V1NestedMetadata", () => {
  it.effect("decodes the contacts metadata", () =>
    Effect.gen(function*() {
      const metadata = yield* decode(V1NestedMetadata, fixtures.v1_contacts_list.response.body.data.metadata)
      assert.deepStrictEqual(metadata, { pagination: { total_pages: 5, current_page: 0 } })
    }))

  it.effect("rejects the flat layout, naming pagination", () =>
    Effect.gen(function*() {
      const message = yield* decodeFailure(V1NestedMetadata, fixtures.v1_calls_search.response.body.data.metadata)
      assert.include(message, `["pagination"]`)
    }))
})

describeRules("PaginationInfo", PaginationInfo, fixtures.v2_items_search.response.body.pagination, {
  required: ["page", "size", "total_count", "total_pages", "has_more"],
  nullable: [],
  enums: []
})
