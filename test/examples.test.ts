/**
 * Every example in examples/ runs as `npm run example -- <name>` runs it:
 * bundled with esbuild (no build, no .ts loader), against a fake Allo on
 * 127.0.0.1, in a child process. The bundling happens once, in-process.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as FakeServer from "../src/node/FakeServer.js"
import { bundleExamples, DEMO_TOPICS, exampleNames, exampleSeed, runExample } from "../scripts/example.js"

/** Run by vitest itself (it is a test file, in the include list). */
const TEST_FILE_EXAMPLES = ["testing-your-code"]
const RUN_HERE = [
  "analytics-report",
  "crm-sync",
  "export-calls",
  "power-dialer",
  "send-sms",
  "sync-conversations",
  "webhook-effect-http",
  "webhook-node",
  "webhook-web-handler"
]

let bundles: ReadonlyMap<string, string>
let fake: FakeServer.FakeServer
const scratch = mkdtempSync(join(tmpdir(), "allo-examples-"))

const run = (name: string, args: ReadonlyArray<string> = [], env: Record<string, string> = {}) =>
  runExample({ bundle: bundles.get(name) ?? "", args, fake, env, cwd: scratch })

const requestCount = async () => (await (await fetch(`${fake.url}/__admin/requests`)).json()).data.length

beforeAll(async () => {
  bundles = await bundleExamples(RUN_HERE, `.tmp/examples-test-${process.pid}`)
  fake = await FakeServer.start({ seed: exampleSeed })
})
afterAll(() => fake.close())

describe("examples", () => {
  it("every example in examples/ is run by a test", () => {
    assert.deepStrictEqual([...RUN_HERE, ...TEST_FILE_EXAMPLES].sort(), [...exampleNames()])
  })

  it("send-sms sends a text; bad input exits 1 before any request", async () => {
    const sent = await run("send-sms", ["+14155550100", "+14155550199", "Hello from the examples test"])
    assert.strictEqual(sent.code, 0, sent.stderr)
    assert.match(sent.stdout, /^sent to \+14155550199 at /m)
    const sms = (await (await fetch(`${fake.url}/__admin/sms`)).json()).data
    assert.strictEqual(sms.at(-1).content, "Hello from the examples test")
    const before = await requestCount()
    const bad = await run("send-sms", ["not-a-number", "+14155550199", "Hi"])
    assert.strictEqual(bad.code, 1)
    assert.match(bad.stderr, /^bad input: from: /m)
    assert.strictEqual(await requestCount(), before)
  })

  it("export-calls writes every call of the number as NDJSON", async () => {
    const out = join(scratch, "calls.ndjson")
    const result = await run("export-calls", ["+14155550100", out])
    assert.strictEqual(result.code, 0, result.stderr)
    const lines = readFileSync(out, "utf8").trim().split("\n")
    assert.isAbove(lines.length, 100)
    assert.include(result.stdout, `wrote ${lines.length} calls to ${out}`)
    assert.isTrue(lines.every((line) => JSON.parse(line).id.startsWith("call_")))
  })

  it("crm-sync writes the first company's people where it runs and moves its open deals", async () => {
    const result = await run("crm-sync")
    assert.strictEqual(result.code, 0, result.stderr)
    const [, people] = /: (\d+) people written to people\.ndjson/.exec(result.stdout) ?? []
    assert.strictEqual(readFileSync(join(scratch, "people.ndjson"), "utf8").trim().split("\n").length, Number(people))
  })

  it("analytics-report prints a month's KPIs and the outbound funnel", async () => {
    const result = await run("analytics-report", ["2025-12"])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stdout, /^calls +\d+/m)
    assert.match(result.stdout, /^Outbound funnel$/m)
  })

  it("power-dialer queues a CSV's readable numbers and names the others", async () => {
    const csv = join(scratch, "leads.csv")
    writeFileSync(csv, "number,name,company\n+14155550123,Ada,Acme\nnot a number,Bob,\n")
    const result = await run("power-dialer", [csv])
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stdout, /queued 1 numbers, skipped 1/)
    assert.match(result.stdout, /skipped not a number: /)
  })

  it("sync-conversations reports each change once, the boundary included, and keeps its cursor out of the working tree", async () => {
    const tmp = mkdtempSync(join(scratch, "tmp-"))
    // The default cursor lives in the system temp dir (TMPDIR here), not in the directory it runs in.
    const env = { TMPDIR: tmp }
    const changed = (stdout: string) => Number(/^(\d+) conversation\(s\) changed/m.exec(stdout)?.[1])
    const first = await run("sync-conversations", ["+14155550100"], env)
    assert.strictEqual(first.code, 0, first.stderr)
    assert.isAbove(changed(first.stdout), 0)
    assert.isTrue(existsSync(join(tmp, "allo-sync-14155550100.json")))
    // New activity, timed to the millisecond while Allo's timestamps show seconds: the boundary case.
    await fetch(`${fake.url}/v1/api/sms`, {
      method: "POST",
      headers: { authorization: "Api-Key ak_test_fake", "content-type": "application/json" },
      body: JSON.stringify({ from: "+14155550100", to: "+14155550177", message: "new activity" })
    })
    const second = await run("sync-conversations", ["+14155550100"], env)
    assert.strictEqual(changed(second.stdout), 1, second.stdout + second.stderr)
    const third = await run("sync-conversations", ["+14155550100"], env)
    assert.strictEqual(changed(third.stdout), 0, third.stdout + third.stderr)
    assert.deepStrictEqual(readdirSync(scratch).filter((file) => file.startsWith(".allo-sync")), [])
    // Or wherever ALLO_SYNC_CURSOR says.
    const cursor = join(scratch, "cursor.json")
    const chosen = await run("sync-conversations", ["+14155550100"], { ALLO_SYNC_CURSOR: cursor })
    assert.strictEqual(chosen.code, 0, chosen.stderr)
    assert.isTrue(existsSync(cursor))
  }, 120_000)

  it("webhook-web-handler, run on its own, accepts a signed delivery and refuses a forged one", async () => {
    const result = await run("webhook-web-handler")
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stdout, /inbox: \+14155550199: Is my order ready\?/)
    assert.match(result.stdout, /signed delivery {2}→ 200/)
    assert.match(result.stdout, /forged delivery {2}→ 401/)
  })

  for (const name of ["webhook-node", "webhook-effect-http"]) {
    it(`${name} serves, acknowledges the fake's signed deliveries and its handlers run`, async () => {
      const result = await run(name)
      assert.deepStrictEqual(result.answers.map((a) => [a.topic, a.status]), DEMO_TOPICS.map((topic) => [topic, 200]))
      assert.match(result.stdout, /listening on http:\/\/127\.0\.0\.1:\d+\/webhooks\/allo/)
      assert.match(result.stdout, /call cll-\S+/)
      // Stopped by SIGTERM after the deliveries: it shuts down instead of hanging.
      assert.isTrue(result.code !== null || result.signal === "SIGTERM")
    })
  }
})
