import { describe, expect, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { bundleForNode } from "./support/bundle.js"

describe("process lifetime", () => {
  // A child process, real time: the point is whether Node exits on its own.
  // Exiting takes well under a second; a timer held for the client's
  // one-hour timeout would keep the child alive until the test gives up.
  it("a finished request leaves nothing that keeps the process alive, runtime not disposed", async () => {
    const outfile = await bundleForNode(
      "test/fixtures/processes/requestThenIdle.ts",
      `.tmp/process-exit/requestThenIdle-${process.pid}.mjs`
    )
    const child = spawn(process.execPath, [outfile], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()))
    const exited = await new Promise<number | "still running">((resolve) => {
      const giveUp = setTimeout(() => {
        child.kill("SIGKILL")
        resolve("still running")
      }, 15_000)
      child.on("exit", (code) => {
        clearTimeout(giveUp)
        resolve(code ?? -1)
      })
    })
    expect(out).toContain("answered {\"data\":[]}")
    expect(exited).toBe(0)
  }, 30_000)
})
