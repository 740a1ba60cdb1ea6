/**
 * Two replicas (`npm run test:messages`): two child processes share one
 * PostgreSQL and send the same 1,000 keyed messages, each key submitted
 * twice by each replica in its own shuffled order, while a fifth of the
 * requests to Allo fail (5xx, dropped connections, answers that never
 * finish, bodies cut short, timeouts, 429s). Allo gets exactly 1,000 texts,
 * one per key, and every row of the log ends settled.
 */
import { assert, it } from "@effect/vitest"
import { PgClient } from "@effect/sql-pg"
import { Effect, Redacted } from "effect"
import { SqlClient } from "effect/sql"
import { FakeServer } from "../../src/node/index.js"
import type { Fault } from "../../src/testing/index.js"
import { bundleSender, startSender } from "./support-process.js"
import { describePg, pgDatabase } from "./support.js"

const KEYS = 1000
const FAULT_RATE = 0.2

const SMS_FAULTS: ReadonlyArray<Fault> = [
  { _tag: "Status", status: 503 },
  { _tag: "Drop" },
  { _tag: "StallBody" },
  { _tag: "Malformed", mode: "truncated" },
  { _tag: "Status", status: 429, retryAfterSeconds: 0 },
  { _tag: "Latency", delay: "5 seconds" }
]
const SEARCH_FAULTS: ReadonlyArray<Fault> = [{ _tag: "Status", status: 502 }, { _tag: "Drop" }]

describePg("two replicas on one PostgreSQL", () => {
  it("1,000 keyed messages, each submitted 4 times, 20% faults → exactly 1,000 SMS, every row settled", async () => {
    const url = await pgDatabase("replicas")
    const db = PgClient.layer({ url: Redacted.make(url) })
    const file = await bundleSender()
    const server = await FakeServer.start({ seed: { now: Date.now() } })
    const injected: Record<string, number> = {}
    let state = 42
    const random = () => (state = (state * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
    // After each request to one of these endpoints, one time in five, the next request to it fails.
    const arm = (path: string, faults: ReadonlyArray<Fault>, label: string) =>
      Effect.runPromise(server.fake.onRequest({ method: "POST", path }, () =>
        Effect.suspend(() => {
          if (random() >= FAULT_RATE) return Effect.void
          const fault = faults[Math.floor(random() * faults.length)] ?? { _tag: "Drop" }
          const name = `${label} ${fault._tag}${"status" in fault ? ` ${fault.status}` : ""}`
          injected[name] = (injected[name] ?? 0) + 1
          return server.fake.injectFault({ method: "POST", path, fault })
        })))
    await arm("/v1/api/sms", SMS_FAULTS, "sms")
    await arm("/v2/api/conversations/items/search", SEARCH_FAULTS, "search")
    try {
      const env = { FAKE_URL: server.url, STORE: `pg:${url}`, KEYS: String(KEYS), REPLICA: "1", TIMEOUT_MS: "1000", LEASE_MS: "3000", MAX_ATTEMPTS: "10" }
      const replicas = [startSender(file, { ...env, SHUFFLE: "1" }), startSender(file, { ...env, SHUFFLE: "2" })]
      const started = Date.now()
      const done = await Promise.all(replicas.map((r) => r.line(/^done /)))
      const seconds = (Date.now() - started) / 1000
      await Promise.all(replicas.map((r) => r.exited))
      const unsent = done.flatMap((line) => {
        const statuses: Record<string, string> = JSON.parse(line.slice("done ".length))
        assert.strictEqual(Object.keys(statuses).length, KEYS)
        return Object.entries(statuses).filter(([, status]) => status !== "sent")
      })
      const sms = await Effect.runPromise(server.fake.sentSms)
      const contents = new Set(sms.map((s) => s.content))
      const requests = (await Effect.runPromise(server.fake.requests)).filter((r) => r.path === "/v1/api/sms")
      console.log(
        `[replicas] ${sms.length} SMS (${contents.size} distinct) for ${KEYS} keys in ${seconds.toFixed(1)} s; ${requests.length} SMS requests; faults injected:`,
        JSON.stringify(injected)
      )
      const rows = await Effect.runPromise(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        return yield* sql<{ readonly status: string; readonly n: number }>`
          SELECT status, CAST(COUNT(*) AS double precision) AS n FROM withallo_messages GROUP BY status`
      }).pipe(Effect.provide(db)))
      const odd = unsent.length === 0 ? [] : await Effect.runPromise(Effect.gen(function*() {
        const sql = yield* SqlClient.SqlClient
        return yield* sql`SELECT key, status, attempts, error_tag, error_message FROM withallo_messages WHERE status <> 'sent' LIMIT 5`
      }).pipe(Effect.provide(db)))
      assert.deepStrictEqual(odd, [], "rows not sent")
      assert.deepStrictEqual(unsent, [], "every key sent")
      assert.strictEqual(sms.length, KEYS, "exactly one SMS per key")
      assert.strictEqual(contents.size, KEYS, "no key lost")
      assert.deepStrictEqual(rows.map((r) => [r.status, r.n]), [["sent", KEYS]])
    } finally {
      await server.close()
    }
  }, 600_000)
})
