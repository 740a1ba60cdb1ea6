import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import * as Endpoint from "../../src/Endpoint.js"
import { IdempotencyKey, PathId, PhoneNumber, V2Page, PageSize } from "../../src/internal/params.js"
import type { RequestSpec, Service } from "../../src/WithalloClient.js"

const recorder = (answer: (spec: RequestSpec<unknown>) => unknown) => {
  const specs: Array<RequestSpec<unknown>> = []
  const client: Service = {
    request: <A>(spec: RequestSpec<A>) =>
      Effect.sync(() => {
        specs.push(spec as RequestSpec<unknown>)
        return answer(spec as RequestSpec<unknown>) as A
      })
  }
  return { client, specs }
}

const update = Endpoint.make({
  name: "Things.update",
  method: "PUT",
  path: "/v2/api/things/{id}/parts/{part}",
  args: [
    Endpoint.arg("id", PathId),
    Endpoint.arg("part", PathId),
    Endpoint.optionalArg("params", Endpoint.params({
      alloNumber: Schema.optional(PhoneNumber),
      lastActivitySince: Schema.optional(Schema.String),
      flag: Schema.optional(Schema.Boolean),
      idempotencyKey: Schema.optional(IdempotencyKey)
    }, { flag: "is_flagged" }))
  ],
  queryKeys: ["is_flagged"],
  response: Schema.Struct({ data: Schema.String }),
  result: Endpoint.data,
  idempotency: "mint"
})

const list = Endpoint.make({
  name: "Things.list",
  method: "GET",
  path: "/v2/api/things",
  args: [Endpoint.optionalArg("params", Endpoint.params({
    alloNumber: Schema.optional(PhoneNumber),
    tags: Schema.optional(Schema.Array(Schema.String)),
    page: Schema.optional(V2Page),
    size: Schema.optional(PageSize)
  }))],
  response: Schema.Unknown,
  result: (r: unknown, input) => Endpoint.v2Page(r as Parameters<typeof Endpoint.v2Page<string>>[0], input),
  paging: { firstPage: 1 }
})

describe("Endpoint.request", () => {
  it("fills and percent-encodes path arguments, sends snake_case fields in the body, keys from rename in the query", () => {
    const input = update.decode(["a/b?c#d", "+1 2", { alloNumber: "+14155550100", lastActivitySince: "x", flag: true, idempotencyKey: "k-1" }])
    assert.isTrue(Result.isSuccess(input))
    if (!Result.isSuccess(input)) return
    const spec = update.request(input.success)
    assert.strictEqual(spec.path, "/v2/api/things/a%2Fb%3Fc%23d/parts/%2B1%202")
    assert.deepStrictEqual(spec.body, { allo_number: "+14155550100", last_activity_since: "x" })
    assert.deepStrictEqual(spec.query, { is_flagged: true })
    assert.strictEqual(spec.idempotencyKey, "k-1")
    assert.strictEqual(spec.mintIdempotencyKey, true)
    assert.strictEqual(spec.method, "PUT")
    assert.strictEqual(spec.operation, "Things.update")
  })

  it("a write with no fields still sends an empty JSON body; a read sends none", () => {
    const w = update.decode(["x", "y"])
    assert.isTrue(Result.isSuccess(w))
    if (Result.isSuccess(w)) {
      const spec = update.request(w.success)
      assert.deepStrictEqual(spec.body, {})
      assert.deepStrictEqual(spec.query, {})
      assert.isUndefined(spec.idempotencyKey)
    }
    const r = list.decode([{ alloNumber: "+14155550100", tags: ["a", "b"] }])
    assert.isTrue(Result.isSuccess(r))
    if (Result.isSuccess(r)) {
      const spec = list.request(r.success)
      assert.isUndefined(spec.body)
      assert.deepStrictEqual(spec.query, { allo_number: "+14155550100", tags: ["a", "b"] })
      assert.isUndefined(spec.mintIdempotencyKey)
    }
  })

  it("refuses . and .. and lone surrogates as ids, naming the argument", () => {
    for (const id of [".", "..", "\ud800", "", "   "]) {
      const r = update.decode([id, "ok"])
      assert.isTrue(Result.isFailure(r), JSON.stringify(id))
      if (Result.isFailure(r)) assert.strictEqual(r.failure.errors[0]?.field, "id")
    }
    const second = update.decode(["ok", ".."])
    assert.isTrue(Result.isFailure(second) && second.failure.errors[0]?.field === "part")
  })

  it("extra positional arguments are ignored, as JavaScript would; every bad field is listed", () => {
    assert.isTrue(Result.isSuccess(update.decode(["a", "b", undefined, "extra"])))
    const r = update.decode([1, "b", { alloNumber: "x", flag: "yes" }])
    assert.isTrue(Result.isFailure(r))
    if (Result.isFailure(r)) {
      assert.deepStrictEqual(r.failure.errors.map((e) => e.field), ["id", "alloNumber", "flag"])
      assert.strictEqual(r.failure.message, "Things.update: invalid id: must be a string")
    }
  })
})

describe("Endpoint.stream", () => {
  it.effect("walks every page with pageSize as size and stops at the last", () =>
    Effect.gen(function*() {
      const { client, specs } = recorder((spec) => {
        const page = Number(spec.query?.page)
        return { data: [`p${page}a`, `p${page}b`], pagination: { page, size: 2, total_count: 6, total_pages: 3, has_more: page < 3 } }
      })
      const items = yield* Stream.runCollect(Endpoint.stream("Things.stream", list, (s: string) => s)(client)({ pageSize: 2, concurrency: 1, tags: ["t"] }))
      assert.deepStrictEqual(items, ["p1a", "p1b", "p2a", "p2b", "p3a", "p3b"])
      assert.deepStrictEqual(specs.map((s) => s.query), [1, 2, 3].map((page) => ({ tags: ["t"], page, size: 2 })))
    }))

  it.effect("defaults to pages of 100 and takes no params at all", () =>
    Effect.gen(function*() {
      const { client, specs } = recorder(() => ({ data: [], pagination: { page: 1, size: 100, total_count: 0, total_pages: 0, has_more: false } }))
      assert.deepStrictEqual(yield* Stream.runCollect(Endpoint.stream("Things.stream", list, (s: string) => s)(client)()), [])
      assert.deepStrictEqual(specs.map((s) => s.query), [{ page: 1, size: 100 }])
    }))
})
