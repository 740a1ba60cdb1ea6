/**
 * Reading the log: pages and streams of messages (newest first), and the
 * stream of events, which tails the events table so it also sees what other
 * replicas wrote.
 *
 * @internal
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as PubSub from "effect/PubSub"
import type * as Statement from "effect/sql/Statement"
import * as Stream from "effect/Stream"
import type { Page } from "../Pagination.js"
import type { Message, MessageEvent, MessageStatus } from "./Message.js"
import { type Row, type Store, type StoreFailure, toMessage } from "./store.js"

/** Filters of `Messages.search` and `Messages.stream`. */
export interface MessageSearchFilters {
  /** One status or several. */
  readonly status?: MessageStatus | ReadonlyArray<MessageStatus> | undefined
  readonly direction?: "outbound" | "inbound" | undefined
  /** Recipient (E.164). */
  readonly to?: string | undefined
  /** Sender: an Allo number (or, inbound, the sender's number) or a Sender ID. */
  readonly from?: string | undefined
  /** Created at or after. */
  readonly since?: Date | string | undefined
  /** Created before. */
  readonly until?: Date | string | undefined
}

/** Parameters of `Messages.search`. */
export interface MessageSearchParams extends MessageSearchFilters {
  /** 1-based. Default 1. */
  readonly page?: number | undefined
  /** 1–100. Default 20. */
  readonly size?: number | undefined
}

/** Parameters of `Messages.stream`. */
export interface MessageStreamParams extends MessageSearchFilters {
  /** Rows read per query, 1–1000. Default 100. */
  readonly pageSize?: number | undefined
}

/** Where `Messages.events` starts. */
export interface MessageEventsOptions {
  /** `"now"` (default): only new events; `"start"`: the whole history first; a number: events after that `seq`. */
  readonly from?: "now" | "start" | number | undefined
}

const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value))

/** The `WHERE` clauses of the filters (dates already checked). */
const clauses = (store: Store, f: MessageSearchFilters): Array<Statement.Fragment> => {
  const { sql } = store
  const out: Array<Statement.Fragment> = [sql`TRUE`]
  if (f.status !== undefined) {
    const list: ReadonlyArray<string> = typeof f.status === "string" ? [f.status] : f.status
    out.push(sql`status IN ${sql.in(list)}`)
  }
  if (f.direction !== undefined) out.push(sql`direction = ${f.direction}`)
  if (f.to !== undefined) out.push(sql`to_number = ${f.to}`)
  if (f.from !== undefined) out.push(sql`(from_number = ${f.from} OR sender_id = ${f.from})`)
  if (f.since !== undefined) out.push(sql`created_at >= ${toDate(f.since)}`)
  if (f.until !== undefined) out.push(sql`created_at < ${toDate(f.until)}`)
  return out
}

/** One page of messages, newest first. */
export const search = (store: Store, params: MessageSearchParams): Effect.Effect<Page<Message>, StoreFailure> =>
  Effect.gen(function*() {
    const { sql } = store
    const page = params.page ?? 1
    const size = params.size ?? 20
    const where = sql.and(clauses(store, params))
    const counted = yield* sql<{ readonly n: number }>`SELECT CAST(COUNT(*) AS double precision) AS n FROM withallo_messages WHERE ${where}`
    const totalCount = counted[0]?.n ?? 0
    const rows = yield* store.rowsOf(sql`
      SELECT * FROM withallo_messages WHERE ${where}
      ORDER BY created_at DESC, id DESC LIMIT ${size} OFFSET ${(page - 1) * size}`)
    const totalPages = Math.ceil(totalCount / size)
    return { items: rows.map(toMessage), page, totalPages, totalCount, hasMore: page < totalPages }
  })

/** Every matching message, newest first, read in keyset pages (rows added meanwhile never shift it). */
export const stream = (store: Store, params: MessageStreamParams): Stream.Stream<Message, StoreFailure> => {
  const { sql } = store
  const pageSize = params.pageSize ?? 100
  const base = clauses(store, params)
  const start: Row | undefined = undefined
  return Stream.paginate(start, (after: Row | undefined) =>
    Effect.map(
      store.rowsOf(sql`
        SELECT * FROM withallo_messages
        WHERE ${sql.and(after === undefined ? base : [...base, sql`(created_at, id) < (${after.created_at}, ${after.id})`])}
        ORDER BY created_at DESC, id DESC LIMIT ${pageSize}`),
      (rows) => [rows.map(toMessage), rows.length < pageSize ? Option.none() : Option.fromNullishOr(rows[rows.length - 1])] as const
    ))
}

/** How long a hole in the event sequence is waited on (a writer that has not committed yet) before it is skipped. */
const GAP_WAIT_MS = 2_000

/**
 * The events after a position, then each new one as it is written (here or
 * by another replica). PostgreSQL hands out `seq` numbers before commit, so
 * a later number can become visible first: a hole is held open for a moment
 * before it is taken to be a rolled-back write.
 */
export const events = (
  store: Store,
  wake: PubSub.PubSub<void>,
  pollMs: number,
  options: MessageEventsOptions = {}
): Stream.Stream<MessageEvent, StoreFailure> =>
  Stream.unwrap(Effect.gen(function*() {
    const from = options.from ?? "now"
    let cursor = from === "start" ? 0 : from === "now" ? yield* store.lastSeq : from
    // From the start, the first event is whatever number history begins at.
    let anchored = from !== "start"
    let gapSince: number | undefined
    const subscription = yield* PubSub.subscribe(wake)
    const idle = Effect.raceFirst(PubSub.take(subscription), Effect.sleep(Duration.millis(pollMs)))
    const next = Effect.gen(function*() {
      for (;;) {
        const found = yield* store.eventsAfter(cursor, 500)
        const now = yield* Clock.currentTimeMillis
        const ready: Array<MessageEvent> = []
        for (const event of found) {
          if (anchored && event.seq !== cursor + 1) {
            gapSince ??= now
            if (now - gapSince < GAP_WAIT_MS) break
          }
          gapSince = undefined
          anchored = true
          ready.push(event)
          cursor = event.seq
        }
        if (ready.length > 0) return ready
        yield* idle
      }
    })
    return Stream.flattenIterable(Stream.fromEffectRepeat(next))
  }))
