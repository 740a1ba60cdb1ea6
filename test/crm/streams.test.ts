/**
 * The CRM stream twins on the fake: every match in the search's order, lazy,
 * each page retried on its own, nothing repeated or lost while the list shifts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { Companies, Deals, People } from "effect-withallo"
import { FakeWithallo, WithalloTest } from "effect-withallo/testing"
import { crmRequests } from "./support.js"

const SEED = { contacts: 60, calls: 600, companies: 12, people: 95, deals: 70 }
const SEARCH = "/v2/api/crm/people/search"

describe("People.stream", () => {
  it.effect("yields every match in the search's order, asking pages 1, 2, … with the same filters", () =>
    Effect.gen(function*() {
      const people = yield* People
      const reference = yield* people.search({ filters: { email: "@" }, sort: "NAME_ASC", size: 100 })
      const streamed = yield* Stream.runCollect(people.stream({ filters: { email: "@" }, sort: "NAME_ASC", pageSize: 10 }))
      assert.isAbove(reference.items.length, 30)
      assert.deepStrictEqual(streamed.map((p) => p.id), reference.items.map((p) => p.id))
      const pages = (yield* crmRequests).slice(1)
      assert.deepStrictEqual(pages.map((r) => (r.body as { page: number }).page), Array.from({ length: pages.length }, (_, i) => i + 1))
      for (const r of pages) assert.deepStrictEqual(r.body, { filters: { email: "@" }, sort: "NAME_ASC", page: (r.body as { page: number }).page, size: 10 })
    }).pipe(Effect.provide(WithalloTest.layer(SEED))))

  it.effect("is lazy: take(15) at pageSize 10 and concurrency 1 makes at most 3 requests", () =>
    Effect.gen(function*() {
      const out = yield* Stream.runCollect((yield* People).stream({ pageSize: 10, concurrency: 1 }).pipe(Stream.take(15)))
      assert.strictEqual(out.length, 15)
      assert.isAtMost((yield* crmRequests).length, 3)
    }).pipe(Effect.provide(WithalloTest.layer(SEED))))

  it.effect("people created mid-stream at the top of the list repeat nobody and lose nobody", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const people = yield* People
      const before = yield* Stream.runCollect(people.stream({ sort: "CREATED_DESC", pageSize: 10 }))
      let added = 0
      yield* fake.onRequest({ method: "POST", path: SEARCH }, (_, count) =>
        count % 2 === 0
          ? fake.seed({
            people: [1, 2, 3].map(() => ({ numbers: [`+1415555${String(8000 + added++).padStart(4, "0")}`], created_at: "2026-01-01T00:00:00Z" }))
          })
          : Effect.void)
      const during = yield* Stream.runCollect(people.stream({ sort: "CREATED_DESC", pageSize: 10, concurrency: 2 }))
      const ids = during.map((p) => p.id)
      assert.strictEqual(new Set(ids).size, ids.length, "no repeat")
      for (const person of before) assert.include(ids, person.id)
      assert.isAbove(added, 0, "people did arrive during the stream")
    }).pipe(Effect.provide(WithalloTest.layer(SEED))))

  it.effect("a 503 on page 2 is retried on its own with the same Idempotency-Key, never from page 1", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.onRequest({ method: "POST", path: SEARCH }, (_, count) =>
        count === 1 ? fake.injectFault({ method: "POST", path: SEARCH, fault: { _tag: "Status", status: 503 }, times: 1 }) : Effect.void)
      const fiber = yield* Effect.forkChild(Stream.runCollect((yield* People).stream({ pageSize: 20, concurrency: 1 })))
      yield* TestClock.adjust(Duration.seconds(30))
      const out = yield* Fiber.join(fiber)
      assert.strictEqual(out.length, 95)
      assert.strictEqual(new Set(out.map((p) => p.id)).size, 95)
      const requests = yield* crmRequests
      assert.deepStrictEqual(
        requests.map((r) => `${(r.body as { page: number }).page}:${r.status}`),
        ["1:200", "2:503", "2:200", "3:200", "4:200", "5:200"]
      )
      assert.strictEqual(requests[1]?.headers["idempotency-key"], requests[2]?.headers["idempotency-key"])
      assert.notStrictEqual(requests[0]?.headers["idempotency-key"], requests[1]?.headers["idempotency-key"])
    }).pipe(Effect.provide(WithalloTest.layer(SEED))))
})

describe("Companies.stream and Deals.stream", () => {
  it.effect("Companies.stream walks every company once", () =>
    Effect.gen(function*() {
      const all = yield* Stream.runCollect((yield* Companies).stream({ pageSize: 5, sort: "NAME_ASC" }))
      const state = yield* (yield* FakeWithallo).state
      assert.deepStrictEqual(all.map((c) => c.id).sort(), state.companies.map((c) => c.id).sort())
      assert.deepStrictEqual(all.map((c) => c.name), [...all.map((c) => c.name ?? "")].sort((a, b) => a.localeCompare(b, "en")))
    }).pipe(Effect.provide(WithalloTest.layer(SEED))))

  it.effect("Deals.stream passes filters and free text on every page", () =>
    Effect.gen(function*() {
      const won = yield* Stream.runCollect((yield* Deals).stream({ filters: { stage: "won" }, pageSize: 4 }))
      const state = yield* (yield* FakeWithallo).state
      assert.deepStrictEqual(won.map((d) => d.id).sort(), state.deals.filter((d) => d.status === "won").map((d) => d.id).sort())
      assert.isTrue(won.every((d) => d.status === "won" && d.closed_at !== null))
      const requests = yield* crmRequests
      assert.isAbove(requests.length, 1)
      for (const r of requests) assert.deepStrictEqual((r.body as { filters: unknown }).filters, { stage: "won" })
    }).pipe(Effect.provide(WithalloTest.layer(SEED))))
})
