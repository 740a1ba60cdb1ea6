/**
 * Every statement the log runs, in PostgreSQL's dialect (PostgreSQL and
 * PGlite). A transition and its event are written by one statement (a
 * data-modifying CTE), so no reader ever sees one without the other.
 * Claims use `FOR UPDATE SKIP LOCKED`: replicas polling together take
 * disjoint rows and never wait on each other.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import type * as SqlClient from "effect/sql/SqlClient"
import type { SqlError } from "effect/sql/SqlError"
import type * as Statement from "effect/sql/Statement"
import type { Message, MessageEvent } from "./Message.js"

const Row = Schema.Struct({
  id: Schema.String,
  key: Schema.String,
  direction: Schema.Literals(["outbound", "inbound"]),
  status: Schema.Literals(["queued", "sending", "sent", "confirmed", "failed", "unsettled", "received"]),
  from_number: Schema.NullOr(Schema.String),
  sender_id: Schema.NullOr(Schema.String),
  to_number: Schema.String,
  body: Schema.NullOr(Schema.String),
  body_sha256: Schema.String,
  meta: Schema.NullOr(Schema.Record(Schema.String, Schema.Unknown)),
  allo_item_id: Schema.NullOr(Schema.String),
  attempts: Schema.Number,
  error_tag: Schema.NullOr(Schema.String),
  error_message: Schema.NullOr(Schema.String),
  lease_owner: Schema.NullOr(Schema.String),
  lease_until: Schema.NullOr(Schema.Date),
  next_attempt_at: Schema.NullOr(Schema.Date),
  check_after: Schema.NullOr(Schema.Date),
  ambiguous_since: Schema.NullOr(Schema.Date),
  created_at: Schema.Date,
  updated_at: Schema.Date,
  sending_at: Schema.NullOr(Schema.Date),
  sent_at: Schema.NullOr(Schema.Date),
  confirmed_at: Schema.NullOr(Schema.Date),
  settled_at: Schema.NullOr(Schema.Date)
})

/** A row as stored, with the columns the log uses internally. */
export type Row = typeof Row.Type

const decodeRows = Schema.decodeUnknownEffect(Schema.Array(Row))

/** The public view of a row. */
export const toMessage = (row: Row): Message => ({
  id: row.id,
  key: row.key,
  direction: row.direction,
  status: row.status,
  from: row.from_number,
  senderId: row.sender_id,
  to: row.to_number,
  body: row.body,
  bodySha256: row.body_sha256,
  meta: row.meta,
  alloItemId: row.allo_item_id,
  attempts: row.attempts,
  error: row.error_tag === null ? null : { tag: row.error_tag, message: row.error_message ?? "" },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  sentAt: row.sent_at,
  confirmedAt: row.confirmed_at,
  settledAt: row.settled_at
})

const EventRow = Schema.Struct({
  seq: Schema.Number,
  message_id: Schema.String,
  key: Schema.String,
  type: Schema.String,
  at: Schema.Date,
  detail: Schema.NullOr(Schema.Record(Schema.String, Schema.Unknown))
})

const decodeEvents = Schema.decodeUnknownEffect(Schema.Array(EventRow))

const str = (detail: Readonly<Record<string, unknown>> | null, name: string): string | null => {
  const value = detail?.[name]
  return typeof value === "string" ? value : null
}

const toEvent = (row: typeof EventRow.Type): MessageEvent | undefined => {
  const base = { seq: row.seq, messageId: row.message_id, key: row.key, at: row.at }
  const error = { tag: str(row.detail, "tag") ?? "", message: str(row.detail, "message") ?? "" }
  switch (row.type) {
    case "MessageQueued": {
      const attempt = row.detail?.attempt
      return { _tag: "MessageQueued", ...base, attempt: typeof attempt === "number" ? attempt : 1 }
    }
    case "MessageSent":
      return { _tag: "MessageSent", ...base, reconciled: row.detail?.reconciled === true, alloItemId: str(row.detail, "alloItemId") }
    case "MessageConfirmed":
      return { _tag: "MessageConfirmed", ...base, alloItemId: str(row.detail, "alloItemId") }
    case "MessageFailed":
      return { _tag: "MessageFailed", ...base, error }
    case "MessageUnsettled":
      return { _tag: "MessageUnsettled", ...base, error }
    case "MessageReceived":
      return { _tag: "MessageReceived", ...base, alloItemId: str(row.detail, "alloItemId") }
    default:
      return undefined
  }
}

/** Store failures: the database, or a row that does not read back as written. */
export type StoreFailure = SqlError | Schema.SchemaError

/** A new row. */
export interface NewMessage {
  readonly id: string
  readonly key: string
  readonly direction: "outbound" | "inbound"
  readonly status: "queued" | "received"
  readonly from: string | null
  readonly senderId: string | null
  readonly to: string
  readonly body: string | null
  readonly bodySha256: string
  readonly meta: Readonly<Record<string, unknown>> | null
  readonly alloItemId: string | null
  readonly now: Date
  /** When a background worker may pick a queued row up (the caller sends it inline before). */
  readonly nextAttemptAt: Date | null
  readonly event: "MessageQueued" | "MessageReceived"
}

/** A transition written together with its event. */
export interface Transition {
  readonly set: ReadonlyArray<readonly [column: string, value: unknown]>
  readonly event?: { readonly type: MessageEvent["_tag"]; readonly detail: Readonly<Record<string, unknown>> | null } | undefined
}

const COLUMNS = new Set([
  "status", "body", "allo_item_id", "attempts", "error_tag", "error_message", "lease_owner", "lease_until",
  "next_attempt_at", "check_after", "next_check_at", "ambiguous_since", "updated_at", "sending_at", "sent_at",
  "confirmed_at", "settled_at"
])

/** The statements, bound to one client. */
export const makeStore = (sql: SqlClient.SqlClient) => {
  const rows = (effect: Effect.Effect<ReadonlyArray<unknown>, SqlError>) => Effect.flatMap(effect, decodeRows)
  const first = (effect: Effect.Effect<ReadonlyArray<unknown>, SqlError>) =>
    Effect.map(rows(effect), (found): Row | undefined => found[0])

  const insert = (m: NewMessage) =>
    first(sql`
      WITH m AS (
        INSERT INTO withallo_messages (id, key, direction, status, from_number, sender_id, to_number, body, body_sha256,
          meta, allo_item_id, attempts, next_attempt_at, created_at, updated_at)
        VALUES (${m.id}, ${m.key}, ${m.direction}, ${m.status}, ${m.from}, ${m.senderId}, ${m.to}, ${m.body}, ${m.bodySha256},
          ${m.meta === null ? null : JSON.stringify(m.meta)}::jsonb, ${m.alloItemId}, 0, ${m.nextAttemptAt}, ${m.now}, ${m.now})
        ON CONFLICT DO NOTHING
        RETURNING *
      ), e AS (
        INSERT INTO withallo_message_events (message_id, type, at, detail)
        SELECT id, ${m.event}, ${m.now}, ${JSON.stringify(m.event === "MessageQueued" ? { attempt: 1 } : { alloItemId: m.alloItemId })}::jsonb FROM m
      )
      SELECT * FROM m`)

  const byKey = (key: string) => first(sql`SELECT * FROM withallo_messages WHERE key = ${key}`)

  const byIdOrKey = (idOrKey: string) =>
    first(sql`SELECT * FROM withallo_messages WHERE id = ${idOrKey} OR key = ${idOrKey} ORDER BY (id = ${idOrKey}) DESC LIMIT 1`)

  /**
   * Applies a transition to the row `id` if `where` (a condition on the row
   * as it is) holds, writing its event in the same statement.
   */
  const transition = (id: string, where: Statement.Fragment, t: Transition, now: Date) => {
    const assignments = t.set.filter(([column]) => COLUMNS.has(column)).map(([column, value]) => sql`${sql(column)} = ${value}`)
    const event = t.event
    return first(
      event === undefined
        ? sql`UPDATE withallo_messages SET ${sql.csv(assignments)} WHERE id = ${id} AND ${where} RETURNING *`
        : sql`
          WITH m AS (
            UPDATE withallo_messages SET ${sql.csv(assignments)} WHERE id = ${id} AND ${where} RETURNING *
          ), e AS (
            INSERT INTO withallo_message_events (message_id, type, at, detail)
            SELECT id, ${event.type}, ${now}, ${event.detail === null ? null : JSON.stringify(event.detail)}::jsonb FROM m
          )
          SELECT * FROM m`
    )
  }

  /** Claims up to `limit` queued rows due by `now` for sending. */
  const claimQueued = (owner: string, now: Date, leaseUntil: Date, limit: number) =>
    rows(sql`
      UPDATE withallo_messages SET status = 'sending', lease_owner = ${owner}, lease_until = ${leaseUntil},
        sending_at = ${now}, updated_at = ${now}, attempts = attempts + 1
      WHERE id IN (
        SELECT id FROM withallo_messages
        WHERE status = 'queued' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ${now}
        ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ) AND status = 'queued'
      RETURNING *`)

  /** Claims one queued row for sending, whoever may have been meant to. */
  const claimOne = (id: string, owner: string, now: Date, leaseUntil: Date) =>
    first(sql`
      UPDATE withallo_messages SET status = 'sending', lease_owner = ${owner}, lease_until = ${leaseUntil},
        sending_at = ${now}, updated_at = ${now}, attempts = attempts + 1
      WHERE id = ${id} AND status = 'queued'
      RETURNING *`)

  /**
   * Claims up to `limit` rows in `sending` nobody holds (an ambiguous outcome,
   * or a lease that ran out because its process died) whose check is due.
   * A dead owner's request left before its lease ran out, so "not found"
   * proves nothing before `lease_until + notFoundAfterMs`.
   */
  const claimReconcile = (owner: string, now: Date, leaseUntil: Date, limit: number, notFoundAfterMs: number) =>
    rows(sql`
      UPDATE withallo_messages SET lease_owner = ${owner}, lease_until = ${leaseUntil}, updated_at = ${now},
        check_after = COALESCE(check_after, lease_until + (${notFoundAfterMs}::double precision * interval '1 millisecond')),
        ambiguous_since = COALESCE(ambiguous_since, ${now})
      WHERE id IN (
        SELECT id FROM withallo_messages
        WHERE status = 'sending' AND (lease_until IS NULL OR lease_until < ${now})
          AND (next_check_at IS NULL OR next_check_at <= ${now})
        ORDER BY sending_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
      ) AND status = 'sending'
      RETURNING *`)

  /** Extends the leases this process holds. */
  const heartbeat = (owner: string, now: Date, leaseUntil: Date) =>
    sql`UPDATE withallo_messages SET lease_until = ${leaseUntil}
      WHERE lease_owner = ${owner} AND status = 'sending' AND lease_until >= ${now}`

  /** Outbound rows that may be the same text to the same number, sent at or after `since`. */
  const lookalikes = (to: string, bodySha256: string, since: Date) =>
    rows(sql`
      SELECT * FROM withallo_messages
      WHERE direction = 'outbound' AND to_number = ${to} AND body_sha256 = ${bodySha256}
        AND (sending_at IS NULL OR sending_at >= ${since} OR allo_item_id IS NOT NULL)`)

  /** Which of these Allo item ids the log already attributes to a message. */
  const attributed = (ids: ReadonlyArray<string>) =>
    ids.length === 0
      ? Effect.succeed(new Set<string>())
      : Effect.map(
        sql<{ readonly allo_item_id: string }>`SELECT allo_item_id FROM withallo_messages WHERE allo_item_id IN ${sql.in(ids)}`,
        (found) => new Set(found.map((r) => r.allo_item_id))
      )

  /** Events after `seq`, oldest first. */
  const eventsAfter = (seq: number, limit: number) =>
    Effect.flatMap(
      sql`
        SELECT CAST(e.seq AS double precision) AS seq, e.message_id, m.key, e.type, e.at, e.detail
        FROM withallo_message_events e JOIN withallo_messages m ON m.id = e.message_id
        WHERE e.seq > ${seq} ORDER BY e.seq LIMIT ${limit}`,
      decodeEvents
    ).pipe(Effect.map((found) => found.flatMap((row) => {
      const event = toEvent(row)
      return event === undefined ? [] : [event]
    })))

  /** One message's events, oldest first. */
  const eventsOf = (messageId: string) =>
    Effect.flatMap(
      sql`
        SELECT CAST(e.seq AS double precision) AS seq, e.message_id, m.key, e.type, e.at, e.detail
        FROM withallo_message_events e JOIN withallo_messages m ON m.id = e.message_id
        WHERE e.message_id = ${messageId} ORDER BY e.seq`,
      decodeEvents
    ).pipe(Effect.map((found) => found.flatMap((row) => {
      const event = toEvent(row)
      return event === undefined ? [] : [event]
    })))

  const lastSeq = Effect.map(
    sql<{ readonly seq: number | null }>`SELECT CAST(MAX(seq) AS double precision) AS seq FROM withallo_message_events`,
    (found) => found[0]?.seq ?? 0
  )

  return { sql, rowsOf: rows, insert, byKey, byIdOrKey, transition, claimQueued, claimOne, claimReconcile, heartbeat, lookalikes, attributed, eventsAfter, eventsOf, lastSeq }
}

/** The statements, bound to one client. */
export type Store = ReturnType<typeof makeStore>
