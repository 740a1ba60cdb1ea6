/**
 * The `data` of each webhook topic, v1 and v2. Every object here is open:
 * keys Allo adds later are kept on the decoded value (typed `unknown`) rather
 * than dropped or rejected, so a receiver can read them before the SDK types
 * them. Where the docs give no field list (most v2 topics), what is known is
 * typed and optional, and the rest stays in the object.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { CallResult } from "./Call.js"
import { Nullable, OpenEnum, Optional } from "./internal.js"

/** Keys not declared by a schema, kept with their raw JSON values. */
const Rest = [Schema.Record(Schema.String, Schema.Unknown)] as const

/** An object schema that keeps undeclared keys (typed `unknown`). */
export const Open = <const F extends Schema.Struct.Fields>(fields: F) => Schema.StructWithRest(Schema.Struct(fields), Rest)

/** Any JSON object: for topics whose fields Allo does not document. */
export const AnyObject = Schema.Record(Schema.String, Schema.Unknown)

const Direction = OpenEnum(["INBOUND", "OUTBOUND"])

// --- v1 (legacy) ------------------------------------------------------------

/** One line of a v1 `CALL_RECEIVED` transcript. */
export const WebhookTranscription = Open({
  /** `AGENT` (Allo's AI), `USER` (the Allo user) or `EXTERNAL` (the other party). */
  source: OpenEnum(["AGENT", "USER", "EXTERNAL"]),
  time: Optional(Schema.String),
  text: Schema.String
})

/** The other side of a transfer (`transfer_from` / `transfer_to`). */
export const WebhookTransferParty = Open({
  number: Nullable(Schema.String),
  user_email: Nullable(Schema.String),
  user_name: Nullable(Schema.String)
})

/** One IVR choice the caller made. */
export const WebhookIvrResult = Open({
  dtmf_key: Nullable(Schema.String),
  text_key: Nullable(Schema.String)
})

/**
 * v1 `CALL_RECEIVED`: sent after a call ends (despite the name), with the
 * full record. Only the identifying fields are required; Allo's legacy
 * payloads have varied over time.
 */
export const CallReceivedData = Open({
  /** `call_…`; absent in the oldest payloads. */
  id: Optional(Schema.String),
  start_date: Schema.String,
  recording_url: Nullable(Schema.String),
  from_number: Schema.String,
  from_name: Nullable(Schema.String),
  to: Schema.String,
  to_name: Nullable(Schema.String),
  length_in_minutes: Optional(Schema.Number),
  /** Human form, e.g. `"5m 30s"`. */
  length: Optional(Schema.String),
  tag: Nullable(Schema.String),
  summary: Nullable(Schema.String),
  one_sentence_summary: Nullable(Schema.String),
  transcriptions: Nullable(Schema.Array(WebhookTranscription)),
  concatenated_transcript: Nullable(Schema.String),
  /** What Allo's AI collected on the call; keys depend on the assistant's set-up. */
  data_collected: Nullable(AnyObject),
  ivr_result: Nullable(Schema.Array(WebhookIvrResult)),
  type: Nullable(Direction),
  result: Nullable(CallResult),
  integration_id: Nullable(Schema.String),
  transfer_from: Nullable(WebhookTransferParty),
  transfer_to: Nullable(WebhookTransferParty),
  transfer_original_call_id: Nullable(Schema.String),
  user_email: Nullable(Schema.String),
  original_to_number: Nullable(Schema.String),
  original_to_name: Nullable(Schema.String)
})

/** v1 `SMS_RECEIVED` / `SMS_SENT`. `from_number` is null for a message sent with a Sender ID. */
export const SmsEventData = Open({
  id: Optional(Schema.String),
  direction: Nullable(Direction),
  type: Nullable(OpenEnum(["SMS", "MMS"])),
  content: Schema.String,
  sent_at: Nullable(Schema.String),
  from_number: Nullable(Schema.String),
  to_number: Schema.String,
  from_name: Nullable(Schema.String),
  to_name: Nullable(Schema.String)
})

/** v1 `CONTACT_CREATED` / `CONTACT_UPDATED`. `company` is the company's name here. */
export const ContactEventData = Open({
  id: Schema.String,
  name: Nullable(Schema.String),
  last_name: Nullable(Schema.String),
  company: Nullable(Schema.String),
  emails: Nullable(Schema.Array(Schema.String)),
  numbers: Nullable(Schema.Array(Schema.String))
})

// --- v2 ---------------------------------------------------------------------

/**
 * The matched contact on a v2 call event. Every custom contact property
 * appears as an extra top-level key (non-null values only), e.g.
 * `linkedin_url`, so the object is open.
 */
export const WebhookPerson = Open({
  /** `con_…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  last_name: Nullable(Schema.String),
  email: Nullable(Schema.String),
  emails: Nullable(Schema.Array(Schema.String)),
  numbers: Nullable(Schema.Array(Schema.String)),
  job_title: Nullable(Schema.String)
})

/** The contact's company on a v2 call event. */
export const WebhookCompany = Open({
  id: Schema.String,
  name: Nullable(Schema.String)
})

/** A CRM deal attached to the contact on a v2 call event. */
export const WebhookDeal = Open({
  id: Schema.String,
  name: Nullable(Schema.String),
  /** Free text from the CRM, e.g. `"qualified"`. */
  status: Nullable(Schema.String),
  value: Nullable(Schema.Number),
  currency: Nullable(Schema.String),
  close_date: Nullable(Schema.String)
})

/** v2 `call.received`: an inbound call starts ringing (before it is answered). */
export const CallRingingData = Open({
  from_number: Schema.String,
  /** Your Allo number. */
  to_number: Schema.String,
  started_at: Schema.String,
  /** The user the Allo number is assigned to. */
  user_email: Nullable(Schema.String),
  /** `null` or absent when no contact matches the caller. */
  person: Nullable(WebhookPerson),
  company: Nullable(WebhookCompany),
  deals: Nullable(Schema.Array(WebhookDeal))
})

/**
 * v2 `call.triggered` / `call.answered`. Allo's catalog shows no field list;
 * these are the fields public receivers read. All optional.
 */
export const CallProgressData = Open({
  id: Nullable(Schema.String),
  direction: Nullable(Direction),
  from_number: Nullable(Schema.String),
  to_number: Nullable(Schema.String),
  started_at: Nullable(Schema.String),
  answered_at: Nullable(Schema.String),
  user_email: Nullable(Schema.String)
})

/**
 * v2 `call.completed` (recording, transcript, summary). Not documented field
 * by field; public receivers assume the v1 `CALL_RECEIVED` set, so those
 * fields are typed here, all optional, alongside the v2 spellings.
 */
export const CallCompletedData = Open({
  id: Nullable(Schema.String),
  start_date: Nullable(Schema.String),
  started_at: Nullable(Schema.String),
  from_number: Nullable(Schema.String),
  to: Nullable(Schema.String),
  to_number: Nullable(Schema.String),
  length_in_minutes: Nullable(Schema.Number),
  type: Nullable(Direction),
  direction: Nullable(Direction),
  result: Nullable(Schema.String),
  summary: Nullable(Schema.String),
  recording_url: Nullable(Schema.String),
  user_email: Nullable(Schema.String)
})

/** v2 `sms.received` / `sms.sent`: undocumented field by field; the v1 SMS fields, all optional. */
export const SmsV2Data = Open({
  id: Nullable(Schema.String),
  direction: Nullable(Direction),
  type: Nullable(OpenEnum(["SMS", "MMS"])),
  content: Nullable(Schema.String),
  sent_at: Nullable(Schema.String),
  from_number: Nullable(Schema.String),
  to_number: Nullable(Schema.String)
})

/** v2 `contact.created` / `contact.updated`: undocumented field by field; all optional. */
export const ContactV2Data = Open({
  id: Nullable(Schema.String),
  name: Nullable(Schema.String),
  last_name: Nullable(Schema.String),
  email: Nullable(Schema.String),
  emails: Nullable(Schema.Array(Schema.String)),
  numbers: Nullable(Schema.Array(Schema.String))
})
