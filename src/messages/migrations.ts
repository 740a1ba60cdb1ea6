/**
 * The log's schema, as `effect/sql` migrations that ship with the package and
 * run when the `Messages` layer starts (PostgreSQL and PGlite alike; the
 * migrator locks its table, so replicas starting together migrate once).
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Migrator from "effect/sql/Migrator"
import * as SqlClient from "effect/sql/SqlClient"

/** The migrations' own bookkeeping table. */
export const MIGRATIONS_TABLE = "withallo_messages_migrations"

const createTables = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  yield* sql.unsafe(`
    CREATE TABLE withallo_messages (
      id text PRIMARY KEY,
      key text NOT NULL UNIQUE,
      direction text NOT NULL,
      status text NOT NULL,
      from_number text,
      sender_id text,
      to_number text NOT NULL,
      body text,
      body_sha256 text NOT NULL,
      meta jsonb,
      allo_item_id text UNIQUE,
      attempts integer NOT NULL DEFAULT 0,
      error_tag text,
      error_message text,
      lease_owner text,
      lease_until timestamptz,
      next_attempt_at timestamptz,
      check_after timestamptz,
      next_check_at timestamptz,
      ambiguous_since timestamptz,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      sending_at timestamptz,
      sent_at timestamptz,
      confirmed_at timestamptz,
      settled_at timestamptz
    )`)
  yield* sql.unsafe(
    `CREATE INDEX withallo_messages_work ON withallo_messages (status, next_attempt_at) WHERE status IN ('queued', 'sending')`
  )
  yield* sql.unsafe(`CREATE INDEX withallo_messages_created ON withallo_messages (created_at DESC, id DESC)`)
  yield* sql.unsafe(`CREATE INDEX withallo_messages_match ON withallo_messages (to_number, body_sha256)`)
  yield* sql.unsafe(`
    CREATE TABLE withallo_message_events (
      seq bigserial PRIMARY KEY,
      message_id text NOT NULL REFERENCES withallo_messages (id),
      type text NOT NULL,
      at timestamptz NOT NULL,
      detail jsonb
    )`)
  yield* sql.unsafe(`CREATE INDEX withallo_message_events_message ON withallo_message_events (message_id, seq)`)
})

/** Runs the pending migrations; returns those it ran. */
export const migrate = Migrator.make({})({
  loader: Migrator.fromRecord({ "1_create_message_log": createTables }),
  table: MIGRATIONS_TABLE
})
