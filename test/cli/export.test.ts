import { Effect, Layer, Redacted, Stream } from "effect"
import { HttpClient } from "effect/http"
import { assert, beforeAll, describe, it } from "vitest"
import { Calls, Contacts, Withallo } from "../../src/index.js"
import { FakeHttpClient } from "effect-withallo/testing"
import { FAKE_FLAGS, FAKE_KEY, FAKE_URL, isOneLine, makeCli, MemoryFiles, runTest } from "./harness.js"
import { ANSI, csvRecords } from "./support.js"

const NUMBER = "+14155550100"

const AWKWARD_SUMMARY = "Price: $1,200, \"final\"\nnext step: call back, Friday"
const awkwardCalls = [
  {
    id: "call_awkward01",
    type: "INBOUND" as const,
    from_number: "+14155550111",
    to_number: NUMBER,
    result: "ANSWERED",
    length_in_minutes: 4.5,
    summary: AWKWARD_SUMMARY,
    start_date: "2026-02-01T10:00:00",
    transcript: [
      { source: "AGENT" as const, text: "Hello, \"Acme\" here." },
      { source: "EXTERNAL" as const, text: "Hi,\nit's about the invoice, line 2,3." }
    ]
  },
  {
    id: "call_awkward02",
    type: "OUTBOUND" as const,
    from_number: NUMBER,
    to_number: "+14155550122",
    result: "VOICEMAIL",
    length_in_minutes: 0.5,
    summary: "plain",
    start_date: "2026-02-01T09:00:00",
    transcript: null
  }
]

let env: Effect.Success<ReturnType<typeof makeCli>>

/** What the API itself returns, read through the SDK (the reference the CLI output is compared with). */
const apiLayer = () =>
  Withallo.layer({ apiKey: Redacted.make(FAKE_KEY), baseUrl: FAKE_URL, rateLimit: false }).pipe(
    Layer.provide(Layer.succeed(HttpClient.HttpClient, FakeHttpClient.make(env.fake)))
  )
const apiCalls = (alloNumber: string) =>
  runTest(Calls.use((calls) => Stream.runCollect(calls.stream({ alloNumber }))).pipe(Effect.provide(apiLayer())))

const cli = (args: ReadonlyArray<string>, options?: Parameters<typeof env.cli>[1]) =>
  runTest(env.cli([...args, ...FAKE_FLAGS], options))

beforeAll(async () => {
  env = await runTest(makeCli({ calls: 2_400, contacts: 130 }))
  await runTest(env.fake.seed({ calls: awkwardCalls }))
})

describe("calls export", () => {
  it("writes every call of the number as NDJSON on stdout, the same records the API returns", async () => {
    const expected = await apiCalls(NUMBER)
    const result = await cli(["calls", "export", "--allo-number", NUMBER])
    assert.strictEqual(result.code, 0, result.stderr)
    const lines = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    assert.isAbove(expected.length, 500)
    assert.deepStrictEqual(lines, JSON.parse(JSON.stringify(expected)))
    assert.match(result.stderr, new RegExp(`Exported ${expected.length.toLocaleString("en-US")} calls`))
    assert.match(result.stderr, /\(\d+ pages\)/)
    assert.match(result.stderr, /busiest day\s+\d{4}-\d{2}-\d{2} \(\d+ calls\)/)
    assert.match(result.stderr, /total\s+[\d,.]+ minutes/)
  })

  it("writes a JSON array to --out, and a summary whose counts match the records", async () => {
    const files = new MemoryFiles()
    const result = await cli(["calls", "export", "--allo-number", NUMBER, "--out", "/tmp/calls.json", "--json"], { files })
    assert.strictEqual(result.code, 0, result.stderr)
    const calls: Array<{ type: string; result: string; length_in_minutes: number }> = JSON.parse(files.read("/tmp/calls.json"))
    const summary = JSON.parse(result.stdout)
    assert.strictEqual(summary.exported, calls.length)
    assert.strictEqual(summary.byDirection.INBOUND, calls.filter((call) => call.type === "INBOUND").length)
    assert.strictEqual(summary.byResult.ANSWERED, calls.filter((call) => call.result === "ANSWERED").length)
    assert.closeTo(summary.totalMinutes, calls.reduce((sum, call) => sum + call.length_in_minutes, 0), 0.1)
  })

  it("round-trips commas, quotes and line breaks through RFC 4180 CSV; transcript is the concatenated text", async () => {
    const files = new MemoryFiles()
    const result = await cli(["calls", "export", "--allo-number", NUMBER, "--out", "/tmp/calls.csv"], { files })
    assert.strictEqual(result.code, 0, result.stderr)
    const records = csvRecords(files.read("/tmp/calls.csv"))
    const expected = await apiCalls(NUMBER)
    assert.strictEqual(records.length, expected.length)
    const awkward = records.find((record) => record.id === "call_awkward01")
    assert.strictEqual(awkward?.summary, AWKWARD_SUMMARY)
    assert.strictEqual(awkward?.transcript, "AGENT: Hello, \"Acme\" here.\nEXTERNAL: Hi,\nit's about the invoice, line 2,3.")
    assert.strictEqual(awkward?.length_in_minutes, "4.5")
    assert.strictEqual(records.find((record) => record.id === "call_awkward02")?.transcript, "")
    for (const [k, call] of expected.entries()) {
      assert.strictEqual(records[k]?.id, call.id)
      assert.strictEqual(records[k]?.summary, call.summary ?? "")
    }
  })

  it("--limit stops after N records (and asks for no more pages than needed)", async () => {
    const expected = await apiCalls(NUMBER)
    const before = (await runTest(env.fake.requests)).length
    const result = await cli(["calls", "export", "--allo-number", NUMBER, "--limit", "150", "--format", "csv"])
    assert.strictEqual(result.code, 0, result.stderr)
    const records = csvRecords(result.stdout)
    assert.deepStrictEqual(records.map((r) => r.id), expected.slice(0, 150).map((c) => c.id))
    const pages = (await runTest(env.fake.requests)).slice(before)
      .filter((request) => request.path === "/v1/api/calls" && request.query.size === "100")
    // 2 pages hold 150 calls; fetch-ahead (4 pages) may start a few more, never the whole history.
    assert.isAbove(expected.length, 1000)
    assert.isAtMost(pages.length, 6)
  })

  it("--since stops at the first call older than the date", async () => {
    const expected = await apiCalls(NUMBER)
    const cutoff = expected[200]?.start_date ?? ""
    const result = await cli(["calls", "export", "--allo-number", NUMBER, "--since", `${cutoff}Z`])
    assert.strictEqual(result.code, 0, result.stderr)
    const ids = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line).id)
    const newer = expected.filter((call) => Date.parse(`${call.start_date}Z`) >= Date.parse(`${cutoff}Z`))
    assert.deepStrictEqual(ids, newer.map((call) => call.id))
  })

  it("--since a day that does not exist is refused, not rolled over", async () => {
    const before = (await runTest(env.fake.requests)).length
    for (const since of ["2025-02-30", "2025-04-31", "2025-02-29T10:00:00Z", "2025-01-01T24:00:00Z"]) {
      const result = await cli(["calls", "export", "--allo-number", NUMBER, "--since", since])
      assert.strictEqual(result.code, 2, since)
      assert.include(result.stderr, `--since: "${since}"`)
    }
    const leap = await cli(["calls", "export", "--allo-number", NUMBER, "--since", "2024-02-29", "--limit", "1"])
    assert.strictEqual(leap.code, 0, leap.stderr)
    assert.strictEqual((await runTest(env.fake.requests)).length - before, 1)
  })

  it.each(["calls.xlsx", "calls", "out.txt"])("--out %s is refused unless --format says what to write", async (out) => {
    const files = new MemoryFiles()
    const refused = await cli(["calls", "export", "--allo-number", NUMBER, "--out", `/tmp/${out}`], { files })
    assert.strictEqual(refused.code, 2)
    assert.isTrue(isOneLine(refused.stderr), refused.stderr)
    assert.match(refused.stderr, /--out ".*": .*Hint: .*--format/)
    assert.isFalse(files.files.has(`/tmp/${out}`))
    const chosen = await cli(["calls", "export", "--allo-number", NUMBER, "--out", `/tmp/${out}`, "--format", "csv", "--limit", "3"], {
      files
    })
    assert.strictEqual(chosen.code, 0, chosen.stderr)
    assert.strictEqual(csvRecords(files.read(`/tmp/${out}`)).length, 3)
  })

  it("an --out in a directory that does not exist: one line naming the file", async () => {
    const result = await cli(["calls", "export", "--allo-number", NUMBER, "--out", "nowhere/calls.csv"])
    assert.strictEqual(result.code, 1)
    assert.isTrue(isOneLine(result.stderr), result.stderr)
    assert.match(result.stderr, /Cannot write nowhere\/calls\.csv: no such directory/)
  })

  it("a reader that goes away (`| head`) ends the export quietly, at the write that failed", async () => {
    const result = await cli(["calls", "export", "--allo-number", NUMBER], { closeStdoutAfter: 0 })
    assert.strictEqual(result.code, 0, result.stderr)
    assert.strictEqual(result.stdout, "")
    assert.strictEqual(result.stderr, "")
  })

  it("prints no progress escape codes when stderr is not a terminal, and nothing with --quiet", async () => {
    const files = new MemoryFiles()
    const result = await cli(["calls", "export", "--allo-number", NUMBER, "--out", "/tmp/p.ndjson"], { files })
    assert.strictEqual(result.code, 0, result.stderr)
    assert.notMatch(result.stderr, ANSI)
    assert.match(result.stderr, /Exported/)
    const quiet = await cli(["calls", "export", "--allo-number", NUMBER, "--quiet", "--out", "/tmp/q.ndjson"], { files })
    assert.strictEqual(quiet.code, 0)
    assert.strictEqual(quiet.stderr, "")
  })

  it.each(["json", "csv"] as const)("leaves a well-formed %s file when interrupted mid-export", async (format) => {
    // Slow pages so the export is surely mid-way when it is interrupted.
    await runTest(env.fake.setLatency("100 millis"))
    const files = new MemoryFiles()
    const out = `/tmp/interrupted.${format}`
    const result = await cli(["calls", "export", "--allo-number", NUMBER, "--out", out, "--format", format], {
      files,
      whileRunning: () => files.waitForSize(out, 1000)
    })
    await runTest(env.fake.setLatency(0))
    assert.isUndefined(result.code)
    const text = files.read(out)
    const calls: Array<{ id: string }> = format === "json" ? JSON.parse(text) : csvRecords(text).map((r) => ({ id: r.id ?? "" }))
    const expected = await apiCalls(NUMBER)
    assert.isAbove(calls.length, 0)
    assert.isBelow(calls.length, expected.length)
    assert.deepStrictEqual(calls.map((c) => c.id), expected.slice(0, calls.length).map((c) => c.id))
    assert.match(result.stderr, new RegExp(`Interrupted: ${calls.length} calls written to ${out}`))
  })
})

describe("contacts export", () => {
  it("writes every contact, as CSV rows matching the API's records", async () => {
    const expected = await runTest(
      Contacts.use((contacts) => Stream.runCollect(contacts.stream())).pipe(Effect.provide(apiLayer()))
    )
    const result = await cli(["contacts", "export", "--format", "csv"])
    assert.strictEqual(result.code, 0, result.stderr)
    const records = csvRecords(result.stdout)
    assert.deepStrictEqual(
      records.map((r) => [r.id, r.name, r.last_name, r.numbers]),
      expected.map((c) => [c.id, c.name ?? "", c.last_name ?? "", c.numbers?.join(";") ?? ""])
    )
    assert.match(result.stderr, new RegExp(`Exported ${expected.length} contacts`))
  })
})
