/**
 * Failures of the message log besides input checks (`ValidationError`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"

/** The log's database failed (connection, query, migration). The text never holds a message body or a number. */
export class MessageStoreError extends Schema.TaggedError<MessageStoreError>()("MessageStoreError", {
  /** The log operation that failed, e.g. `Messages.send`. */
  operation: Schema.String,
  message: Schema.String,
  cause: Schema.Defect()
}) {}

/** No message has this id or key. */
export class MessageNotFoundError extends Schema.TaggedError<MessageNotFoundError>()("MessageNotFoundError", {
  /** What was looked up. */
  idOrKey: Schema.String,
  message: Schema.String
}) {}

/**
 * A key already names a different message (another recipient, sender or
 * text): a key stands for one message, so the second send is refused rather
 * than answered with the first message.
 */
export class MessageKeyReusedError extends Schema.TaggedError<MessageKeyReusedError>()("MessageKeyReusedError", {
  key: Schema.String,
  /** The fields that differ from the stored message. */
  fields: Schema.Array(Schema.String),
  message: Schema.String
}) {}

/** Any failure of a log operation other than an input check. */
export type MessagesError = MessageStoreError | MessageNotFoundError | MessageKeyReusedError
