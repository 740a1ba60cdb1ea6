/**
 * Sending and settling: one request per claim, the outcome recorded with
 * its event, ambiguous outcomes reconciled (never re-sent blindly), and the
 * background worker that picks up what a dead process left behind.
 *
 * @internal
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Deferred from "effect/Deferred"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as PubSub from "effect/PubSub"
import * as Result from "effect/Result"
import * as Schedule from "effect/Schedule"
import type * as Scope from "effect/Scope"
import type { Conversations } from "../services/Conversations.js"
import type { Sms } from "../services/Sms.js"
import type { WithalloError } from "../WithalloError.js"
import type { MessageError } from "./Message.js"
import type { Resolved } from "./options.js"
import { maskNumber } from "./privacy.js"
import { lookup } from "./reconcile.js"
import { type Row, type Store, type StoreFailure, toMessage, type Transition } from "./store.js"

/** What one request established. */
type Outcome =
  | { readonly kind: "sent" }
  | { readonly kind: "failed"; readonly error: MessageError }
  | { readonly kind: "retry"; readonly error: MessageError; readonly delayMs: number }
  | { readonly kind: "ambiguous"; readonly error: MessageError }

const errorOf = (e: { readonly _tag: string; readonly message: string }): MessageError => ({ tag: e._tag, message: e.message })

/**
 * Which failures may hide a sent message. A timeout, a dropped connection or
 * a 5xx can come after Allo accepted the text; a 2xx whose body did not
 * decode is an accepted text; a 429 is a request Allo did not process.
 */
const classify = (error: WithalloError): Outcome => {
  switch (error._tag) {
    case "TimeoutError":
    case "TransportError":
    case "ServerError":
      return { kind: "ambiguous", error: errorOf(error) }
    case "ResponseDecodeError":
      return { kind: "sent" }
    case "RateLimitError":
      return error.quotaExceeded
        ? { kind: "failed", error: errorOf(error) }
        : { kind: "retry", error: errorOf(error), delayMs: error.retryAfter === undefined ? 30_000 : Duration.toMillis(error.retryAfter) }
    default:
      return { kind: "failed", error: errorOf(error) }
  }
}

/** Everything the engine works with. */
export interface Engine {
  readonly store: Store
  readonly sms: Sms.Service
  readonly conversations: Conversations.Service
  readonly options: Resolved
  /** This process's claim name. */
  readonly owner: string
  /** Rows this process holds a lease on (renewed by the heartbeat). */
  readonly held: Set<string>
  /** Sends in flight here, so a duplicate submission waits for the first. */
  readonly inflight: Map<string, Deferred.Deferred<void>>
  /** Wakes the worker and event streams after a local write. */
  readonly wake: PubSub.PubSub<void>
}

export const nowDate = Effect.map(Clock.currentTimeMillis, (ms) => new Date(ms))

const later = (now: Date, ms: number) => new Date(now.getTime() + ms)

const released = [["lease_owner", null], ["lease_until", null]] as const
const unambiguous = [["check_after", null], ["next_check_at", null], ["ambiguous_since", null]] as const

/** Columns of a settled row: the body goes when bodies are not kept. */
const settledColumns = (engine: Engine, now: Date) => [
  ["updated_at", now],
  ...released,
  ...unambiguous,
  ["next_attempt_at", null],
  ...(engine.options.storeBodies ? [] : [["body", null] as const])
] as const

const masked = (engine: Engine, number: string) => (engine.options.maskNumbers ? maskNumber(number) : number)

/** Records an outcome for a row this process claimed. */
const record = (engine: Engine, row: Row, outcome: Outcome, now: Date) => {
  const { sql } = engine.store
  const mine = sql`status = 'sending' AND lease_owner = ${engine.owner}`
  const write = (where: typeof mine, t: Transition) => engine.store.transition(row.id, where, t, now)
  switch (outcome.kind) {
    case "sent":
      // The 2xx is the truth: it wins over a reconciliation that took the row meanwhile.
      return write(sql`status IN ('sending', 'queued', 'unsettled')`, {
        set: [...settledColumns(engine, now), ["status", "sent"], ["sent_at", now], ["error_tag", null], ["error_message", null]],
        event: { type: "MessageSent", detail: { reconciled: false, alloItemId: null } }
      })
    case "retry":
      if (row.attempts < engine.options.maxAttempts) {
        return write(mine, {
          set: [["updated_at", now], ...released, ["status", "queued"], ["next_attempt_at", later(now, outcome.delayMs)],
            ["error_tag", outcome.error.tag], ["error_message", outcome.error.message]],
          event: { type: "MessageQueued", detail: { attempt: row.attempts + 1 } }
        })
      }
      return record(engine, row, { kind: "failed", error: outcome.error }, now)
    case "failed":
      return write(mine, {
        set: [...settledColumns(engine, now), ["status", "failed"], ["settled_at", now],
          ["error_tag", outcome.error.tag], ["error_message", outcome.error.message]],
        event: { type: "MessageFailed", detail: { ...outcome.error } }
      })
    case "ambiguous":
      return write(mine, {
        set: [["updated_at", now], ...released, ["check_after", later(now, engine.options.notFoundAfterMs)],
          ["next_check_at", now], ["ambiguous_since", row.ambiguous_since ?? now],
          ["error_tag", outcome.error.tag], ["error_message", outcome.error.message]]
      })
  }
}

const request = (engine: Engine, row: Row): Effect.Effect<unknown, WithalloError> => {
  const message = row.body ?? ""
  return row.sender_id !== null
    ? engine.sms.sendFrance({ senderId: row.sender_id, to: row.to_number, message })
    : engine.sms.send({ from: row.from_number ?? "", to: row.to_number, message })
}

const step = (engine: Engine, name: "queued" | "claimed" | "responded" | "recorded", row: Row) =>
  engine.options.onStep === undefined ? Effect.void : engine.options.onStep(name, toMessage(row))

/** Makes the one request for a row this process has just claimed, and records what came of it. */
export const attempt = (engine: Engine, row: Row): Effect.Effect<Row, StoreFailure> =>
  Effect.gen(function*() {
    const latch = yield* Deferred.make<void>()
    engine.inflight.set(row.id, latch)
    engine.held.add(row.id)
    return yield* Effect.gen(function*() {
      yield* step(engine, "claimed", row)
      const result = yield* Effect.result(request(engine, row))
      if (Result.isSuccess(result)) yield* step(engine, "responded", row)
      const outcome = Result.isSuccess(result) ? { kind: "sent" } as const : classify(result.failure)
      const now = yield* nowDate
      const updated = yield* record(engine, row, outcome, now)
      if (updated === undefined) {
        if (outcome.kind === "sent") {
          yield* Effect.logError(`Messages: ${row.id} was accepted by Allo after another process had settled it`)
        }
        return (yield* engine.store.byKey(row.key)) ?? row
      }
      yield* PubSub.publish(engine.wake, undefined)
      if (outcome.kind === "ambiguous") {
        yield* Effect.logWarning(`Messages: ${row.id} to ${masked(engine, row.to_number)}: ${outcome.error.tag}; reconciling`)
      }
      if (outcome.kind === "sent") yield* step(engine, "recorded", updated)
      return updated
    }).pipe(
      Effect.ensuring(Effect.andThen(
        Effect.sync(() => {
          engine.inflight.delete(row.id)
          engine.held.delete(row.id)
        }),
        Deferred.succeed(latch, undefined)
      ))
    )
  })

/**
 * Takes a row to a settled state if it can be sent from here: claims a
 * queued row and sends it; waits for a send already in flight in this
 * process; returns anything else as it is.
 */
export const drive = (engine: Engine, row: Row): Effect.Effect<Row, StoreFailure> =>
  Effect.gen(function*() {
    const now = yield* nowDate
    // A message queued again after a 429 waits for its Retry-After, whoever asks.
    const waiting = row.attempts > 0 && row.next_attempt_at !== null && row.next_attempt_at > now
    if (row.status === "queued" && !waiting) {
      const claimed = yield* engine.store.claimOne(row.id, engine.owner, now, later(now, engine.options.leaseMs))
      if (claimed !== undefined) return yield* attempt(engine, claimed)
      const current = (yield* engine.store.byKey(row.key)) ?? row
      return current.status === "queued" ? current : yield* drive(engine, current)
    }
    const latch = row.status === "sending" ? engine.inflight.get(row.id) : undefined
    if (latch === undefined) return row
    yield* Deferred.await(latch)
    return (yield* engine.store.byKey(row.key)) ?? row
  })

/** Looks an ambiguous row up in Allo and settles it, requeues it, or checks again later. */
const reconcileOne = (engine: Engine, row: Row): Effect.Effect<void, StoreFailure> =>
  Effect.gen(function*() {
    const { sql } = engine.store
    const mine = sql`status = 'sending' AND lease_owner = ${engine.owner}`
    const found = yield* Effect.result(lookup(engine.conversations, engine.store, row, engine.options.clockSkewMs))
    const now = yield* nowDate
    const write = (t: Transition) => engine.store.transition(row.id, mine, t, now)
    const checkLater = (at: Date) => write({ set: [["updated_at", now], ...released, ["next_check_at", at]] })
    if (Result.isSuccess(found) && found.success._tag === "Found") {
      const alloItemId = found.success.alloItemId
      const settled = write({
        set: [...settledColumns(engine, now), ["status", "sent"], ["sent_at", now], ["allo_item_id", alloItemId],
          ["error_tag", null], ["error_message", null]],
        event: { type: "MessageSent", detail: { reconciled: true, alloItemId } }
      })
      // Another row took the same text first (unique item id): look again later.
      yield* Effect.catch(settled, () => checkLater(later(now, engine.options.reconcileEveryMs)))
      return
    }
    if (Result.isSuccess(found)) {
      const checkAfter = row.check_after ?? now
      if (now < checkAfter) {
        yield* checkLater(new Date(Math.min(checkAfter.getTime(), now.getTime() + engine.options.reconcileEveryMs)))
      } else if (row.attempts >= engine.options.maxAttempts) {
        const error = { tag: row.error_tag ?? "NotSent", message: `not sent after ${row.attempts} attempts; last: ${row.error_message ?? "none"}` }
        yield* write({
          set: [...settledColumns(engine, now), ["status", "failed"], ["settled_at", now], ["error_tag", error.tag], ["error_message", error.message]],
          event: { type: "MessageFailed", detail: error }
        })
      } else {
        yield* write({
          set: [["updated_at", now], ...released, ...unambiguous, ["status", "queued"], ["next_attempt_at", now]],
          event: { type: "MessageQueued", detail: { attempt: row.attempts + 1 } }
        })
      }
      return
    }
    const failure = found.failure
    if (failure._tag === "SqlError" || failure._tag === "SchemaError") return yield* failure
    // A key that may not read conversations will never be able to look it up.
    const hopeless = failure._tag === "AuthenticationError" || failure._tag === "ForbiddenError"
    const since = row.ambiguous_since ?? now
    if (hopeless || now.getTime() - since.getTime() >= engine.options.giveUpAfterMs) {
      const error = { tag: failure._tag, message: `could not look the message up in Allo: ${failure.message}` }
      yield* Effect.logWarning(`Messages: ${row.id} to ${masked(engine, row.to_number)} is unsettled (${failure._tag})`)
      yield* write({
        set: [...settledColumns(engine, now), ["status", "unsettled"], ["settled_at", now], ["error_tag", error.tag], ["error_message", error.message]],
        event: { type: "MessageUnsettled", detail: error }
      })
      return
    }
    yield* checkLater(later(now, engine.options.reconcileEveryMs))
  }).pipe(
    Effect.ensuring(Effect.andThen(Effect.sync(() => engine.held.delete(row.id)), PubSub.publish(engine.wake, undefined)))
  )

/** One round of the worker: orphaned queued rows, then ambiguous ones. Returns how many it took. */
export const tick = (engine: Engine): Effect.Effect<number, StoreFailure> =>
  Effect.gen(function*() {
    const now = yield* nowDate
    const until = later(now, engine.options.leaseMs)
    const limit = engine.options.concurrency
    const queued = yield* engine.store.claimQueued(engine.owner, now, until, limit)
    const ambiguous = yield* engine.store.claimReconcile(engine.owner, now, until, limit, engine.options.notFoundAfterMs)
    for (const row of [...queued, ...ambiguous]) engine.held.add(row.id)
    yield* Effect.forEach(
      [...queued.map((row) => Effect.asVoid(attempt(engine, row))), ...ambiguous.map((row) => reconcileOne(engine, row))],
      (work) => work,
      { concurrency: limit, discard: true }
    )
    return queued.length + ambiguous.length
  })

/** The worker and the lease heartbeat, for the layer's lifetime. */
export const startWorker = (engine: Engine): Effect.Effect<void, never, Scope.Scope> =>
  Effect.gen(function*() {
    const heartbeat = Effect.gen(function*() {
      if (engine.held.size === 0) return
      const now = yield* nowDate
      yield* engine.store.heartbeat(engine.owner, now, later(now, engine.options.leaseMs))
    }).pipe(Effect.catchCause((cause) => Effect.logWarning("Messages: lease heartbeat failed", Cause.squash(cause))))
    yield* Effect.forkScoped(
      Effect.repeat(heartbeat, Schedule.spaced(Duration.millis(Math.max(1, Math.floor(engine.options.leaseMs / 3)))))
    )
    if (!engine.options.worker) return
    const subscription = yield* PubSub.subscribe(engine.wake)
    const idle = Effect.raceFirst(PubSub.take(subscription), Effect.sleep(Duration.millis(engine.options.pollMs)))
    const round = tick(engine).pipe(
      Effect.catchCause((cause) => Effect.as(Effect.logWarning("Messages: worker round failed", Cause.squash(cause)), 0))
    )
    yield* Effect.forkScoped(Effect.forever(Effect.flatMap(round, (took) => (took === 0 ? Effect.asVoid(idle) : Effect.void))))
  })
