import { assert, describe, it } from "vitest"
import { csvRecords } from "./support.js"
import { makeCli, MemoryFiles, runTest } from "./harness.js"

describe("demo", () => {
  it("exports, sends an SMS and receives the signed webhook, on its own fake", async () => {
    const { cli } = await runTest(makeCli())
    const files = new MemoryFiles()
    const result = await runTest(cli(["demo", "--calls", "600", "--dir", "/tmp/demo"], { files }))
    assert.strictEqual(result.code, 0, result.stderr)
    const exported = /Exported ([\d,]+) calls to \/tmp\/demo\/calls\.csv/.exec(result.stderr)?.[1]
    assert.isDefined(exported, result.stderr)
    assert.strictEqual(csvRecords(files.read("/tmp/demo/calls.csv")).length, Number(exported?.replace(/,/g, "")))
    assert.match(result.stdout, /\$ withallo calls export --allo-number \+14155550100 --out \/tmp\/demo\/calls\.csv/)
    assert.match(result.stdout, /Sent SMS from \+14155550100/)
    assert.match(result.stdout, /listen │ ✓ sms\.sent \(msg_\w+\).*content="Hello from the withallo demo"/)
    assert.match(result.stdout, /→ 200/)
    assert.match(result.stdout, /Next: npm run withallo -- --help/)
  })
})
