/**
 * The bundled `withallo` as a user runs it: a child process with a real
 * stdout, files, signals and exit codes. Everything else about the commands
 * is tested in-process (the other files here).
 */
import { spawn } from "node:child_process"
import { closeSync, openSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, assert, beforeAll, describe, it } from "vitest"
import { finished, start, startFake, tempDir, waitForLine } from "./support.js"

const NUMBER = "+14155550100"

let fake: Awaited<ReturnType<typeof startFake>>
let dir: string
beforeAll(async () => {
  fake = await startFake({ calls: 3_000 })
  dir = tempDir()
})
afterAll(() => fake.close())

describe("withallo (bundled, as a child process)", () => {
  it("a usage error leaves `> file` empty: one line on stderr, exit 2", async () => {
    const out = join(dir, "recent.ndjson")
    const fd = openSync(out, "w")
    const result = await finished(await start(["--mock", "calls", "export", "--since", "2026-01-01"], {}, fd))
    closeSync(fd)
    assert.strictEqual(result.code, 2)
    assert.strictEqual(readFileSync(out, "utf8"), "")
    assert.strictEqual(result.stderr.trimEnd().split("\n").length, 1, result.stderr)
    assert.match(result.stderr, /--allo-number.*withallo calls export --help/)
  })

  it("SIGINT mid-export exits 130 and leaves a well-formed JSON file of what was written", async () => {
    // Slow pages so the export is surely mid-way when the signal arrives.
    await Effect.runPromise(fake.fake.setLatency("150 millis"))
    const out = join(dir, "interrupted.json")
    const child = await start(["calls", "export", "--allo-number", NUMBER, "--out", out, "--format", "json", ...fake.flags])
    const done = finished(child)
    // The progress line (every 2 s on a pipe) would be too slow a signal: wait for the first page on disk.
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
    const calls: Array<{ id: string }> = JSON.parse(readFileSync(out, "utf8"))
    assert.isAbove(calls.length, 0)
    assert.match(result.stderr, new RegExp(`Interrupted: ${calls.length} calls written`))
    assert.notMatch(result.stderr, /at .*\.m?js:\d+/)
  })

  it("listen stops cleanly on SIGINT", async () => {
    const child = await start(["listen", "--port", "0"])
    await waitForLine(child, /Listening for webhooks on http:\/\/\S+/)
    const done = finished(child)
    child.kill("SIGINT")
    const result = await done
    assert.strictEqual(result.code, 130)
    assert.strictEqual(result.stderr, "")
  })

  it("mock serves the fake over HTTP until interrupted", async () => {
    const child = await start(["mock", "--port", "0", "--calls", "10"])
    const [, url] = await waitForLine(child, /Fake Allo listening on (http:\/\/\S+)/)
    const response = await fetch(`${url}/v1/api/numbers`, { headers: { authorization: `Api-Key ${fake.flags[3]}` } })
    assert.strictEqual(response.status, 200)
    const done = finished(child)
    child.kill("SIGINT")
    assert.strictEqual((await done).code, 130)
  })

  it("`npm run withallo -- --help` works in a clone (what the README suggests after the demo)", async () => {
    const child = spawn("npm", ["run", "--silent", "withallo", "--", "--help"], { stdio: ["ignore", "pipe", "pipe"] })
    const result = await finished(child)
    assert.strictEqual(result.code, 0, result.stderr)
    assert.match(result.stdout, /USAGE\s+withallo <subcommand>/)
    assert.match(result.stdout, /calls\s+Call history/)
  })
})
