/**
 * v1 text messages: the record in a contact's conversation history and the
 * one `POST /v1/api/sms` returns (one wire shape, `TextMessageApiResponse`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum, Optional } from "./internal.js"

/**
 * A v1 text message. Exactly one of `from_number` / `sender_id` is set: a
 * message sent with a verified Sender ID (France) has no from number.
 */
export const TextMessage = Schema.Struct({
  from_number: Nullable(Schema.String),
  /** Added to the API later than the other fields; absent in older responses. */
  sender_id: Nullable(Schema.String),
  to_number: Optional(Schema.String),
  /** `OUTBOUND` for sent messages; history also holds `INBOUND` ones. */
  type: Optional(OpenEnum(["OUTBOUND", "INBOUND"])),
  content: Optional(Schema.String),
  start_date: Optional(Schema.String)
})

/** A v1 text message. */
export type TextMessage = typeof TextMessage.Type

/** The message `POST /v1/api/sms` returns: the same wire shape as {@link TextMessage}. */
export const SentSms = TextMessage

/** The message `POST /v1/api/sms` returns. */
export type SentSms = typeof SentSms.Type
