/**
 * `withallo people|companies|deals export`, run in-process on the CLI
 * harness (the real command tree, recorded stdout/stderr, in-memory files)
 * against the fake Allo.
 */
import { Effect, Layer, Redacted, Stream } from "effect"
import { HttpClient } from "effect/http"
import { assert, beforeAll, describe, it } from "vitest"
import { Companies, Deals, People, Withallo } from "../../src/index.js"
import { FakeHttpClient } from "effect-withallo/testing"
import { FAKE_FLAGS, FAKE_KEY, FAKE_URL, makeCli, MemoryFiles, runTest } from "./harness.js"
import { csvRecords } from "./support.js"

let env: Effect.Success<ReturnType<typeof makeCli>>

/** What the API returns through the SDK: the reference the files are compared with. */
const api = <A>(effect: Effect.Effect<A, unknown, Withallo.Services>) =>
  runTest(effect.pipe(Effect.provide(
    Withallo.layer({ apiKey: Redacted.make(FAKE_KEY), baseUrl: FAKE_URL, rateLimit: false }).pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, FakeHttpClient.make(env.fake)))
    )
  )))

const cli = (args: ReadonlyArray<string>, options?: Parameters<typeof env.cli>[1]) => runTest(env.cli([...args, ...FAKE_FLAGS], options))

const ndjson = (text: string): Array<Record<string, any>> => text.trimEnd().split("\n").map((line) => JSON.parse(line))

beforeAll(async () => {
  env = await runTest(makeCli({ contacts: 150, calls: 1_500, companies: 20, people: 250, deals: 120 }))
})

describe("people export", () => {
  it("writes every person as CSV rows matching the API's records, with the calls-export summary", async () => {
    const expected = await api(People.use((people) => Stream.runCollect(people.stream())))
    const files = new MemoryFiles()
    const result = await cli(["people", "export", "--out", "/tmp/people.csv"], { files })
    assert.strictEqual(result.code, 0, result.stderr)
    const rows = csvRecords(files.read("/tmp/people.csv"))
    assert.strictEqual(rows.length, 250)
    assert.deepStrictEqual(
      rows.map((r) => [r.id, r.name, r.company, r.numbers, r.interactions]),
      expected.map((p) => [p.id, p.name ?? "", p.company?.name ?? "", (p.numbers ?? []).join(";"), String(p.interactions ?? "")])
    )
    assert.match(result.stderr, /^Exported 250 people to \/tmp\/people\.csv in .* \(3 pages\)\n/)
    assert.match(result.stderr, /company +\d+ with one/)
    assert.match(result.stderr, /interactions +[\d,]+ \(\d+ people with activity\)/)
  })

  it("--company and --search become the search's filters; --json prints the summary as JSON", async () => {
    const expected = await api(People.use((people) => Stream.runCollect(people.stream({ filters: { company: "Acme" }, search: "a" }))))
    const files = new MemoryFiles()
    const result = await cli(["people", "export", "--company", "Acme", "--search", "a", "--out", "/tmp/acme.ndjson", "--json"], { files })
    assert.strictEqual(result.code, 0, result.stderr)
    const people = ndjson(files.read("/tmp/acme.ndjson"))
    assert.isAbove(people.length, 0)
    assert.deepStrictEqual(people.map((p) => p.id), expected.map((p) => p.id))
    assert.isTrue(people.every((p) => String(p.company?.name).includes("Acme")))
    const summary = JSON.parse(result.stdout)
    assert.deepStrictEqual([summary.exported, summary.noun, summary.pages], [people.length, "people", 1])
    const searches = (await runTest(env.fake.requests)).filter((r) => r.path === "/v2/api/crm/people/search")
    assert.deepStrictEqual(searches.at(-1)?.body, { page: 1, size: 100, search: "a", filters: { company: "Acme" } })
  })
})

describe("deals and companies export", () => {
  it("deals export --stage writes NDJSON of that stage only, with amounts per currency", async () => {
    const expected = await api(Deals.use((deals) => Stream.runCollect(deals.stream({ filters: { stage: "won" } }))))
    const result = await cli(["deals", "export", "--stage", "won"])
    assert.strictEqual(result.code, 0, result.stderr)
    const deals = ndjson(result.stdout)
    assert.deepStrictEqual(deals.map((d) => d.id), expected.map((d) => d.id))
    assert.isTrue(deals.every((d) => d.status === "won"))
    assert.match(result.stderr, new RegExp(`Exported ${expected.length} deals`))
    assert.match(result.stderr, /stage +won \d+/)
    assert.match(result.stderr, /amount +(USD|EUR) [\d,]+/)
  })

  it("companies export --limit 5 --sort NAME_ASC writes a JSON array of the first five by name", async () => {
    const files = new MemoryFiles()
    const result = await cli(["companies", "export", "--sort", "NAME_ASC", "--limit", "5", "--format", "json", "--out", "/tmp/c.json", "--quiet"], { files })
    assert.strictEqual(result.code, 0, result.stderr)
    const companies: Array<{ id: string }> = JSON.parse(files.read("/tmp/c.json"))
    const expected = await api(Companies.use((c) => c.search({ sort: "NAME_ASC", size: 5 })))
    assert.deepStrictEqual(companies.map((c) => c.id), expected.items.map((c) => c.id))
    assert.strictEqual(result.stderr, "", "--quiet prints nothing")
  })

  it("a sort outside the spec's list is a usage error (exit 2) and nothing is requested", async () => {
    const before = (await runTest(env.fake.requests)).length
    const result = await cli(["deals", "export", "--sort", "RELEVANCE"])
    assert.strictEqual(result.code, 2)
    assert.match(result.stderr, /sort/)
    assert.strictEqual((await runTest(env.fake.requests)).length, before)
  })
})
