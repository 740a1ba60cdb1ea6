import { assert, it } from "@effect/vitest"
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import { type ChildProcess, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { Messages } from "../../src/index.js"
import { bundleForNode } from "../support/bundle.js"
import { describePg, FROM, messagesOver, pgDatabase, resetLog, TO } from "./support.js"

const cli = () => bundleForNode("src/cli/main.ts", `.tmp/messages/withallo-${process.pid}.mjs`)

const env = (): NodeJS.ProcessEnv => {
  const out: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) if (!name.startsWith("WITHALLO_")) out[name] = value
  return out
}

const run = (file: string, args: ReadonlyArray<string>) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], { env: env(), stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
    child.once("error", reject)
    child.once("close", (code) => resolve({ code, stdout, stderr }))
  })

/** The log's database, given by URL. */
const database = (url: string) => PgClient.layer({ url: Redacted.make(url) })

/** Seeds the log: one sent message, one failed. */
const seed = (db: string) => Effect.gen(function*() {
  yield* resetLog
  const messages = yield* Messages
  yield* messages.send({ key: "cli-ok", from: FROM, to: TO, message: "Hello CLI" })
  yield* messages.send({ key: "cli-bad", from: "+14155550111", to: TO, message: "Nope" })
}).pipe(Effect.provide(messagesOver()), Effect.provide(database(db)))

describePg("withallo messages", () => {
  it("list, show and watch read the log; without a log the command says how to give one", async () => {
    const file = await cli()
    const db = await pgDatabase("cli")
    await Effect.runPromise(seed(db))

    const listed = await run(file, ["messages", "list", "--db", db])
    assert.strictEqual(listed.code, 0, listed.stderr)
    assert.match(listed.stdout, /sent\s+cli-ok\s+\+14155550100 → \+14155550199/)
    assert.match(listed.stdout, /failed\s+cli-bad\s+\+14155550111 → \+14155550199\s+NotFoundError/)

    const failed = await run(file, ["--json", "messages", "list", "--db", db, "--status", "failed"])
    assert.strictEqual(failed.code, 0, failed.stderr)
    assert.deepStrictEqual(JSON.parse(failed.stdout).map((m: { key: string }) => m.key), ["cli-bad"])

    const shown = await run(file, ["messages", "show", "cli-ok", "--db", db])
    assert.strictEqual(shown.code, 0, shown.stderr)
    assert.match(shown.stdout, /^status\s+sent$/m)
    assert.match(shown.stdout, /^body\s+Hello CLI$/m)
    assert.match(shown.stdout, /MessageQueued\s+cli-ok\n.*MessageSent\s+cli-ok/)

    const missing = await run(file, ["messages", "show", "nope", "--db", db])
    assert.strictEqual(missing.code, 1)
    assert.match(missing.stderr, /no message has id or key "nope"/)

    const noLog = await run(file, ["messages", "list"])
    assert.strictEqual(noLog.code, 2)
    assert.match(noLog.stderr, /WITHALLO_MESSAGES_DB/)

    // watch replays the history, then prints what another process writes as it happens.
    const watcher: ChildProcess = spawn(process.execPath, [file, "messages", "watch", "--from-start", "--db", db], {
      env: env(),
      stdio: ["ignore", "pipe", "pipe"]
    })
    try {
      const lines = createInterface({ input: watcher.stdout! })
      const seen = (pattern: RegExp) =>
        new Promise<string>((resolve, reject) => {
          lines.on("line", (line) => pattern.test(line) && resolve(line))
          watcher.once("exit", (code) => reject(new Error(`watch exited (${code})`)))
        })
      await seen(/MessageSent\s+cli-ok/)
      const live = seen(/MessageSent\s+cli-watch/)
      await Effect.runPromise(
        Messages.use((m) => m.send({ key: "cli-watch", from: FROM, to: TO, message: "Watch me" })).pipe(
          Effect.provide(messagesOver()),
          Effect.provide(database(db))
        )
      )
      assert.match(await live, /MessageSent\s+cli-watch/)
    } finally {
      watcher.kill("SIGKILL")
    }
  }, 120_000)
})
