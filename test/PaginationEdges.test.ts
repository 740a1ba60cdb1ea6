/**
 * Pagination at its edges: pages whose numbers or counts are missing, a page
 * that says it is the last before the first page's count said so, pages
 * answered out of order, and records without an identity.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { fromV1, fromV2, type Page, pageStream } from "../src/Pagination.js"

describe("fromV1 without numbers", () => {
  it("numbers the page as requested; a page of records is taken as the last one", () => {
    assert.deepStrictEqual(fromV1({ data: { results: ["a", "b"] } }, 3), { items: ["a", "b"], page: 3, totalPages: 4, hasMore: false })
    assert.deepStrictEqual(fromV1({ data: { results: [] } }, 3), { items: [], page: 3, totalPages: 3, hasMore: false })
    assert.deepStrictEqual(fromV1({ data: { results: ["a"], metadata: { total_pages: 9 } } }, 4), {
      items: ["a"],
      page: 4,
      totalPages: 9,
      hasMore: true
    })
  })

  it("prefers the page number the API reports to the one requested", () => {
    assert.strictEqual(fromV1({ data: { results: ["a"], metadata: { total_pages: 9, current_page: 2 } } }, 5).page, 2)
    assert.strictEqual(fromV1({ data: { results: ["a"], metadata: { total_pages: 9, current_page: 0 } } }, 5).page, 0)
  })
})

describe("fromV2 edges", () => {
  it("null data is no items", () => {
    assert.deepStrictEqual(fromV2({ data: null, pagination: null }, 1), { items: [], page: 1, totalPages: 1, hasMore: false })
  })

  it("prefers the page number the API reports to the one requested", () => {
    assert.strictEqual(fromV2({ data: ["a"], pagination: { page: 2, total_count: 30, total_pages: 3, has_more: true } }, 7).page, 2)
  })

  it("has_more wins over the page count, but an empty page has no more", () => {
    assert.isTrue(fromV2({ data: ["a"], pagination: { page: 3, total_count: 3, total_pages: 3, has_more: true } }, 3).hasMore)
    assert.isFalse(fromV2({ data: ["a"], pagination: { page: 1, total_count: 30, total_pages: 3, has_more: false } }, 1).hasMore)
    assert.isFalse(fromV2({ data: [], pagination: { page: 1, total_count: 30, total_pages: 3, has_more: true } }, 1).hasMore)
  })

  it("without has_more the page count decides; without pagination a page is the last", () => {
    const noHasMore = (page: number) => JSON.parse(`{"data":["a"],"pagination":{"page":${page},"total_count":30,"total_pages":3}}`)
    assert.isTrue(fromV2(noHasMore(2), 2).hasMore)
    assert.isFalse(fromV2(noHasMore(3), 3).hasMore)
    assert.deepStrictEqual(fromV2({ data: ["a"] }, 2), { items: ["a"], page: 2, totalPages: 2, hasMore: false })
  })
})

/** A 0-based list of `pages` pages of ten, as a server reports it; answers may be delayed per page. */
const server = (pages: number, options: { readonly latency?: (page: number) => number; readonly page?: (n: number) => Page<{ id: string }> } = {}) => {
  const requested: Array<number> = []
  const fetch = (n: number) =>
    Effect.gen(function*() {
      requested.push(n)
      const latency = options.latency?.(n) ?? 0
      if (latency > 0) yield* Effect.sleep(Duration.millis(latency))
      if (options.page !== undefined) return options.page(n)
      const items = Array.from({ length: 10 }, (_, i) => ({ id: `p${n}-${i}` }))
      return { items, page: n, totalPages: pages, hasMore: n + 1 < pages } satisfies Page<{ id: string }>
    })
  return { requested, fetch }
}

describe("pageStream edges", () => {
  it.effect("a list that does not change, answered out of order, is requested once per page", () =>
    Effect.gen(function*() {
      const source = server(8, { latency: (n) => 800 - n * 100 })
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(pageStream({ firstPage: 0, concurrency: 4, idOf: (c) => c.id, fetch: source.fetch }))
      )
      yield* TestClock.adjust(Duration.seconds(10))
      assert.strictEqual((yield* Fiber.join(fiber)).length, 80)
      assert.deepStrictEqual([...source.requested].sort(), [0, 1, 2, 3, 4, 5, 6, 7])
    }))

  it.effect("a page that says it is the last ends the stream, whatever the first page counted", () =>
    Effect.gen(function*() {
      // The first page counts 6 pages; page 2 then says it is the last (the list shrank),
      // while this inconsistent server still answers later pages with records.
      const source = server(6, {
        page: (n) => ({ items: [{ id: `p${n}` }], page: n, totalPages: n < 2 ? 6 : 3, hasMore: n < 2 })
      })
      const out = yield* Stream.runCollect(pageStream({ firstPage: 0, concurrency: 1, idOf: (c) => c.id, fetch: source.fetch }))
      assert.deepStrictEqual(out.map((c) => c.id), ["p0", "p1", "p2"])
      assert.notInclude(source.requested, 5, "no fetch-ahead far past the last page")
    }))

  it.effect("a last page reached in the first page's count asks for nothing after it", () =>
    Effect.gen(function*() {
      for (const concurrency of [1, 4]) {
        const source = server(3)
        const out = yield* Stream.runCollect(pageStream({ firstPage: 0, concurrency, idOf: (c) => c.id, fetch: source.fetch }))
        assert.strictEqual(out.length, 30)
        assert.deepStrictEqual([...source.requested].sort(), [0, 1, 2], `concurrency ${concurrency}`)
      }
    }))

  it.effect("a concurrency below 1 still walks the list, one page at a time", () =>
    Effect.gen(function*() {
      const source = server(3)
      const out = yield* Stream.runCollect(pageStream({ firstPage: 0, concurrency: 0, idOf: (c) => c.id, fetch: source.fetch }))
      assert.strictEqual(out.length, 30)
    }))

  it.effect("records without an identity are never taken for repeats", () =>
    Effect.gen(function*() {
      const source = server(3, { page: (n) => ({ items: [{ id: "" }, { id: "" }], page: n, totalPages: 3, hasMore: n < 2 }) })
      const out = yield* Stream.runCollect(pageStream({ firstPage: 0, concurrency: 2, idOf: () => undefined, fetch: source.fetch }))
      assert.strictEqual(out.length, 6)
    }))

  it.effect("v2 lists start at page 1", () =>
    Effect.gen(function*() {
      const requested: Array<number> = []
      const fetch = (n: number) =>
        Effect.sync(() => {
          requested.push(n)
          return { items: [{ id: `p${n}` }], page: n, totalPages: 3, hasMore: n < 3 } satisfies Page<{ id: string }>
        })
      const out = yield* Stream.runCollect(pageStream({ firstPage: 1, concurrency: 2, idOf: (c) => c.id, fetch }))
      assert.deepStrictEqual(out.map((c) => c.id), ["p1", "p2", "p3"])
      assert.deepStrictEqual([...requested].sort(), [1, 2, 3])
    }))
})
