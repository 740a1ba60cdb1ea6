/**
 * Crash tests (`npm run test:messages`): a real child process sends five
 * keyed messages through the log against the fake Allo served over HTTP by
 * this process (so what Allo received survives the child), is killed with
 * SIGKILL at each step of the first send, and is started again: every key
 * ends with exactly one SMS, none lost, on the embedded store and on
 * PostgreSQL.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { FakeServer } from "../../src/node/index.js"
import { bundleSender, startSender } from "./support-process.js"
import { pgDatabase, pgUrl } from "./support.js"

const KEYS = 5

let senderFile = ""
beforeAll(async () => {
  senderFile = await bundleSender()
})

const dirs: Array<string> = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A fresh store: a new PGlite directory, or the test PostgreSQL emptied of the log's tables. */
const freshStore = async (kind: "pglite" | "pg"): Promise<string> => {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "withallo-crash-"))
    dirs.push(dir)
    return `pglite:${join(dir, "db")}`
  }
  return `pg:${await pgDatabase("crash")}`
}

const STEPS = ["queued", "claimed", "in-flight", "responded", "recorded"] as const

const isCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"
const stores: ReadonlyArray<"pglite" | "pg"> = pgUrl !== undefined || isCi ? ["pglite", "pg"] : ["pglite"]

describe("a sender killed at each step of a send, then restarted", () => {
  for (const kind of stores) {
    for (const step of STEPS) {
      it(`${kind}: killed at "${step}" → one SMS per key, none lost`, async () => {
        const server = await FakeServer.start({ seed: { now: Date.now() } })
        try {
          const store = await freshStore(kind)
          const env = { FAKE_URL: server.url, STORE: store, KEYS: String(KEYS) }
          if (step === "in-flight") {
            // Allo gets the first text and processes it; the answer never completes.
            await Effect.runPromise(server.fake.injectFault({ method: "POST", path: "/v1/api/sms", fault: { _tag: "StallBody" } }))
            const reached = new Promise<void>((resolve) => {
              void Effect.runPromise(server.fake.onRequest({ method: "POST", path: "/v1/api/sms" }, () => Effect.sync(resolve)))
            })
            const first = startSender(senderFile, { ...env, TIMEOUT_MS: "60000" })
            await reached
            await first.kill()
          } else {
            const first = startSender(senderFile, { ...env, CRASH_AT: step })
            await first.line(new RegExp(`^at ${step}$`))
            await first.kill()
          }
          const before = (await Effect.runPromise(server.fake.sentSms)).length
          assert.strictEqual(before, step === "queued" || step === "claimed" ? 0 : 1, "SMS accepted by Allo before the kill")

          const second = startSender(senderFile, env)
          const done = await second.line(/^done /)
          await second.exited
          const statuses: Record<string, string> = JSON.parse(done.slice("done ".length))
          assert.deepStrictEqual(Object.values(statuses), Array(KEYS).fill("sent"))
          const sms = await Effect.runPromise(server.fake.sentSms)
          const perKey: Record<string, number> = {}
          for (const s of sms) perKey[s.content] = (perKey[s.content] ?? 0) + 1
          const expected: Record<string, number> = {}
          for (let i = 0; i < KEYS; i++) expected[`text of k${i}`] = 1
          assert.deepStrictEqual(perKey, expected)
        } finally {
          await server.close()
        }
      }, 180_000)
    }
  }
})
