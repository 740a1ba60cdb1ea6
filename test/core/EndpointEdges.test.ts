/**
 * Edges of the endpoint definitions a user meets indirectly: which ids reach
 * the operation's span, the page number a page reports when Allo leaves it
 * out, what `prepare` (the browser server's entry) makes of untyped input,
 * and the guard that keeps a `stream…` twin off an operation that cannot page.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import * as Result from "effect/Result"
import * as Endpoint from "../../src/Endpoint.js"
import { Companies } from "../../src/index.js"
import * as CallsEndpoints from "../../src/services/Calls.js"
import * as CompaniesEndpoints from "../../src/services/Companies.js"
import { WithalloTest } from "../../src/testing/index.js"
import { collectSpans } from "../support/spans.js"

describe("span attributes", () => {
  it.effect("the id a caller names is recorded on the operation's span under the endpoint's attribute", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const companies = yield* Companies
      yield* Effect.flip(companies.get("cmp_missing")).pipe(Effect.withTracer(tracer))
      const span = spans.find((s) => s.name === "Companies.get")
      assert.isDefined(span)
      assert.strictEqual(span!.attributes.get("withallo.company_id"), "cmp_missing")
    }).pipe(Effect.provide(Layer.mergeAll(WithalloTest.layer()))))

  it.effect("annotate records only attributes whose value was given", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      yield* Effect.withSpan(
        Endpoint.annotate(CompaniesEndpoints.get, { id: undefined } as never),
        "none"
      ).pipe(Effect.withTracer(tracer))
      yield* Effect.withSpan(Endpoint.annotate(CompaniesEndpoints.get, { id: "cmp_1" } as never), "one").pipe(Effect.withTracer(tracer))
      assert.deepStrictEqual([...spans.find((s) => s.name === "none")!.attributes.keys()], [])
      assert.deepStrictEqual([...spans.find((s) => s.name === "one")!.attributes], [["withallo.company_id", "cmp_1"]])
    }))
})

describe("the page a page reports", () => {
  it("v1 pages are 0-based: the requested page when Allo gives none, else Allo's", () => {
    const bare = { data: { results: [{ id: "a" }] } }
    assert.strictEqual(Endpoint.v1Page(bare, {}).page, 0)
    assert.strictEqual(Endpoint.v1Page(bare, { params: {} }).page, 0)
    assert.strictEqual(Endpoint.v1Page(bare, { params: { page: 3 } }).page, 3)
    const told = { data: { results: [{ id: "a" }], metadata: { pagination: { current_page: 5, total_pages: 9 } } } }
    assert.strictEqual(Endpoint.v1Page(told, { params: { page: 3 } }).page, 5)
  })

  it("v2 pages are 1-based: the requested page when Allo gives none, else Allo's", () => {
    const bare = { data: [{ id: "a" }] }
    assert.strictEqual(Endpoint.v2Page(bare, {}).page, 1)
    assert.strictEqual(Endpoint.v2Page(bare, { params: {} }).page, 1)
    assert.strictEqual(Endpoint.v2Page(bare, { params: { page: 4 } }).page, 4)
    const told = { data: [{ id: "a" }], pagination: { page: 2, total_count: 30, total_pages: 3, has_more: true } }
    assert.strictEqual(Endpoint.v2Page(told, { params: { page: 4 } }).page, 2)
  })
})

describe("prepare: untyped input to a request", () => {
  it("decodes the arguments by name, builds the path, query and idempotency, and ignores extra arguments", () => {
    const spec = CallsEndpoints.search.prepare([{ alloNumber: "+14155550100", size: 10, page: 2 }, "extra"])
    if (Result.isFailure(spec)) return assert.fail(spec.failure.message)
    const request = spec.success
    assert.strictEqual(request.operation, "Calls.search")
    assert.strictEqual(request.method, "GET")
    assert.strictEqual(request.path, "/v1/api/calls")
    assert.deepStrictEqual(request.query, { allo_number: "+14155550100", page: 2, size: 10 })
    assert.isUndefined(request.idempotencyKey)
  })

  it("refuses bad input with a ValidationError naming the field", () => {
    const spec = CompaniesEndpoints.get.prepare([".."])
    assert.isTrue(Result.isFailure(spec))
    const error = (spec as Result.Failure<unknown, { errors: ReadonlyArray<{ field: string }> }>).failure
    assert.strictEqual(error.errors[0]?.field, "id")
  })
})

describe("stream twins", () => {
  it("a stream of an operation that does not page, or whose last argument is not params, is refused at definition", () => {
    assert.throws(
      () => Endpoint.stream("Companies.getAll", CompaniesEndpoints.get as never, () => undefined),
      "Companies.getAll: a stream needs a paged operation whose last argument is params(...)"
    )
    const pagedById = Endpoint.make({
      name: "Things.list",
      method: "GET",
      path: "/v2/api/things/{id}",
      args: [Endpoint.arg("id", Schema.String)],
      response: Schema.Unknown,
      result: () => ({ items: [], page: 1, totalPages: 1, hasMore: false }),
      paging: { firstPage: 1 }
    } as never)
    assert.throws(
      () => Endpoint.stream("Things.stream", pagedById as never, () => undefined),
      "Things.stream: a stream needs a paged operation whose last argument is params(...)"
    )
    const page = () => ({ items: [], page: 1, totalPages: 1, hasMore: false })
    const base = { method: "GET", path: "/v2/api/things", response: Schema.Unknown, result: page } as const
    const refused = (name: string, definition: Record<string, unknown>) =>
      assert.throws(
        () => Endpoint.stream(name, Endpoint.make({ name, ...base, ...definition } as never) as never, () => undefined),
        `${name}: a stream needs a paged operation whose last argument is params(...)`
      )
    const pagedParams = Endpoint.params({ page: Schema.optional(Schema.Number), size: Schema.optional(Schema.Number) })
    // Each condition alone refuses: not paged, no argument, not named params, not a params(...) schema.
    refused("NotPaged.stream", { args: [Endpoint.arg("params", pagedParams)] })
    refused("NoArgs.stream", { args: [], paging: { firstPage: 1 } })
    refused("Named.stream", { args: [Endpoint.arg("query", pagedParams)], paging: { firstPage: 1 } })
    refused("Plain.stream", { args: [Endpoint.arg("params", Schema.Struct({ page: Schema.optional(Schema.Number) }))], paging: { firstPage: 1 } })
    // And the same endpoint, paged, with params(...) last, is accepted.
    const ok = Endpoint.make({ name: "Ok", ...base, args: [Endpoint.arg("params", pagedParams)], paging: { firstPage: 1 } } as never)
    assert.doesNotThrow(() => Endpoint.stream("Ok.stream", ok as never, () => undefined))
  })
})
