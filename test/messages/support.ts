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

/**
 * A database of its own on the test PostgreSQL, for one test file, created
 * empty (dropped first if a previous run left it): files run in parallel,
 * and one file emptying the log must not pull rows from under another.
 * Returns its URL.
 */
export const pgDatabase = (name: string): Promise<string> => {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) return Promise.reject(new Error(`pgDatabase: bad name ${name}`))
  const admin = pgUrl ?? "postgres://127.0.0.1:1/missing"
  const url = new URL(admin)
  url.pathname = `/withallo_test_${name}`
  return Effect.runPromise(
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql.unsafe(`DROP DATABASE IF EXISTS withallo_test_${name} WITH (FORCE)`)
      yield* sql.unsafe(`CREATE DATABASE withallo_test_${name}`)
    }).pipe(Effect.provide(PgClient.layer({ url: Redacted.make(admin) })), Effect.as(url.toString()))
  )
}

/** A client of a database of the test PostgreSQL of the file's own (see `pgDatabase`). */
export const pgLayer = (name: string) =>
  Layer.unwrap(Effect.promise(() => pgDatabase(name)).pipe(Effect.map((url) => PgClient.layer({ url: Redacted.make(url) }))))

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
