/**
 * Shared set-up of the Messages tests: the log's database (PGlite in memory,
 * or the PostgreSQL `.ci/run` started), the log over the in-memory fake
 * Allo with short timings, and helpers that wait on the log's events.
 */
import { describe } from "@effect/vitest"
import { PgClient } from "@effect/sql-pg"
import { type Duration, Effect, Layer, Redacted, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { type MessageEvent, Messages } from "../../src/index.js"
import { runMigrations } from "../../src/messages/Messages.js"
import { PgliteClient } from "../../src/pglite/index.js"
import { WithalloTest } from "../../src/testing/index.js"
import type { Seed } from "../../src/testing/index.js"

/** Timings short enough that a test waits milliseconds, not minutes, for reconciliation. */
export const fastTimings: Messages.Options = {
  pollInterval: "20 millis",
  lease: "2 seconds",
  notFoundAfter: "150 millis",
  reconcileEvery: "50 millis",
  clockSkew: "1 minute"
}

/** An Allo number of the fake's default seed, and a recipient in its country. */
export const FROM = "+14155550100"
export const TO = "+14155550199"

/** Empties the log (the database is shared by a file's tests). */
export const resetLog = Effect.gen(function*() {
  yield* runMigrations
  const sql = yield* SqlClient.SqlClient
  yield* sql`TRUNCATE withallo_message_events, withallo_messages RESTART IDENTITY`
})

/**
 * The log over a fresh fake Allo, on the file's database. The fake's clock
 * starts now (its default is a fixed date): these tests run on the live
 * clock, and reconciliation compares the fake's timestamps with the log's.
 */
export const messagesOver = (options: Messages.Options = {}, seed: Seed = {}, timeout: Duration.Input = "300 millis") =>
  Messages.layer({ ...fastTimings, ...options }).pipe(
    Layer.provideMerge(WithalloTest.layer({ now: Date.now(), ...seed }, { client: { timeout, maxRetries: 0 } }))
  )

/** An in-memory PGlite for one test file. */
export const pgliteLayer = PgliteClient.layer()

/** The PostgreSQL of `.ci/run` (or a developer's), if any. */
export const pgUrl = process.env.WITHALLO_TEST_PG_URL

const isCi = process.env.CI !== undefined && process.env.CI !== "" && process.env.CI !== "false"

/** A client of the test PostgreSQL. */
export const pgLayer = PgClient.layer({ url: Redacted.make(pgUrl ?? "postgres://127.0.0.1:1/missing") })

/**
 * A `describe` for tests needing PostgreSQL: skipped with the reason in its
 * name when no server is configured and `CI` is unset (under CI they run, and
 * fail without one).
 */
export const describePg = (name: string, body: () => void): void => {
  if (pgUrl !== undefined || isCi) describe(name, body)
  else {
    const reason = "WITHALLO_TEST_PG_URL is not set (eval \"$(scripts/test-postgres.sh start)\"); these tests run (and fail) when CI is set"
    console.warn(`[test/messages] ${name} skipped: ${reason}`)
    describe.skip(`${name} — skipped: ${reason}`, body)
  }
}

/** Waits until the log has published an event matching `done`; returns every event from the start until then. */
export const eventsUntil = (done: (event: MessageEvent) => boolean) =>
  Messages.use((messages) =>
    messages.events({ from: "start" }).pipe(Stream.takeUntil(done), Stream.runCollect)
  )
