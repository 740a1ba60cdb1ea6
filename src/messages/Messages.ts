/**
 * A durable message log: keyed, exactly-once SMS with lifecycle events,
 * stored through `effect/sql` (PGlite in this process, or a PostgreSQL
 * server shared by replicas).
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Messages, Withallo } from "effect-withallo"
 * import { PgliteClient } from "effect-withallo/pglite"
 *
 * const MessagesLive = Messages.layer().pipe(
 *   Layer.provide(PgliteClient.layer({ dataDir: "./.data/messages" })),
 *   Layer.provide(WithalloLive)
 * )
 *
 * const program = Messages.use((messages) =>
 *   messages.send({ key: "order-1042-shipped", from: "+14155550100", to: "+14155550199", message: "Your order shipped" })
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as PubSub from "effect/PubSub"
import * as SqlClient from "effect/sql/SqlClient"
import * as Stream from "effect/Stream"
import { invalidInput, type ValidationError } from "../WithalloError.js"
import type { Page } from "../Pagination.js"
import type { WebhookEvent } from "../schema/WebhookEvent.js"
import { Conversations } from "../services/Conversations.js"
import { Sms } from "../services/Sms.js"
import type { WebhookHandlers } from "../webhooks/receiver.js"
import { drive, type Engine, nowDate, startWorker } from "./engine.js"
import { MessageKeyReusedError, MessageNotFoundError, MessageStoreError } from "./errors.js"
import type { Message, MessageEvent } from "./Message.js"
import { migrate } from "./migrations.js"
import { type InternalOptions, type MessagesOptions, resolve } from "./options.js"
import { maskNumber, sha256Hex } from "./privacy.js"
import * as Query from "./query.js"
import { makeStore, type Row, type StoreFailure, toMessage } from "./store.js"
import { checkSearch, checkSend } from "./validate.js"
import { handleWebhook, newMessageId } from "./webhooks.js"

/** Types of the {@link Messages} service. */
export declare namespace Messages {
  /** A keyed text: from one of your Allo numbers (`from`) or a verified Sender ID (`senderId`, France). */
  export interface SendParams {
    /**
     * Names the message: every send with this key is the same message, sent
     * at most once whatever crashes, retries or replicas. Up to 200 characters.
     */
    readonly key: string
    readonly from?: string | undefined
    readonly senderId?: string | undefined
    readonly to: string
    /** 1–1000 characters. */
    readonly message: string
    /** Your JSON metadata, stored with the message (never sent to Allo). */
    readonly meta?: Readonly<Record<string, unknown>> | undefined
  }
  /** Options of {@link Messages.layer}. */
  export type Options = MessagesOptions
  /** Parameters of {@link Service.search}. */
  export type SearchParams = Query.MessageSearchParams
  /** Parameters of {@link Service.stream}. */
  export type StreamParams = Query.MessageStreamParams
  /** Where {@link Service.events} starts. */
  export type EventsOptions = Query.MessageEventsOptions
  /** The service. */
  export interface Service {
    /**
     * Writes the message to the log (`queued`), sends it once and returns it
     * as it then stands: `sent`, `failed`, or `sending` while an ambiguous
     * outcome (timeout, dropped connection, 5xx) is being reconciled. A send
     * with a key already logged returns the logged message without sending
     * (finishing it first when it was left queued by a crash).
     */
    readonly send: (params: SendParams) => Effect.Effect<Message, ValidationError | MessageKeyReusedError | MessageStoreError>
    /** Writes the message to the log and returns at once; the worker sends it. */
    readonly enqueue: (params: SendParams) => Effect.Effect<Message, ValidationError | MessageKeyReusedError | MessageStoreError>
    /** A message by its id (`wm_…`) or key. */
    readonly get: (idOrKey: string) => Effect.Effect<Message, MessageNotFoundError | MessageStoreError>
    /** A message's transitions, oldest first. */
    readonly history: (idOrKey: string) => Effect.Effect<ReadonlyArray<MessageEvent>, MessageNotFoundError | MessageStoreError>
    /** One page of messages, newest first. */
    readonly search: (params?: SearchParams) => Effect.Effect<Page<Message>, ValidationError | MessageStoreError>
    /** Every matching message, newest first. */
    readonly stream: (params?: StreamParams) => Stream.Stream<Message, ValidationError | MessageStoreError>
    /** The log's transitions, written by this process or any replica sharing the database. */
    readonly events: (options?: EventsOptions) => Stream.Stream<MessageEvent, MessageStoreError>
    /** Records what a webhook event says (sent confirmations, inbound texts); other topics are ignored. */
    readonly handleWebhook: (event: WebhookEvent) => Effect.Effect<void, MessageStoreError>
  }
}

const storeError = (operation: string) => (cause: StoreFailure): MessageStoreError =>
  new MessageStoreError({
    operation,
    // A SchemaError names the values it saw, and those can be texts and numbers.
    message: cause._tag === "SqlError"
      ? `${operation}: the log's database failed (${cause.reason._tag}): ${cause.reason.message}`
      : `${operation}: a row of the log did not read back as written`,
    cause
  })

const SAME_FIELDS = [["to", "to_number"], ["from", "from_number"], ["senderId", "sender_id"]] as const

/** The service over an `SqlClient` whose schema is migrated. */
export const make = (options: InternalOptions = {}) =>
  Effect.gen(function*() {
    const checked = resolve(options)
    if (!checked.ok) return yield* invalidInput("Messages.layer", checked.field, checked.problem)
    const resolved = checked.value
    const sql = yield* SqlClient.SqlClient
    const engine: Engine = {
      store: makeStore(sql),
      sms: yield* Sms,
      conversations: yield* Conversations,
      options: resolved,
      owner: `wp_${globalThis.crypto.randomUUID().slice(0, 18)}`,
      held: new Set(),
      inflight: new Map(),
      wake: yield* PubSub.sliding<void>(1)
    }
    const { store } = engine
    yield* startWorker(engine)

    const write = (operation: string, params: SendParams, inline: boolean) =>
      Effect.gen(function*() {
        yield* checkSend(operation, params)
        const sha = yield* Effect.promise(() => sha256Hex(params.message))
        const now = yield* nowDate
        const inserted = yield* store.insert({
          id: newMessageId(),
          key: params.key,
          direction: "outbound",
          status: "queued",
          from: params.from ?? null,
          senderId: params.senderId ?? null,
          to: params.to,
          body: params.message,
          bodySha256: sha,
          meta: params.meta ?? null,
          alloItemId: null,
          now,
          // The caller sends it now; the worker takes it only if this process dies first.
          nextAttemptAt: inline ? new Date(now.getTime() + resolved.leaseMs) : now,
          event: "MessageQueued"
        }).pipe(Effect.mapError(storeError(operation)))
        if (inserted !== undefined) {
          yield* Effect.annotateCurrentSpan({ "withallo.message.id": inserted.id, "withallo.message.to": maskedTo(inserted) })
          yield* PubSub.publish(engine.wake, undefined)
          if (resolved.onStep !== undefined) yield* resolved.onStep("queued", toMessage(inserted))
          return { row: inserted, fresh: true }
        }
        const existing = yield* Effect.mapError(store.byKey(params.key), storeError(operation))
        if (existing === undefined) {
          return yield* new MessageStoreError({ operation, message: `${operation}: key "${params.key}" neither inserted nor found`, cause: undefined })
        }
        const differing: Array<string> = SAME_FIELDS.filter(([field, column]) => (params[field] ?? null) !== existing[column]).map(([f]) => f)
        if (existing.direction !== "outbound") differing.push("direction")
        if (existing.body_sha256 !== sha) differing.push("message")
        if (differing.length > 0) {
          return yield* new MessageKeyReusedError({
            key: params.key,
            fields: differing,
            message: `${operation}: key "${params.key}" already names a message with a different ${differing.join(", ")}`
          })
        }
        return { row: existing, fresh: false }
      })

    const maskedTo = (row: Row) => (resolved.maskNumbers ? maskNumber(row.to_number) : row.to_number)

    const send = (params: SendParams) =>
      Effect.gen(function*() {
        const { row } = yield* write("Messages.send", params, true)
        const done = yield* Effect.mapError(drive(engine, row), storeError("Messages.send"))
        return toMessage(done)
      }).pipe(Effect.withSpan("Messages.send", { attributes: { "withallo.message.key": params.key } }))

    const enqueue = (params: SendParams) =>
      Effect.map(write("Messages.enqueue", params, false), ({ row }) => toMessage(row)).pipe(
        Effect.withSpan("Messages.enqueue", { attributes: { "withallo.message.key": params.key } })
      )

    const get = (idOrKey: string) =>
      Effect.flatMap(Effect.mapError(store.byIdOrKey(idOrKey), storeError("Messages.get")), (row) =>
        row === undefined
          ? Effect.fail(new MessageNotFoundError({ idOrKey, message: `Messages.get: no message has id or key "${idOrKey}"` }))
          : Effect.succeed(toMessage(row))).pipe(Effect.withSpan("Messages.get"))

    const history = (idOrKey: string) =>
      Effect.flatMap(get(idOrKey), (message) =>
        Effect.mapError(store.eventsOf(message.id), storeError("Messages.history"))).pipe(Effect.withSpan("Messages.history"))

    const search = (params: Query.MessageSearchParams = {}) =>
      Effect.andThen(checkSearch("Messages.search", params), Query.search(store, params).pipe(Effect.mapError(storeError("Messages.search"))))
        .pipe(Effect.withSpan("Messages.search"))

    const stream = (params: Query.MessageStreamParams = {}) =>
      Stream.unwrap(Effect.as(checkSearch("Messages.stream", params), Stream.mapError(Query.stream(store, params), storeError("Messages.stream"))))

    const events = (options?: Query.MessageEventsOptions) =>
      Stream.mapError(Query.events(store, engine.wake, resolved.pollMs, options), storeError("Messages.events"))

    const onWebhook = (event: WebhookEvent) =>
      handleWebhook(engine, event).pipe(
        Effect.tap(() => PubSub.publish(engine.wake, undefined)),
        Effect.mapError(storeError("Messages.handleWebhook")),
        Effect.withSpan("Messages.handleWebhook", { attributes: { "webhook.topic": event.topic } })
      )

    return Messages.of({ send, enqueue, get, history, search, stream, events, handleWebhook: onWebhook })
  })

type SendParams = Messages.SendParams

const record = (event: WebhookEvent) => Messages.use((messages) => messages.handleWebhook(event))

/** The durable message log. */
export class Messages extends Context.Service<Messages, Messages.Service>()("effect-withallo/Messages") {
  /**
   * Migrates the log's tables, then provides the service and runs its
   * worker for the layer's lifetime. Needs an `SqlClient` of PostgreSQL's
   * dialect (`@effect/sql-pg`'s `PgClient`, or `PgliteClient` from
   * `effect-withallo/pglite`), and `Sms` and `Conversations`.
   */
  static readonly layer = (
    options?: Messages.Options
  ): Layer.Layer<Messages, ValidationError | MessageStoreError, SqlClient.SqlClient | Sms | Conversations> =>
    Layer.effect(Messages, Effect.andThen(runMigrations, make(options)))

  /**
   * Handlers to spread into `WebhookReceiver.make({ handlers })`: sent
   * confirmations and inbound texts go to the log.
   *
   * @example
   * ```ts
   * WebhookReceiver.make({ secret, handlers: { ...Messages.webhookHandlers } })
   * ```
   */
  static readonly webhookHandlers: WebhookHandlers<Messages> = {
    SMS_SENT: record,
    SMS_RECEIVED: record,
    "sms.sent": record,
    "sms.received": record
  }
}

/** Runs the log's migrations (the layer does this on start). */
export const runMigrations: Effect.Effect<void, MessageStoreError, SqlClient.SqlClient> = Effect.gen(function*() {
  const sql = yield* SqlClient.SqlClient
  const dialect = sql.onDialectOrElse({ pg: () => "pg", orElse: () => "other" })
  if (dialect !== "pg") {
    return yield* new MessageStoreError({
      operation: "Messages.layer",
      message: "Messages.layer: the log needs PostgreSQL's dialect (@effect/sql-pg's PgClient, or PgliteClient from effect-withallo/pglite)",
      cause: undefined
    })
  }
  yield* Effect.mapError(migrate, (cause) =>
    new MessageStoreError({ operation: "Messages.layer", message: `Messages.layer: migrating the log failed: ${cause.message}`, cause }))
}).pipe(Effect.withSpan("Messages.migrate"))
