/**
 * `examples/crm-sync.ts` against the fake: the company's people, and only
 * theirs, in NDJSON; its open deals, and only those, moved to the new stage.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { FakeWithallo, WithalloTest } from "effect-withallo/testing"
import { syncCompany } from "../../examples/crm-sync.js"

const seed = {
  companies: [{ id: "com-acme", name: "Acme" }, { id: "com-acmex", name: "Acme Exports" }],
  people: [
    { id: "per-1", name: "Ada", numbers: ["+14155550101"], company_id: "com-acme" },
    { id: "per-2", name: "Bob", numbers: ["+14155550102"], company_id: "com-acmex" },
    { id: "per-3", name: "Cy", numbers: ["+14155550103"], company_id: "com-acme" }
  ],
  deals: [
    { id: "dea-1", name: "Pilot", status: "negotiation", company_id: "com-acme" },
    { id: "dea-2", name: "Renewal", status: "won", closed_at: "2025-12-01T00:00:00Z", company_id: "com-acme" },
    { id: "dea-3", name: "Export deal", status: "lead", company_id: "com-acmex" },
    { id: "dea-4", name: "Add-on", status: null, company_id: "com-acme" }
  ]
}

describe("examples/crm-sync.ts", () => {
  it.effect("writes the company's people as NDJSON and moves its open deals", () =>
    Effect.gen(function*() {
      const lines: Array<string> = []
      const result = yield* syncCompany({ companyId: "com-acme", stage: "proposal", writeLine: (line) => Effect.sync(() => void lines.push(line)) })
      assert.deepStrictEqual(result, { company: "Acme", people: 2, movedDeals: 2 })
      assert.deepStrictEqual(lines.map((line) => JSON.parse(line).id).sort(), ["per-1", "per-3"])
      const stages = Object.fromEntries((yield* (yield* FakeWithallo).state).deals.map((d) => [d.id, d.status]))
      assert.deepStrictEqual(stages, { "dea-1": "proposal", "dea-2": "won", "dea-3": "lead", "dea-4": "proposal" })
    }).pipe(Effect.provide(WithalloTest.layer(seed))))
})
