import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { fromV1, fromV2, type Page, pageStream } from "../src/Pagination.js"
import { ServerError } from "../src/WithalloError.js"

/** A newest-first list served in 0-based pages, like Allo's v1 lists. */
const list = (size: number) => {
  const items = Array.from({ length: size }, (_, i) => ({ id: `call_${size - i}` }))
  const requested: Array<number> = []
  const fetch = (pageSize: number, latency?: (page: number) => number) => (page: number) =>
    Effect.gen(function*() {
      requested.push(page)
      if (latency) yield* Effect.sleep(Duration.millis(latency(page)))
      const slice = items.slice(page * pageSize, (page + 1) * pageSize)
      const totalPages = Math.ceil(items.length / pageSize)
      return { items: slice, page, totalPages, hasMore: page + 1 < totalPages } satisfies Page<{ id: string }>
    })
  return { items, requested, fetch }
}

const ids = (items: ReadonlyArray<{ id: string }>) => items.map((i) => i.id)

describe("fromV1 / fromV2", () => {
  it("reads flat and nested v1 metadata", () => {
    assert.deepStrictEqual(fromV1({ data: { results: [1], metadata: { total_pages: 3, current_page: 1 } } }, 1), {
      items: [1],
      page: 1,
      totalPages: 3,
      hasMore: true
    })
    assert.deepStrictEqual(
      fromV1({ data: { results: [1], metadata: { pagination: { total_pages: 2, current_page: 1 } } } }, 1).hasMore,
      false
    )
  })

  it("treats null or absent results and metadata as an empty last page", () => {
    for (const data of [{ results: null, metadata: null }, {}, { results: [], metadata: { total_pages: 9 } }]) {
      const page = fromV1({ data }, 0)
      assert.deepStrictEqual(page.items, [])
      assert.isFalse(page.hasMore)
    }
  })

  it("reads v2 pagination with has_more and total_count", () => {
    assert.deepStrictEqual(
      fromV2({ data: ["a"], pagination: { page: 1, total_count: 156, total_pages: 8, has_more: true } }, 1),
      { items: ["a"], page: 1, totalPages: 8, totalCount: 156, hasMore: true }
    )
    assert.isFalse(fromV2({ data: null, pagination: null }, 1).hasMore)
  })
})

describe("pageStream", () => {
  it.effect("emits every item of 3 pages once and in order", () =>
    Effect.gen(function*() {
      const source = list(25)
      const out = yield* Stream.runCollect(
        pageStream({ firstPage: 0, concurrency: 4, idOf: (c) => c.id, fetch: source.fetch(10) })
      )
      assert.deepStrictEqual(ids(out), ids(source.items))
      assert.deepStrictEqual([...source.requested].sort(), [0, 1, 2])
    }))

  it.effect("an empty list makes one request and emits nothing", () =>
    Effect.gen(function*() {
      const source = list(0)
      const out = yield* Stream.runCollect(
        pageStream({ firstPage: 0, concurrency: 4, idOf: (c) => c.id, fetch: source.fetch(10) })
      )
      assert.deepStrictEqual(out, [])
      assert.deepStrictEqual(source.requested, [0])
    }))

  it.effect("is lazy: nothing is requested until the stream runs", () =>
    Effect.gen(function*() {
      const source = list(25)
      const stream = pageStream({ firstPage: 0, concurrency: 4, idOf: (c) => c.id, fetch: source.fetch(10) })
      assert.deepStrictEqual(source.requested, [])
      yield* Stream.runDrain(stream)
      assert.strictEqual(source.requested.length, 3)
    }))

  it.effect("take(15) at page size 10 with concurrency 1 makes at most 3 requests", () =>
    Effect.gen(function*() {
      const source = list(1000)
      const out = yield* Stream.runCollect(
        pageStream({ firstPage: 0, concurrency: 1, idOf: (c) => c.id, fetch: source.fetch(10) }).pipe(Stream.take(15))
      )
      assert.strictEqual(out.length, 15)
      assert.isAtMost(source.requested.length, 3)
    }))

  it.effect("fetches ahead concurrently and still emits in order", () =>
    Effect.gen(function*() {
      const source = list(100)
      // Later pages answer faster, so completion order differs from page order.
      const fiber = yield* Effect.forkChild(Stream.runCollect(
        pageStream({ firstPage: 0, concurrency: 4, idOf: (c) => c.id, fetch: source.fetch(10, (p) => 1000 - p * 90) })
      ))
      // Sequentially this would take the sum of all latencies (~5.9 s).
      yield* TestClock.adjust(Duration.seconds(4))
      const out = yield* Fiber.join(fiber)
      assert.deepStrictEqual(ids(out), ids(source.items))
    }))

  it.effect("a list that shifts mid-export yields no duplicate and loses nothing", () =>
    Effect.gen(function*() {
      const source = list(30)
      let arrivals = 0
      const fetch = (page: number) => {
        // Before each later page is read, a new call lands on top of the list.
        if (page > 0) source.items.unshift({ id: `new_${++arrivals}` })
        return source.fetch(10)(page)
      }
      const out = yield* Stream.runCollect(pageStream({ firstPage: 0, concurrency: 1, idOf: (c) => c.id, fetch }))
      const got = ids(out)
      assert.strictEqual(new Set(got).size, got.length, "no duplicate")
      for (let i = 1; i <= 30; i++) assert.include(got, `call_${i}`)
    }))

  it.effect("keeps going past the first page count when the list grew", () =>
    Effect.gen(function*() {
      const source = list(20)
      const fetch = (page: number) => {
        if (page === 1) for (let i = 0; i < 5; i++) source.items.unshift({ id: `new_${i}` })
        return source.fetch(10)(page)
      }
      const out = yield* Stream.runCollect(pageStream({ firstPage: 0, concurrency: 1, idOf: (c) => c.id, fetch }))
      const got = ids(out)
      for (let i = 1; i <= 20; i++) assert.include(got, `call_${i}`)
      assert.strictEqual(new Set(got).size, got.length)
    }))

  it.effect("a failing page fails the stream with its error", () =>
    Effect.gen(function*() {
      const source = list(30)
      const fetch = (page: number) =>
        page === 2 ? Effect.fail(new ServerError({ status: 500, message: "boom" })) : source.fetch(10)(page)
      const error = yield* Effect.flip(
        Stream.runCollect(pageStream({ firstPage: 0, concurrency: 2, idOf: (c) => c.id, fetch }))
      )
      assert.strictEqual(error._tag, "ServerError")
    }))

  it.effect("a page answered before its predecessor while the list grew is fetched again: nothing lost", () =>
    Effect.gen(function*() {
      const items = Array.from({ length: 40 }, (_, i) => ({ id: `c${40 - i}` }))
      const requested: Array<number> = []
      let added = false
      const fetch = (page: number) =>
        Effect.gen(function*() {
          requested.push(page)
          // Page 1 answers last; a new record lands just before it is served.
          if (page === 1) {
            yield* Effect.sleep(Duration.millis(500))
            if (!added) {
              items.unshift({ id: "new" })
              added = true
            }
          }
          const slice = items.slice(page * 10, (page + 1) * 10)
          return { items: slice, page, totalPages: Math.ceil(items.length / 10), totalCount: items.length, hasMore: (page + 1) * 10 < items.length }
        })
      const fiber = yield* Effect.forkChild(Stream.runCollect(pageStream({ firstPage: 0, concurrency: 4, idOf: (c) => c.id, fetch })))
      yield* TestClock.adjust(Duration.seconds(2))
      const got = ids(yield* Fiber.join(fiber))
      for (let i = 1; i <= 40; i++) assert.include(got, `c${i}`)
      assert.strictEqual(new Set(got).size, got.length)
      assert.isAbove(requested.filter((p) => p === 2).length, 1, "page 2 was fetched again")
    }))

  it.effect("two distinct records whose identities collide on one page are both kept", () =>
    Effect.gen(function*() {
      const fetch = (page: number) =>
        Effect.succeed({ items: [{ id: "same" }, { id: "same" }, { id: "other" }], page, totalPages: 1, hasMore: false })
      const out = yield* Stream.runCollect(pageStream({ firstPage: 0, concurrency: 1, idOf: (c) => c.id, fetch }))
      assert.strictEqual(out.length, 3)
    }))

  it.effect("the same holds for v1 lists, which report no total count", () =>
    Effect.gen(function*() {
      const items = Array.from({ length: 45 }, (_, i) => ({ id: `c${45 - i}` }))
      let added = false
      const fetch = (page: number) =>
        Effect.gen(function*() {
          yield* Effect.sleep(Duration.millis(page === 2 ? 600 : 100 + page * 10))
          if (page === 2 && !added) {
            items.unshift({ id: "new1" }, { id: "new2" })
            added = true
          }
          const slice = items.slice(page * 10, (page + 1) * 10)
          const totalPages = Math.ceil(items.length / 10)
          return { items: slice, page, totalPages, hasMore: page + 1 < totalPages }
        })
      const fiber = yield* Effect.forkChild(Stream.runCollect(pageStream({ firstPage: 0, concurrency: 4, idOf: (c) => c.id, fetch })))
      yield* TestClock.adjust(Duration.seconds(5))
      const got = ids(yield* Fiber.join(fiber))
      for (let i = 1; i <= 45; i++) assert.include(got, `c${i}`)
      assert.strictEqual(new Set(got).size, got.length)
    }))
})
