/**
 * Summary templates against the fake: CRUD requests and results, the soft
 * delete, and inputs refused before any request.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { NotFoundError, SummaryTemplates, ValidationError } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"

const requests = FakeWithallo.use((fake) => fake.requests)

const salesCall = {
  name: "Sales call",
  callContext: "B2B SaaS sales calls",
  icon: "📞",
  sections: [
    { title: "Next steps", instructions: "What was agreed", order: 1 },
    { title: "Pain points", instructions: "List the prospect's pain points", order: 0 }
  ]
}

describe("SummaryTemplates", () => {
  it.effect("create POSTs the template in snake_case and returns it with its tst- id", () =>
    Effect.gen(function*() {
      const created = yield* (yield* SummaryTemplates).create(salesCall)
      assert.match(created.id, /^tst-/)
      assert.strictEqual(created.call_context, "B2B SaaS sales calls")
      assert.deepStrictEqual(created.sections?.map((s) => s.title), ["Pain points", "Next steps"])
      const [request] = yield* requests
      assert.strictEqual(request?.method, "POST")
      assert.strictEqual(request?.path, "/v2/api/summary_templates")
      assert.deepStrictEqual(request?.body, {
        name: "Sales call",
        call_context: "B2B SaaS sales calls",
        icon: "📞",
        sections: salesCall.sections
      })
      assert.isDefined(request?.headers["idempotency-key"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("list and get read back what create made; update replaces it whole", () =>
    Effect.gen(function*() {
      const templates = yield* SummaryTemplates
      const created = yield* templates.create(salesCall)
      assert.deepStrictEqual((yield* templates.list()).map((t) => t.id), [created.id])
      assert.deepStrictEqual(yield* templates.get(created.id), created)
      const updated = yield* templates.update(created.id, { name: "Discovery call" })
      assert.strictEqual(updated.name, "Discovery call")
      assert.deepStrictEqual(updated.sections, [])
      assert.isNull(updated.call_context)
      const put = (yield* requests).at(-1)
      assert.deepStrictEqual([put?.method, put?.path, put?.body], ["PUT", `/v2/api/summary_templates/${created.id}`, { name: "Discovery call" }])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("delete deactivates: gone from list and get, and a second delete is a NotFoundError", () =>
    Effect.gen(function*() {
      const templates = yield* SummaryTemplates
      const kept = yield* templates.create({ name: "Support" })
      const dropped = yield* templates.create(salesCall)
      yield* templates.delete(dropped.id)
      assert.deepStrictEqual((yield* templates.list()).map((t) => t.id), [kept.id])
      const error = yield* Effect.flip(templates.get(dropped.id))
      assert.instanceOf(error, NotFoundError)
      assert.strictEqual(error.code, "SUMMARY_TEMPLATE_NOT_FOUND")
      const again = yield* Effect.flip(templates.delete(dropped.id))
      assert.strictEqual(again._tag, "NotFoundError")
      const deletes = (yield* requests).filter((r) => r.method === "DELETE")
      assert.deepStrictEqual(deletes.map((r) => r.path), [`/v2/api/summary_templates/${dropped.id}`, `/v2/api/summary_templates/${dropped.id}`])
      assert.notStrictEqual(deletes[0]?.headers["idempotency-key"], deletes[1]?.headers["idempotency-key"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an id is percent-encoded into the path, never read as path structure", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* SummaryTemplates).get("tst-a/../b"))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual((yield* requests)[0]?.path, "/v2/api/summary_templates/tst-a%2F..%2Fb")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("without SUMMARY_TEMPLATES_WRITE a create is a ForbiddenError naming it", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* SummaryTemplates).create({ name: "x" }))
      assert.strictEqual(error._tag, "ForbiddenError")
      if (error._tag === "ForbiddenError") assert.deepStrictEqual(error.requiredScopes, ["SUMMARY_TEMPLATES_WRITE"])
    }).pipe(Effect.provide(WithalloTest.layer(
      { apiKeys: [{ key: "ak_test_reader", scopes: ["SUMMARY_TEMPLATES_READ"] }] },
      { client: { apiKey: "ak_test_reader" } }
    ))))

  const cases: ReadonlyArray<readonly [string, string, (t: SummaryTemplates.Service) => Effect.Effect<unknown, unknown>]> = [
    ["a blank name", "name", (t) => t.create({ name: "  " })],
    ["a call context over 4,000 characters", "callContext", (t) => t.create({ name: "x", callContext: "c".repeat(4001) })],
    ["eleven sections", "sections", (t) => t.create({ name: "x", sections: Array.from({ length: 11 }, (_, i) => ({ title: `s${i}`, instructions: "" })) })],
    ["a section without a title", "sections[0].title", (t) => t.create({ name: "x", sections: [{ title: "", instructions: "y" }] })],
    ["a negative section order", "sections[0].order", (t) => t.create({ name: "x", sections: [{ title: "t", instructions: "y", order: -1 }] })],
    ["an update without a name", "name", (t) => t.update("tst-1", { name: "" })],
    ["an empty id", "id", (t) => t.get("")],
    ["a .. id", "id", (t) => t.delete("..")]
  ]
  for (const [name, field, run] of cases) {
    it.effect(`${name} is a ValidationError on ${field}, and nothing is sent`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(run(yield* SummaryTemplates))
        assert.instanceOf(error, ValidationError)
        if (error instanceof ValidationError) assert.strictEqual(error.errors[0]?.field, field)
        assert.lengthOf(yield* requests, 0)
      }).pipe(Effect.provide(WithalloTest.layer())))
  }
})
