/**
 * The records of the durable message log: a {@link Message} (one row per
 * keyed send or received text) and the {@link MessageEvent}s its transitions
 * publish.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/**
 * Where a message stands.
 *
 * - `queued`: written to the log, no request made yet for this attempt.
 * - `sending`: claimed by one process; the request may have left. Never sent
 *   again until reconciliation proves it was not sent.
 * - `sent`: Allo accepted it (a 2xx, or reconciliation found it in Allo).
 * - `confirmed`: the `sms.sent` / `SMS_SENT` webhook for it arrived.
 * - `failed`: Allo refused it, or it was proven unsent too many times.
 * - `unsettled`: whether it went out could not be established; reported and
 *   never re-sent on its own.
 * - `received`: an inbound text from `sms.received` / `SMS_RECEIVED`.
 */
export const MessageStatus = Schema.Literals(["queued", "sending", "sent", "confirmed", "failed", "unsettled", "received"])

/** Where a message stands. */
export type MessageStatus = typeof MessageStatus.Type

/** The error that failed a message (or left it unsettled): the `WithalloError` tag and its message. */
export const MessageError = Schema.Struct({
  tag: Schema.String,
  message: Schema.String
})

/** The error that failed a message. */
export type MessageError = typeof MessageError.Type

/** One message of the log. Numbers are E.164; times are the log's clock. */
export const Message = Schema.Struct({
  /** The log's id, `wm_…`. */
  id: Schema.String,
  /** The caller's key (`received:<item id>` for inbound texts). */
  key: Schema.String,
  direction: Schema.Literals(["outbound", "inbound"]),
  status: MessageStatus,
  /** The Allo number it was sent from (or, inbound, the sender's number). */
  from: Schema.NullOr(Schema.String),
  /** The verified Sender ID of a French send (`Sms.sendFrance`). */
  senderId: Schema.NullOr(Schema.String),
  to: Schema.String,
  /** The text; `null` once erased when bodies are not stored. */
  body: Schema.NullOr(Schema.String),
  /** Hex SHA-256 of the text: what reconciliation matches on when the body is not stored. */
  bodySha256: Schema.String,
  /** The caller's JSON metadata. */
  meta: Schema.NullOr(Schema.Record(Schema.String, Schema.Unknown)),
  /** Allo's v2 item id (`msg-…`), once known (reconciliation or webhook). */
  alloItemId: Schema.NullOr(Schema.String),
  /** Requests made for it so far. */
  attempts: Schema.Number,
  /** Why it failed or is unsettled; while `sending`, the ambiguous outcome being reconciled. */
  error: Schema.NullOr(MessageError),
  createdAt: Schema.Date,
  updatedAt: Schema.Date,
  sentAt: Schema.NullOr(Schema.Date),
  confirmedAt: Schema.NullOr(Schema.Date),
  /** When it became `failed` or `unsettled`. */
  settledAt: Schema.NullOr(Schema.Date)
})

/** One message of the log. */
export type Message = typeof Message.Type

const eventFields = {
  /** Position in the log's event history (increasing). */
  seq: Schema.Number,
  messageId: Schema.String,
  key: Schema.String,
  at: Schema.Date
}

/** A message was written to the log (again, with `attempt > 1`, after being proven unsent). */
export const MessageQueued = Schema.TaggedStruct("MessageQueued", {
  ...eventFields,
  /** The attempt about to be made (1 for a new message). */
  attempt: Schema.Number
})

/** Allo accepted a message; `reconciled` when that was established by looking it up after an ambiguous outcome. */
export const MessageSent = Schema.TaggedStruct("MessageSent", {
  ...eventFields,
  reconciled: Schema.Boolean,
  alloItemId: Schema.NullOr(Schema.String)
})

/** The `sms.sent` / `SMS_SENT` webhook for a message arrived. */
export const MessageConfirmed = Schema.TaggedStruct("MessageConfirmed", {
  ...eventFields,
  alloItemId: Schema.NullOr(Schema.String)
})

/** A message failed for good. */
export const MessageFailed = Schema.TaggedStruct("MessageFailed", { ...eventFields, error: MessageError })

/** Whether a message went out could not be established: it needs a person. */
export const MessageUnsettled = Schema.TaggedStruct("MessageUnsettled", { ...eventFields, error: MessageError })

/** An inbound text was logged. */
export const MessageReceived = Schema.TaggedStruct("MessageReceived", {
  ...eventFields,
  alloItemId: Schema.NullOr(Schema.String)
})

/** A transition of the log, as {@link Messages.events} publishes it. */
export const MessageEvent = Schema.Union([
  MessageQueued,
  MessageSent,
  MessageConfirmed,
  MessageFailed,
  MessageUnsettled,
  MessageReceived
])

/** A transition of the log. */
export type MessageEvent = typeof MessageEvent.Type

/** The event tags. */
export type MessageEventTag = MessageEvent["_tag"]

/** Statuses a message ends in (nothing more happens to it on its own). */
export const isSettled = (status: MessageStatus): boolean =>
  status === "sent" || status === "confirmed" || status === "failed" || status === "unsettled" || status === "received"
