/**
 * `npm test` is quiet when it passes: what a passing test logs is not
 * printed (tests that provoke failures on purpose make receivers warn), while
 * a failing test's logs still are. Checked on a fixture run under the
 * project's own vitest configuration.
 */
import { assert, describe, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../", import.meta.url))

const runFixture = (): Promise<{ readonly code: number | null; readonly output: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["node_modules/vitest/vitest.mjs", "run", "--config", "test/fixtures/quiet/vitest.config.ts"],
      { cwd: root, env: { ...process.env, QUIET_FIXTURE_FAIL: "1", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] }
    )
    let output = ""
    child.stdout.setEncoding("utf8").on("data", (text: string) => (output += text))
    child.stderr.setEncoding("utf8").on("data", (text: string) => (output += text))
    child.once("error", reject)
    child.once("close", (code) => resolve({ code, output }))
  })

describe("the test run's output", () => {
  it("hides the logs of passing tests and keeps those of failing ones", async () => {
    const { code, output } = await runFixture()
    assert.strictEqual(code, 1, output)
    assert.include(output, "QUIET-CHECK: logged by a failing test")
    assert.notInclude(output, "QUIET-CHECK: logged by a passing test")
  }, 60_000)
})
