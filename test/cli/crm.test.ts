/**
 * `withallo people|companies|deals export`, run in-process (the commands
 * under a root with the global flags) against the fake served over loopback.
 */
import { NodeServices } from "@effect/platform-node"
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect, Layer, Redacted, Stream } from "effect"
import { Command } from "effect/cli"
import { FetchHttpClient } from "effect/http"
import { afterAll, assert, beforeAll, describe, it, vi } from "vitest"
import { globalFlags } from "../../src/cli/connection.js"
import { crmCommands } from "../../src/cli/crm.js"
import { Companies, Deals, People, Withallo } from "../../src/index.js"
import { csvRecords, FAKE_KEY, startFake, tempDir } from "./support.js"

const root = Command.make("withallo").pipe(Command.withSubcommands([...crmCommands]), Command.withGlobalFlags(globalFlags))

/** Runs `withallo args…` in this process; resolves with what it wrote to stdout and stderr. */
const cli = async (args: ReadonlyArray<string>) => {
  let stdout = ""
  let stderr = ""
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk)
    return true
  })
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk)
    return true
  })
  try {
    await Effect.runPromise(Command.runWith(root, { version: "test" })([...fake.flags, ...args]).pipe(Effect.provide(NodeServices.layer)))
  } finally {
    out.mockRestore()
    err.mockRestore()
  }
  return { stdout, stderr }
}

let fake: Awaited<ReturnType<typeof startFake>>
let dir: string

/** What the API returns through the SDK: the reference the files are compared with. */
const api = <A>(effect: Effect.Effect<A, unknown, Withallo.Services>) =>
  Effect.runPromise(effect.pipe(Effect.provide(
    Withallo.layer({ apiKey: Redacted.make(FAKE_KEY), baseUrl: fake.url, rateLimit: false }).pipe(Layer.provide(FetchHttpClient.layer))
  )))

beforeAll(async () => {
  fake = await startFake({ contacts: 150, calls: 1_500, companies: 20, people: 250, deals: 120 })
  dir = tempDir()
})
afterAll(() => fake.close())

describe("people export", () => {
  it("writes every person as CSV rows matching the API's records, with the calls-export summary", async () => {
    const expected = await api(People.use((people) => Stream.runCollect(people.stream())))
    const file = join(dir, "people.csv")
    const { stderr } = await cli(["people", "export", "--out", file])
    const rows = csvRecords(readFileSync(file, "utf8"))
    assert.strictEqual(rows.length, 250)
    assert.deepStrictEqual(
      rows.map((r) => [r.id, r.name, r.company, r.numbers, r.interactions]),
      expected.map((p) => [p.id, p.name ?? "", p.company?.name ?? "", (p.numbers ?? []).join(";"), String(p.interactions ?? "")])
    )
    assert.match(stderr, new RegExp(`^Exported 250 people to ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} in .* \\(3 pages\\)\\n`))
    assert.match(stderr, /company +\d+ with one/)
    assert.match(stderr, /interactions +[\d,]+ \(\d+ people with activity\)/)
  })

  it("--company and --search become the search's filters; --json prints the summary as JSON", async () => {
    const expected = await api(People.use((people) => Stream.runCollect(people.stream({ filters: { company: "Acme" }, search: "a" }))))
    const file = join(dir, "acme.ndjson")
    const { stdout } = await cli(["people", "export", "--company", "Acme", "--search", "a", "--out", file, "--json"])
    const lines = readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line))
    assert.isAbove(lines.length, 0)
    assert.deepStrictEqual(lines.map((p) => p.id), expected.map((p) => p.id))
    assert.isTrue(lines.every((p) => String(p.company?.name).includes("Acme")))
    const summary = JSON.parse(stdout)
    assert.deepStrictEqual([summary.exported, summary.noun, summary.pages], [lines.length, "people", 1])
  })
})

describe("deals and companies export", () => {
  it("deals export --stage writes NDJSON of that stage only, with amounts per currency", async () => {
    const expected = await api(Deals.use((deals) => Stream.runCollect(deals.stream({ filters: { stage: "won" } }))))
    const file = join(dir, "won.ndjson")
    const { stderr } = await cli(["deals", "export", "--stage", "won", "--out", file])
    const lines = readFileSync(file, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line))
    assert.deepStrictEqual(lines.map((d) => d.id), expected.map((d) => d.id))
    assert.isTrue(lines.every((d) => d.status === "won"))
    assert.match(stderr, new RegExp(`Exported ${expected.length} deals`))
    assert.match(stderr, /stage +won \d+/)
    assert.match(stderr, /amount +(USD|EUR) [\d,]+/)
  })

  it("companies export --limit 5 --sort NAME_ASC writes a JSON array of the first five by name", async () => {
    const file = join(dir, "companies.json")
    const { stderr } = await cli(["companies", "export", "--sort", "NAME_ASC", "--limit", "5", "--format", "json", "--out", file, "--quiet"])
    const companies: Array<{ id: string }> = JSON.parse(readFileSync(file, "utf8"))
    const expected = await api(Companies.use((c) => c.search({ sort: "NAME_ASC", size: 5 })))
    assert.deepStrictEqual(companies.map((c) => c.id), expected.items.map((c) => c.id))
    assert.strictEqual(stderr, "", "--quiet prints nothing")
  })
})
