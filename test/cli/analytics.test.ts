import * as Effect from "effect/Effect"
import { assert, beforeAll, describe, it } from "vitest"
import { FAKE_FLAGS, isOneLine, makeCli, runTest } from "./harness.js"

const US = "+14155550100"

let env: Effect.Success<ReturnType<typeof makeCli>>

beforeAll(async () => {
  env = await runTest(makeCli({
    calls: [
      { type: "INBOUND", from_number: "+14155559001", to_number: US, result: "ANSWERED", length_in_minutes: 2, start_date: "2026-03-02T10:00:00Z", user_id: "usr-abc123" },
      { type: "OUTBOUND", from_number: US, to_number: "+14155559002", result: "VOICEMAIL", length_in_minutes: 0.5, start_date: "2026-03-03T11:00:00Z", user_id: "usr-def456" },
      { type: "INBOUND", from_number: "+14155559003", to_number: US, result: "ANSWERED", length_in_minutes: 1.5, start_date: "2026-02-10T10:00:00Z", user_id: "usr-abc123" }
    ]
  }))
})

const withFake = (args: ReadonlyArray<string>) => runTest(env.cli([...args, ...FAKE_FLAGS]))
const requests = () => runTest(env.fake.requests)

describe("analytics overview", () => {
  it("prints the KPIs and the members as tables, against the comparison period", async () => {
    const result = await withFake([
      "analytics",
      "overview",
      "--from",
      "2026-03-01",
      "--to",
      "2026-03-31",
      "--compare-from",
      "2026-02-01",
      "--compare-to",
      "2026-02-28"
    ])
    assert.strictEqual(result.code, 0, result.stderr)
    const lines = result.stdout.split("\n")
    assert.strictEqual(lines[0], "Team metrics, 2026-03-01 → 2026-03-31, compared with 2026-02-01 → 2026-02-28")
    assert.deepStrictEqual(lines.slice(2, 7), [
      "METRIC            VALUE   PREVIOUS  CHANGE",
      "Calls             2       1         +100%",
      "Talk time         2m 30s  1m 30s    +67%",
      "Calls over 1 min  1       1         0%",
      "Answer rate       50.0%   100.0%    -50%"
    ])
    assert.deepStrictEqual(lines.slice(8, 11), [
      "MEMBER      CALLS   TALK TIME      OVER 1 MIN  ANSWER RATE",
      "Alex Kim    1 (0%)  2m 00s (+33%)  1 (0%)      100.0% (0%)",
      "Jordan Lee  1 (—)   30s (—)        0 (—)       0.0% (—)"
    ])
    const [request] = (await requests()).filter((r) => r.path === "/v2/api/analytics/overview")
    assert.deepStrictEqual(request?.body, { date: { from: "2026-03-01", to: "2026-03-31" }, compare_date: { from: "2026-02-01", to: "2026-02-28" } })
  })

  it("prints Allo's metrics as JSON with --json", async () => {
    const result = await withFake(["analytics", "overview", "--from", "2026-03-01", "--to", "2026-03-31", "--json"])
    assert.strictEqual(result.code, 0, result.stderr)
    const metrics = JSON.parse(result.stdout)
    assert.deepStrictEqual(metrics.summary.total_calls, { value: 2, previous: null, change: null })
  })

  it("refuses a reversed period before any request (exit 1) and half a comparison as a usage error (exit 2)", async () => {
    const before = (await requests()).length
    const reversed = await withFake(["analytics", "overview", "--from", "2026-03-31", "--to", "2026-03-01"])
    assert.strictEqual(reversed.code, 1)
    assert.isTrue(isOneLine(reversed.stderr), reversed.stderr)
    assert.match(reversed.stderr, /--to: must not be before from/)
    const both = await withFake(["analytics", "overview", "--from", "2026-03-01", "--to", "2026-03-31", "--user-ids", "usr-abc123", "--allo-numbers", US])
    assert.strictEqual(both.code, 1)
    assert.match(both.stderr, /--allo-numbers: cannot be combined/)
    const half = await withFake(["analytics", "overview", "--from", "2026-03-01", "--to", "2026-03-31", "--compare-from", "2026-02-01"])
    assert.strictEqual(half.code, 2)
    assert.isTrue(isOneLine(half.stderr), half.stderr)
    assert.match(half.stderr, /--compare-from and --compare-to go together/)
    assert.strictEqual((await requests()).length, before)
  })
})
