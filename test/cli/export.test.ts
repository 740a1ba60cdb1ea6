import { readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect, Layer, Redacted, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { Calls, Contacts, Withallo } from "../../src/index.js"
import { ANSI, csvRecords, FAKE_KEY, finished, run, start, startFake, tempDir } from "./support.js"

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

let fake: Awaited<ReturnType<typeof startFake>>
let dir: string

/** What the API itself returns, read through the SDK (the reference the CLI output is compared with). */
const apiLayer = () =>
  Withallo.layer({ apiKey: Redacted.make(FAKE_KEY), baseUrl: fake.url, rateLimit: false }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )
const apiCalls = (alloNumber: string) =>
  Effect.runPromise(
    Calls.use((calls) => Stream.runCollect(calls.stream({ alloNumber }))).pipe(Effect.provide(apiLayer()))
  )

beforeAll(async () => {
  fake = await startFake({ calls: 2_400, contacts: 130 })
  await Effect.runPromise(fake.fake.seed({ calls: awkwardCalls }))
  dir = tempDir()
})
afterAll(() => fake.close())

describe("calls export", () => {
  it("writes every call of the number as NDJSON on stdout, the same records the API returns", async () => {
    const expected = await apiCalls(NUMBER)
    const result = await run(["calls", "export", "--allo-number", NUMBER, ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    const lines = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line))
    assert.isAbove(expected.length, 500)
    assert.deepStrictEqual(lines, JSON.parse(JSON.stringify(expected)))
    assert.match(result.stderr, new RegExp(`Exported ${expected.length.toLocaleString("en-US")} calls`))
    assert.match(result.stderr, /busiest day\s+\d{4}-\d{2}-\d{2} \(\d+ calls\)/)
    assert.match(result.stderr, /total\s+[\d,.]+ minutes/)
  })

  it("writes a JSON array to --out, and a summary whose counts match the records", async () => {
    const out = join(dir, "calls.json")
    const result = await run(["calls", "export", "--allo-number", NUMBER, "--out", out, "--json", ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    const calls: Array<{ type: string; result: string; length_in_minutes: number }> = JSON.parse(readFileSync(out, "utf8"))
    const summary = JSON.parse(result.stdout)
    assert.strictEqual(summary.exported, calls.length)
    const inbound = calls.filter((call) => call.type === "INBOUND").length
    assert.strictEqual(summary.byDirection.INBOUND, inbound)
    assert.strictEqual(summary.byResult.ANSWERED, calls.filter((call) => call.result === "ANSWERED").length)
    const minutes = calls.reduce((sum, call) => sum + call.length_in_minutes, 0)
    assert.closeTo(summary.totalMinutes, minutes, 0.1)
  })

  it("round-trips commas, quotes and line breaks through RFC 4180 CSV; transcript is the concatenated text", async () => {
    const out = join(dir, "calls.csv")
    const result = await run(["calls", "export", "--allo-number", NUMBER, "--out", out, ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    const records = csvRecords(readFileSync(out, "utf8"))
    const expected = await apiCalls(NUMBER)
    assert.strictEqual(records.length, expected.length)
    const awkward = records.find((record) => record.id === "call_awkward01")
    assert.isDefined(awkward)
    assert.strictEqual(awkward?.summary, AWKWARD_SUMMARY)
    assert.strictEqual(awkward?.transcript, "AGENT: Hello, \"Acme\" here.\nEXTERNAL: Hi,\nit's about the invoice, line 2,3.")
    assert.strictEqual(awkward?.length_in_minutes, "4.5")
    assert.strictEqual(records.find((record) => record.id === "call_awkward02")?.transcript, "")
    // Every generated record survives the round trip too.
    for (const [k, call] of expected.entries()) {
      assert.strictEqual(records[k]?.id, call.id)
      assert.strictEqual(records[k]?.summary, call.summary ?? "")
    }
  })

  it("--limit stops after N records (and asks for no more pages than needed)", async () => {
    const expected = await apiCalls(NUMBER)
    const before = (await Effect.runPromise(fake.fake.requests)).length
    const result = await run(["calls", "export", "--allo-number", NUMBER, "--limit", "150", "--format", "csv", ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    const records = csvRecords(result.stdout)
    assert.strictEqual(records.length, 150)
    assert.deepStrictEqual(records.map((r) => r.id), expected.slice(0, 150).map((c) => c.id))
    const pages = (await Effect.runPromise(fake.fake.requests)).slice(before)
      .filter((request) => request.path === "/v1/api/calls" && request.query.size === "100")
    // 2 pages hold 150 calls; fetch-ahead (4 pages) may start a few more, never the whole history.
    assert.isAbove(expected.length, 1000)
    assert.isAtMost(pages.length, 6)
  })

  it("--since stops at the first call older than the date", async () => {
    const expected = await apiCalls(NUMBER)
    const cutoff = expected[200]?.start_date ?? ""
    const result = await run(["calls", "export", "--allo-number", NUMBER, "--since", `${cutoff}Z`, ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    const ids = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line).id)
    const newer = expected.filter((call) => Date.parse(`${call.start_date}Z`) >= Date.parse(`${cutoff}Z`))
    assert.deepStrictEqual(ids, newer.map((call) => call.id))
  })

  it("prints no progress escape codes when stderr is not a terminal, and nothing with --quiet", async () => {
    await Effect.runPromise(fake.fake.setLatency("5 millis"))
    const result = await run(["calls", "export", "--allo-number", NUMBER, "--out", join(dir, "p.ndjson"), ...fake.flags])
    await Effect.runPromise(fake.fake.setLatency(0))
    assert.strictEqual(result.code, 0, result.stderr)
    assert.notMatch(result.stderr, ANSI)
    assert.match(result.stderr, /Exported/)
    const quiet = await run(["calls", "export", "--allo-number", NUMBER, "--quiet", "--out", join(dir, "q.ndjson"), ...fake.flags])
    assert.strictEqual(quiet.code, 0)
    assert.strictEqual(quiet.stderr, "")
  })

  it.each(["json", "csv"] as const)("leaves a well-formed %s file when interrupted with SIGINT mid-export", async (format) => {
    // Slow pages so the export is surely mid-way when the signal arrives.
    await Effect.runPromise(fake.fake.setLatency("150 millis"))
    const out = join(dir, `interrupted.${format}`)
    const child = await start(["calls", "export", "--allo-number", NUMBER, "--out", out, "--format", format, ...fake.flags])
    const done = finished(child)
    // Wait until some records are on disk, then interrupt.
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        let size = 0
        try {
          size = readFileSync(out, "utf8").length
        } catch {
          // not created yet
        }
        if (size > 1000) {
          clearInterval(poll)
          resolve()
        }
      }, 20)
    })
    child.kill("SIGINT")
    const result = await done
    await Effect.runPromise(fake.fake.setLatency(0))
    assert.strictEqual(result.code, 130, result.stderr)
    const text = readFileSync(out, "utf8")
    const calls: Array<{ id: string }> = format === "json" ? JSON.parse(text) : csvRecords(text).map((r) => ({ id: r.id ?? "" }))
    const expected = await apiCalls(NUMBER)
    assert.isAbove(calls.length, 0)
    assert.isBelow(calls.length, expected.length)
    assert.deepStrictEqual(calls.map((c) => c.id), expected.slice(0, calls.length).map((c) => c.id))
    assert.match(result.stderr, /Interrupted: [\d,]+ calls written/)
    assert.notMatch(result.stderr, /at .*\.m?js:\d+/)
  })
})

describe("contacts export", () => {
  it("writes every contact, as CSV rows matching the API's records", async () => {
    const expected = await Effect.runPromise(
      Contacts.use((contacts) => Stream.runCollect(contacts.stream())).pipe(Effect.provide(apiLayer()))
    )
    const result = await run(["contacts", "export", "--format", "csv", ...fake.flags])
    assert.strictEqual(result.code, 0, result.stderr)
    const records = csvRecords(result.stdout)
    assert.strictEqual(records.length, expected.length)
    assert.deepStrictEqual(
      records.map((r) => [r.id, r.name, r.last_name, r.numbers]),
      expected.map((c) => [c.id, c.name ?? "", c.last_name ?? "", c.numbers.join(";")])
    )
    assert.match(result.stderr, new RegExp(`Exported ${expected.length} contacts`))
  })
})
