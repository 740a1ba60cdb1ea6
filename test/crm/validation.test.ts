/**
 * What the spec constrains is checked before any request: each bad input is a
 * ValidationError naming the field, and the fake receives nothing.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { Companies, Deals, People } from "effect-withallo"
import { WithalloTest } from "effect-withallo/testing"
import { loose, refused } from "./support.js"

type Case = readonly [label: string, call: Effect.Effect<unknown, unknown>, field: string, message: RegExp]

const check = (cases: ReadonlyArray<Case>) =>
  Effect.forEach(cases, ([label, call, field, message]) =>
    Effect.gen(function*() {
      const errors = yield* refused(call)
      assert.strictEqual(errors[0]?.field, field, label)
      assert.match(errors[0]?.message ?? "", message, label)
    }), { discard: true })

describe("People inputs", () => {
  it.effect("numbers (at least one, E.164), size, page, sort, filters, ids", () =>
    Effect.gen(function*() {
      const people = yield* People
      yield* check([
        ["no numbers", people.create({ numbers: [] }), "numbers", /at least one/],
        ["numbers missing", loose(people.create)({ name: "Ada" }), "numbers", /required/],
        ["a number not in E.164", people.create({ numbers: ["+14155550100", "(415) 555-0101"] }), "numbers[1]", /E\.164/],
        ["update to no numbers", people.update("per-abc123", { numbers: [] }), "numbers", /at least one/],
        ["a blank company id", people.create({ numbers: ["+14155550100"], companyId: "" }), "companyId", /must not be empty/],
        ["size above 100", people.search({ size: 101 }), "size", /from 1 to 100/],
        ["page 0 (v2 pages count from 1)", people.search({ page: 0 }), "page", /≥ 1/],
        ["a sort not in the spec", loose(people.search)({ sort: "NAME" }), "sort", /must be DATE_DESC, DATE_ASC, NAME_ASC, NAME_DESC, CREATED_DESC or CREATED_ASC/],
        ["a filter the spec does not have", loose(people.search)({ filters: { stage: "won" } }), "filters.stage", /not a parameter/],
        ["a filter value that is not a string", loose(people.search)({ filters: { name: 3 } }), "filters.name", /must be a string/],
        ["an empty id", people.get(""), "id", /must not be empty/],
        ["a dot-segment id", people.update("..", {}), "id", /not a path segment/],
        ["an unknown parameter", loose(people.create)({ numbers: ["+14155550100"], phone: "+1" }), "phone", /not a parameter/]
      ])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("stream options: pageSize 1–100, concurrency, and no page/size", () =>
    Effect.gen(function*() {
      const people = yield* People
      const stream = loose((params: unknown) => Stream.runCollect(people.stream(params as People.StreamParams)))
      yield* check([
        ["pageSize 0", stream({ pageSize: 0 }), "pageSize", /from 1 to 100/],
        ["concurrency 0", stream({ concurrency: 0 }), "concurrency", /from 1 to 64/],
        ["page on a stream", stream({ page: 2 }), "page", /not a parameter/],
        ["a bad sort on a stream", stream({ sort: "RELEVANCE" }), "sort", /must be DATE_DESC/]
      ])
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("Companies inputs", () => {
  it.effect("a blank name, no free-text search (not in SearchCompaniesRequest), size", () =>
    Effect.gen(function*() {
      const companies = yield* Companies
      yield* check([
        ["a blank name", companies.create({ name: "  " }), "name", /must not be empty/],
        ["no name", loose(companies.create)({ website: "https://x.com" }), "name", /required/],
        ["update to a blank name", companies.update("com-xyz789", { name: "" }), "name", /must not be empty/],
        ["free text", loose(companies.search)({ search: "acme" }), "search", /not a parameter/],
        ["a people filter", loose(companies.search)({ filters: { company: "acme" } }), "filters.company", /not a parameter/],
        ["size 0", companies.search({ size: 0 }), "size", /from 1 to 100/]
      ])
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("Deals inputs", () => {
  it.effect("currency of 3 capital letters, a finite amount, an ISO 8601 closedAt, a name", () =>
    Effect.gen(function*() {
      const deals = yield* Deals
      yield* check([
        ["a two-letter currency", deals.create({ name: "X", currency: "US" }), "currency", /three-letter ISO 4217/],
        ["a lower-case currency", deals.update("dea-def456", { currency: "usd" }), "currency", /three-letter ISO 4217/],
        ["a currency symbol", deals.create({ name: "X", currency: "$$$" }), "currency", /three-letter/],
        ["an infinite amount", deals.create({ name: "X", amount: Infinity }), "amount", /finite number/],
        ["NaN", deals.update("dea-def456", { amount: Number.NaN }), "amount", /finite number/],
        ["an amount as text", loose(deals.create)({ name: "X", amount: "5000" }), "amount", /^must be a number or null$/],
        ["closedAt not a date", deals.update("dea-def456", { closedAt: "yesterday" }), "closedAt", /ISO 8601/],
        ["closedAt on a day that does not exist", deals.create({ name: "X", closedAt: "2026-02-30" }), "closedAt", /ISO 8601/],
        ["a blank name", deals.create({ name: "" }), "name", /must not be empty/],
        ["a filter people have", loose(deals.search)({ filters: { dealStatus: "won" } }), "filters.dealStatus", /not a parameter/],
        ["size above 100", deals.search({ size: 500 }), "size", /from 1 to 100/],
        ["delete with an empty id", deals.delete(""), "id", /must not be empty/],
        ["delete with a blank key", deals.delete("dea-def456", { idempotencyKey: " " }), "idempotencyKey", /must not be empty/]
      ])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("every bad field is reported at once", () =>
    Effect.gen(function*() {
      const errors = yield* refused((yield* Deals).create({ name: "", currency: "eur", amount: Infinity }))
      assert.deepStrictEqual(errors.map((e) => e.field).sort(), ["amount", "currency", "name"])
    }).pipe(Effect.provide(WithalloTest.layer())))
})
