/**
 * The Power Dialer's queue (`/v2/api/dialing-queues/current`, scope
 * `DIALING_QUEUE_READ_WRITE`): the numbers a user calls one after another.
 * Every operation acts on the caller's own queue, or on a teammate's given
 * `userId` or `email` (Allo's rule: `userId` wins when both are given).
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { DialingQueues } from "effect-withallo"
 *
 * const monday = Effect.gen(function*() {
 *   const queues = yield* DialingQueues
 *   yield* queues.reset({ name: "Monday cold calls", email: "jordan@acme.com" })
 *   const { added, skipped } = yield* queues.appendNumbers(
 *     [{ number: "+1 (212) 555-0010", name: "John", company: "Acme Inc" }, { number: "+33612345678" }],
 *     { email: "jordan@acme.com" }
 *   )
 * })
 * ```
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Endpoint from "../Endpoint.js"
import { Email, IdempotencyKey, IntIn, NonEmpty, NonEmptyArray, OneOf, PageSize, Text, V2Page } from "../internal/params.js"
import type { Page, StreamOptions } from "../Pagination.js"
import {
  AppendResult,
  ClearQueueNumbersResult,
  DialingQueue,
  type DialingQueueMeta,
  QueueNumber,
  QueuePageEnvelope
} from "../schema/DialingQueue.js"
import { DataEnvelope } from "../schema/internal.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/**
 * A queue holds at most 1,000 numbers (`DIALING_QUEUE_LIMIT_REACHED`), so no
 * request can add more; a longer list goes in requests of this many, in order.
 */
export const APPEND_LIMIT = 1000

/** Whose queue: the caller's by default. */
const target = {
  /** A teammate's id (`usr-…`); wins over `email`. */
  userId: Schema.optional(NonEmpty),
  email: Schema.optional(Email)
}

// A caller's key is suffixed per request when an append is split (`key`,
// `key-2`, …), so the suffix must fit in Allo's 255 characters.
const AppendKey = IdempotencyKey.check(
  Schema.makeFilter((s: string) => s.length <= 240 ? undefined : "must be at most 240 characters (a suffix is added per request)")
)

/** One number to append, with the contact data Allo creates or matches a contact from. */
const Entry = Endpoint.params({
  /** Any format; Allo normalises it to E.164 or skips it (`INVALID_PHONE_NUMBER`). */
  number: NonEmpty,
  name: Schema.optional(Schema.NullOr(Schema.String)),
  lastName: Schema.optional(Schema.NullOr(Schema.String)),
  company: Schema.optional(Schema.NullOr(Schema.String)),
  website: Schema.optional(Schema.NullOr(Schema.String)),
  jobTitle: Schema.optional(Schema.NullOr(Schema.String)),
  emails: Schema.optional(Schema.NullOr(Schema.Array(Schema.String))),
  addresses: Schema.optional(Schema.NullOr(Schema.Array(Schema.String)))
})

/** `GET /v2/api/dialing-queues/current`: a page of the queue's numbers by position, with the queue's settings. */
export const current = Endpoint.make({
  name: "DialingQueues.current",
  method: "GET",
  path: "/v2/api/dialing-queues/current",
  args: [Endpoint.optionalArg("params", Endpoint.params({ ...target, page: Schema.optional(V2Page), size: Schema.optional(PageSize) }))],
  response: QueuePageEnvelope,
  result: (response, input): DialingQueues.QueuePage => ({ ...Endpoint.v2Page(response, input), queue: response.queue ?? undefined }),
  paging: { firstPage: 1 }
})

/**
 * Every number of the queue, by position. Positions are unique within a
 * queue, so they identify entries across pages.
 */
export const streamCurrent = Endpoint.stream("DialingQueues.streamCurrent", current, (n: QueueNumber) => String(n.position))

/** `POST /v2/api/dialing-queues/current`: a fresh, empty queue; the older one stops being current. */
export const reset = Endpoint.make({
  name: "DialingQueues.reset",
  method: "POST",
  path: "/v2/api/dialing-queues/current",
  args: [Endpoint.optionalArg("params", Endpoint.params({ ...target, name: Schema.optional(Text(255)), idempotencyKey: Schema.optional(IdempotencyKey) }))],
  response: DataEnvelope(DialingQueue),
  result: Endpoint.data,
  idempotency: "mint"
})

/** `PATCH /v2/api/dialing-queues/current`: creates the queue or changes only the settings given. */
export const upsert = Endpoint.make({
  name: "DialingQueues.upsert",
  method: "PATCH",
  path: "/v2/api/dialing-queues/current",
  args: [Endpoint.arg(
    "params",
    Endpoint.params({
      ...target,
      name: Schema.optional(Text(255)),
      voicemailHandling: Schema.optional(OneOf(["SKIP", "NO_SKIP"])),
      doNotDisturb: Schema.optional(OneOf(["ENABLED", "DISABLED"])),
      idempotencyKey: Schema.optional(IdempotencyKey)
    })
  )],
  response: DataEnvelope(DialingQueue),
  result: Endpoint.data,
  idempotency: "mint"
})

/** `POST /v2/api/dialing-queues/current/numbers`: one request's worth (see {@link APPEND_LIMIT}). */
export const appendNumbers = Endpoint.make({
  name: "DialingQueues.appendNumbers",
  method: "POST",
  path: "/v2/api/dialing-queues/current/numbers",
  args: [
    Endpoint.arg("numbers", NonEmptyArray(Entry)),
    Endpoint.optionalArg("options", Endpoint.params({ ...target, idempotencyKey: Schema.optional(AppendKey) }))
  ],
  response: DataEnvelope(AppendResult),
  result: Endpoint.data,
  idempotency: "mint"
})

type AppendInput = Parameters<typeof appendNumbers.request>[0]

/** Requests of at most {@link APPEND_LIMIT} numbers, a caller's key made distinct per request. */
const splitAppend = (input: AppendInput): ReadonlyArray<AppendInput> => {
  const parts: Array<AppendInput> = []
  for (let i = 0; i < input.numbers.length; i += APPEND_LIMIT) {
    const n = parts.length + 1
    const key = input.options?.idempotencyKey
    parts.push({
      numbers: input.numbers.slice(i, i + APPEND_LIMIT),
      options: { ...input.options, idempotencyKey: key === undefined || n === 1 ? key : `${key}-${n}` }
    })
  }
  return parts
}

const mergeAppend = (results: ReadonlyArray<AppendResult>): AppendResult => ({
  added: results.flatMap((r) => r.added),
  skipped: results.flatMap((r) => r.skipped)
})

/**
 * Allo takes one filter: `number`, `position`, both (one occurrence of a
 * repeated number), or `unassigned` alone.
 */
const oneClearFilter = Schema.makeFilter((p: {
  readonly number?: string | undefined
  readonly position?: number | undefined
  readonly unassigned?: boolean | undefined
}) => {
  const byEntry = p.number !== undefined || p.position !== undefined
  if (p.unassigned !== undefined && byEntry) {
    return { path: ["unassigned"], issue: "cannot be combined with number or position" }
  }
  if (p.unassigned !== true && !byEntry) {
    return { path: ["number"], issue: "a filter is required: number, position, number and position, or unassigned: true" }
  }
  return undefined
})

/** `DELETE /v2/api/dialing-queues/current/numbers` */
export const clearNumbers = Endpoint.make({
  name: "DialingQueues.clearNumbers",
  method: "DELETE",
  path: "/v2/api/dialing-queues/current/numbers",
  args: [Endpoint.arg(
    "params",
    Endpoint.params({
      ...target,
      /** Any format, as for appends. */
      number: Schema.optional(NonEmpty),
      position: Schema.optional(IntIn(0)),
      unassigned: Schema.optional(Schema.Boolean),
      idempotencyKey: Schema.optional(IdempotencyKey)
    }).check(oneClearFilter)
  )],
  response: DataEnvelope(ClearQueueNumbersResult),
  result: Endpoint.data,
  idempotency: "mint"
})

/** Types of the {@link DialingQueues} service. */
export declare namespace DialingQueues {
  /** Whose queue: the caller's unless one of these names a teammate. */
  export interface Target {
    /** A teammate's id (`usr-…`, from `Users.list`); wins over `email`. */
    readonly userId?: string | undefined
    /** A teammate's email. */
    readonly email?: string | undefined
  }
  /** Options of every write. */
  export interface WriteOptions {
    /** Defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** A page of the queue's numbers and, beside it, the queue (`undefined` when the user has none). */
  export interface QueuePage extends Page<QueueNumber> {
    readonly queue: DialingQueueMeta | undefined
  }
  /** Which page. */
  export interface CurrentParams extends Target {
    /** 1-based. Default 1. */
    readonly page?: number | undefined
    /** 1–100. Default 20. */
    readonly size?: number | undefined
  }
  /** The queue's settings; only those given change. */
  export interface UpsertParams extends Target, WriteOptions {
    /** 1–255 characters. */
    readonly name?: string | undefined
    /** `SKIP`: move on when a call lands in voicemail; `NO_SKIP`: stay on the call. */
    readonly voicemailHandling?: "SKIP" | "NO_SKIP" | undefined
    /** `ENABLED` silences incoming calls while the queue runs. */
    readonly doNotDisturb?: "ENABLED" | "DISABLED" | undefined
  }
  /** A number to call, with what Allo needs to create or match its contact. */
  export interface NumberEntry {
    /** Any format (`+1 (212) 555-0010`); Allo normalises it or skips it. */
    readonly number: string
    readonly name?: string | null | undefined
    readonly lastName?: string | null | undefined
    /** Matched by name within the team, created if missing. */
    readonly company?: string | null | undefined
    readonly website?: string | null | undefined
    readonly jobTitle?: string | null | undefined
    readonly emails?: ReadonlyArray<string> | null | undefined
    readonly addresses?: ReadonlyArray<string> | null | undefined
  }
  /** Which numbers to remove: exactly one filter. */
  export interface ClearParams extends Target, WriteOptions {
    /** Every entry of this number (or, with `position`, that one entry). */
    readonly number?: string | undefined
    /** The entry at this 0-based position. */
    readonly position?: number | undefined
    /** `true`: every entry not called yet. Not with `number` or `position`. */
    readonly unassigned?: boolean | undefined
  }
  /** The service. */
  export interface Service {
    /** A page of the queue's numbers, by position, and the queue's settings. */
    readonly current: (params?: CurrentParams) => Effect.Effect<QueuePage, WithalloError>
    /** Every number of the queue, by position, fetched page by page as the stream is consumed. */
    readonly streamCurrent: (params?: Target & StreamOptions) => Stream.Stream<QueueNumber, WithalloError>
    /** Starts a fresh, empty queue (optionally named), which becomes the current one. */
    readonly reset: (params?: Target & WriteOptions & { readonly name?: string | undefined }) => Effect.Effect<DialingQueue, WithalloError>
    /** Creates the queue if needed and changes the settings given. */
    readonly upsert: (params: UpsertParams) => Effect.Effect<DialingQueue, WithalloError>
    /**
     * Appends numbers in the order given (creating the queue if needed).
     * Every entry is checked before anything is sent; more than
     * {@link APPEND_LIMIT} go in several requests, one after another, and
     * their `added` and `skipped` are merged in order. If a later request
     * fails (e.g. the queue is full), the numbers of the earlier ones stay
     * appended.
     */
    readonly appendNumbers: (
      numbers: ReadonlyArray<NumberEntry>,
      options?: Target & WriteOptions
    ) => Effect.Effect<AppendResult, WithalloError>
    /** Removes numbers from the queue; without a filter it fails with a `ValidationError` before any request. */
    readonly clearNumbers: (params?: ClearParams) => Effect.Effect<ClearQueueNumbersResult, WithalloError>
  }
}

/** The Power Dialer's queue. */
export class DialingQueues extends Context.Service<DialingQueues, DialingQueues.Service>()(
  "effect-withallo/DialingQueues"
) {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<DialingQueues, never, WithalloClient> = Layer.effect(
    DialingQueues,
    Effect.map(WithalloClient, (client) => {
      const clear = Endpoint.method(client, clearNumbers)
      return DialingQueues.of({
        current: Endpoint.method(client, current),
        streamCurrent: streamCurrent(client),
        reset: Endpoint.method(client, reset),
        upsert: Endpoint.method(client, upsert),
        appendNumbers: Endpoint.batched(client, appendNumbers, { split: splitAppend, merge: mergeAppend }),
        // No filter at all gets the same message as an empty one.
        clearNumbers: (params) => clear(params ?? {})
      })
    })
  )
}
