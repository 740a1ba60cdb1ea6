/**
 * The Power Dialer's queue (`/v2/api/dialing-queues/current`): its settings
 * and the numbers a user will call, in order.
 *
 * Required fields (everything else may be absent and still decodes, as the
 * spec marks none required):
 * - `DialingQueue.id`, `DialingQueueMeta.id`: which queue this is (a reset
 *   makes a new one; the id tells them apart).
 * - `QueueNumber.number_to`: the number to call is what an entry is.
 * - `QueueNumber.position`: an entry's place, the only way to address one of
 *   several entries of the same number (`clearNumbers({ number, position })`).
 * - `ClearQueueNumbersResult.removed`: the whole answer.
 * - the list's `pagination` fields (see `PaginationInfo.ts`).
 *
 * `added` and `skipped` of an append default to empty lists when absent.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum, Optional } from "./internal.js"
import { V2PageEnvelope } from "./PaginationInfo.js"

/** What the dialer does when a call lands in voicemail: `SKIP` to the next number, or `NO_SKIP`. */
export const VoicemailHandling = OpenEnum(["SKIP", "NO_SKIP"])

/** What the dialer does when a call lands in voicemail. */
export type VoicemailHandling = typeof VoicemailHandling.Type

/** `ENABLED` silences incoming calls while the queue runs. */
export const DoNotDisturb = OpenEnum(["ENABLED", "DISABLED"])

/** Whether incoming calls are silenced while the queue runs. */
export type DoNotDisturb = typeof DoNotDisturb.Type

/** One number in a queue. */
export const QueueNumber = Schema.Struct({
  /** E.164. */
  number_to: Optional(Schema.String),
  /** 0-based place in the queue. */
  position: Schema.Number,
  created_at: Optional(Schema.String),
  updated_at: Optional(Schema.String),
  /** When the user started calling it; `null` while unassigned. */
  call_start_date: Nullable(Schema.String),
  /** `cll-…`, once a call is placed. */
  call_id: Nullable(Schema.String),
  routing_result: Nullable(OpenEnum([
    "FAILED",
    "RECEIVED",
    "BLOCKED",
    "ANSWERED",
    "TRANSFERRED_BLAND",
    "TRANSFERRED_ELEVEN_LABS",
    "TRANSFERRED_EXTERNAL",
    "FAILED_EXTERNAL",
    "VOICEMAIL",
    "CLOSED"
  ])),
  /** Contact creation for this entry. */
  sync_status: Optional(OpenEnum(["NOT_SYNCED", "PROCESSING", "SYNCED"])),
  detected_outbound_voicemail: Nullable(Schema.Boolean),
  not_reached_destination_reason: Nullable(OpenEnum([
    "BUSY",
    "CALLEE_TEMPORARILY_UNAVAILABLE",
    "RING_TIMEOUT",
    "NOT_IN_SERVICE",
    "DECLINED",
    "NETWORK_ERROR"
  ])),
  voicemail_left: Nullable(Schema.Boolean)
})

/** One number in a queue. */
export type QueueNumber = typeof QueueNumber.Type

const queueFields = {
  /** `pdl_…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  /** The user (or API key owner) who created the queue. */
  creator_id: Optional(Schema.String),
  /** The user expected to run it. */
  assignee_id: Nullable(Schema.String),
  voicemail_handling: Optional(VoicemailHandling),
  do_not_disturb: Optional(DoNotDisturb),
  created_at: Optional(Schema.String),
  updated_at: Optional(Schema.String)
}

/** A queue's settings, without its numbers (the `queue` beside a page of them). */
export const DialingQueueMeta = Schema.Struct(queueFields)

/** A queue's settings. */
export type DialingQueueMeta = typeof DialingQueueMeta.Type

/** A queue with its numbers (what `reset` and `upsert` return). */
export const DialingQueue = Schema.Struct({
  ...queueFields,
  numbers: Optional(Schema.Array(QueueNumber))
})

/** A queue with its numbers. */
export type DialingQueue = typeof DialingQueue.Type

/** `GET /v2/api/dialing-queues/current`: a page of numbers, and the queue beside it (absent when the user has none). */
export const QueuePageEnvelope = Schema.Struct({
  ...V2PageEnvelope(QueueNumber).fields,
  queue: Nullable(DialingQueueMeta)
})

/** A number an append left out, and why. */
export const SkippedNumber = Schema.Struct({
  /** As it was given. */
  number: Optional(Schema.String),
  reason: Optional(OpenEnum(["INVALID_PHONE_NUMBER"]))
})

/** A number an append left out. */
export type SkippedNumber = typeof SkippedNumber.Type

const emptyList = Effect.succeed([])

/** What an append did: the entries added (with their positions) and the numbers skipped, in the order given. */
export const AppendResult = Schema.Struct({
  added: Schema.Array(QueueNumber).pipe(Schema.withDecodingDefaultKey(emptyList)),
  skipped: Schema.Array(SkippedNumber).pipe(Schema.withDecodingDefaultKey(emptyList))
})

/** What an append did. */
export type AppendResult = typeof AppendResult.Type

/** What `clearNumbers` removed. */
export const ClearQueueNumbersResult = Schema.Struct({
  removed: Optional(Schema.Number)
})

/** What `clearNumbers` removed. */
export type ClearQueueNumbersResult = typeof ClearQueueNumbersResult.Type
