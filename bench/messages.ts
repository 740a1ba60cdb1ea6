/**
 * The message log's cost. Keyed `Messages.send` (write `queued`, claim, send,
 * record `sent` with its event) against bare `Sms.send`, both against the
 * fake Allo over HTTP in its own process:
 *
 * - at Allo's budget (client pacing on, 5 writes/s): the log must keep up,
 *   ≥ 0.8× bare;
 * - with pacing off: the log's own ceiling, on the embedded store (PGlite in
 *   memory) and, when `WITHALLO_TEST_PG_URL` is set, on PostgreSQL.
 */
import { PgClient } from "@effect/sql-pg"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import type * as SqlClient from "effect/sql/SqlClient"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { Messages, Sms, Withallo } from "effect-withallo"
import { PgliteClient } from "effect-withallo/pglite"
import { ALLO, API_KEY, log, median, report, rounds, type Row, startServer } from "./lib.js"

const TO = "+14155550199"
const PACED_N = Number(process.env.BENCH_PACED_N ?? 30)
const CEILING_N = Number(process.env.BENCH_CEILING_N ?? 400)
const CONCURRENCY = 16

const api = (url: string, paced: boolean) =>
  Withallo.layer({
    apiKey: Redacted.make(API_KEY),
    baseUrl: url,
    rateLimit: paced ? { readsPerSecond: 20, writesPerSecond: 5 } : false,
    maxRetries: 0
  }).pipe(Layer.provide(FetchHttpClient.layer))

let round = 0
/** Keys are new on every run: a database kept from an earlier run must not answer from its log. */
const RUN = Date.now().toString(36)

/** Sends/s of `n` sends at `CONCURRENCY`. */
const rate = (n: number, send: (i: number) => Effect.Effect<unknown, unknown>) =>
  Effect.gen(function*() {
    const start = performance.now()
    yield* Effect.forEach(Array.from({ length: n }, (_, i) => i), send, { concurrency: CONCURRENCY, discard: true })
    return n / ((performance.now() - start) / 1000)
  })

const bare = (url: string, paced: boolean, n: number) =>
  Sms.use((sms) => rate(n, (i) => sms.send({ from: ALLO, to: TO, message: `bare ${round} ${i}` }))).pipe(
    Effect.provide(api(url, paced)),
    Effect.scoped
  )

const logged = (url: string, paced: boolean, n: number, store: Layer.Layer<SqlClient.SqlClient, unknown>) =>
  Messages.use((messages) =>
    rate(n, (i) => messages.send({ key: `bench-${RUN}-${round}-${i}`, from: ALLO, to: TO, message: `logged ${round} ${i}` }))
  ).pipe(Effect.provide(Messages.layer().pipe(Layer.provide(store), Layer.provide(api(url, paced)))), Effect.scoped)

const program = Effect.gen(function*() {
  const server = yield* Effect.promise(() => startServer({ now: Date.now() }))
  const rows: Array<Row> = []
  // Each store is built once and kept across rounds (PGlite takes seconds to open).
  const stores: Array<readonly [string, Layer.Layer<SqlClient.SqlClient, unknown>]> = [["PGlite (memory)", PgliteClient.layer()]]
  const pg = process.env.WITHALLO_TEST_PG_URL
  if (pg !== undefined) stores.push(["PostgreSQL", PgClient.layer({ url: Redacted.make(pg) })])
  for (const [name, storeLayer] of stores) {
    const store = Layer.succeedContext(yield* Layer.build(storeLayer))
    // Warm-up: migrations, prepared statements, connections, the JIT (PGlite's first hundred statements run slower).
    yield* logged(server.url, false, 100, store)
    const paced: Array<Record<string, number>> = []
    for (let r = 0; r < rounds(3); r++) {
      round++
      const b = yield* bare(server.url, true, PACED_N)
      round++
      const l = yield* logged(server.url, true, PACED_N, store)
      paced.push({ bare: b, logged: l, ratio: l / b })
      log(`[messages] ${name} paced round ${r + 1}: bare ${b.toFixed(2)}/s, logged ${l.toFixed(2)}/s`)
    }
    const ratio = median(paced.map((p) => p.ratio))
    rows.push({
      suite: "messages",
      name: `keyed sends at 5 writes/s, ${name}`,
      unit: "sends/s",
      ours: median(paced.map((p) => p.logged)),
      baseline: median(paced.map((p) => p.bare)),
      baselineName: "bare Sms.send",
      ratio,
      target: "≥ 0.8×",
      met: ratio >= 0.8,
      rounds: paced
    })
    const ceiling: Array<Record<string, number>> = []
    for (let r = 0; r < rounds(2); r++) {
      round++
      const b = yield* bare(server.url, false, CEILING_N)
      round++
      const l = yield* logged(server.url, false, CEILING_N, store)
      ceiling.push({ bare: b, logged: l, ratio: l / b })
      log(`[messages] ${name} unpaced round ${r + 1}: bare ${b.toFixed(0)}/s, logged ${l.toFixed(0)}/s`)
    }
    rows.push({
      suite: "messages",
      name: `log ceiling, pacing off, ${name}`,
      unit: "sends/s",
      ours: median(ceiling.map((p) => p.logged)),
      baseline: median(ceiling.map((p) => p.bare)),
      baselineName: "bare Sms.send, pacing off",
      ratio: median(ceiling.map((p) => p.ratio)),
      target: "reported",
      met: undefined,
      note: `${CEILING_N} sends at concurrency ${CONCURRENCY}; each keyed send is 3 statements (insert, claim, record)`,
      rounds: ceiling
    })
  }
  yield* Effect.promise(() => server.close())
  report(rows)
})

Effect.runPromise(Effect.scoped(program)).then(
  () => process.exit(0),
  (error: unknown) => {
    log(`[messages] failed: ${String(error)}`)
    process.exit(1)
  }
)
