/**
 * v2 conversations: the call or SMS record every conversations endpoint
 * returns (`ConversationItem`), the per-contact summary the list returns,
 * and the summary `PATCH …/items/{id}/summary` returns.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum } from "./internal.js"
import { UserRef } from "./User.js"

/** A CRM deal attached to a contact. */
export const DealRef = Schema.Struct({
  /** `dea-…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  /** Allo's own example sends lowercase `"open"` although the schema says `OPEN`. */
  status: Nullable(OpenEnum(["OPEN", "WON", "LOST", "open"]))
})

/** A CRM deal attached to a contact. */
export type DealRef = typeof DealRef.Type

/** A v2 contact's company. */
export const CompanyRef = Schema.Struct({
  /** `com-…` */
  id: Schema.String,
  name: Nullable(Schema.String)
})

/** A v2 contact's company. */
export type CompanyRef = typeof CompanyRef.Type

/**
 * A contact matched to a conversation's number. Allo's search example sends
 * only `id` and `name`, so `company` and `deals` may be absent.
 */
export const ContactRef = Schema.Struct({
  /** `cnt-…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  company: Nullable(CompanyRef),
  deals: Nullable(Schema.Array(DealRef))
})

/** A contact matched to a conversation's number. */
export type ContactRef = typeof ContactRef.Type

/** One row of a v2 call transcript (requested with `extend=transcript`). */
export const ItemTranscriptEntry = Schema.Struct({
  source: Nullable(OpenEnum(["USER", "EXTERNAL"])),
  time: Nullable(Schema.String),
  text: Nullable(Schema.String)
})

/** One row of a v2 call transcript. */
export type ItemTranscriptEntry = typeof ItemTranscriptEntry.Type

/**
 * A v2 call (`cll-…`) or SMS (`msg-…`). Call-only fields (`duration`,
 * `result`, `recording_url`, `summary`, `tags`, `transcript`) are null or
 * absent on an SMS; SMS-only fields (`content`, `status`, `message_type`)
 * on a call. The `last_item` of a conversation summary carries only a few
 * fields, so the number and contact fields may be absent too.
 */
export const ConversationItem = Schema.Struct({
  /** `cll-…` for calls, `msg-…` for SMS. */
  id: Schema.String,
  type: Nullable(OpenEnum(["CALL", "SMS"])),
  direction: Nullable(OpenEnum(["INBOUND", "OUTBOUND"])),
  allo_number: Nullable(Schema.String),
  contact_number: Nullable(Schema.String),
  /** Empty when no contact matches the number. */
  contacts: Nullable(Schema.Array(ContactRef)),
  /** The team member on the call or who sent the SMS. */
  user: Nullable(UserRef),
  date: Nullable(Schema.String),
  /** Seconds. */
  duration: Nullable(Schema.Number),
  /** Live data has also shown `MISSED`. */
  result: Nullable(OpenEnum(["ANSWERED", "VOICEMAIL", "TRANSFERRED"])),
  recording_url: Nullable(Schema.String),
  /** Null until the AI summary is ready. */
  summary: Nullable(Schema.String),
  tags: Nullable(Schema.Array(Schema.String)),
  /** Only with `extend=transcript`. */
  transcript: Nullable(Schema.Array(ItemTranscriptEntry)),
  content: Nullable(Schema.String),
  status: Nullable(OpenEnum(["PENDING", "SENT", "DELIVERED", "FAILED"])),
  message_type: Nullable(OpenEnum(["SMS", "MMS", "WHATSAPP"]))
})

/** A v2 call or SMS. */
export type ConversationItem = typeof ConversationItem.Type

/** One conversation (all exchanges with one number), as `GET /v2/api/conversations` lists it. */
export const ConversationSummary = Schema.Struct({
  contact_number: Schema.String,
  /** Empty when no contact matches the number. */
  contacts: Nullable(Schema.Array(ContactRef)),
  last_activity: Nullable(Schema.String),
  last_item: Nullable(ConversationItem)
})

/** One conversation, as the list returns it. */
export type ConversationSummary = typeof ConversationSummary.Type

/** Who last edited a call summary. */
export const SummaryEditor = Schema.Struct({
  /** `usr-…` */
  id: Schema.String,
  name: Nullable(Schema.String)
})

/** Who last edited a call summary. */
export type SummaryEditor = typeof SummaryEditor.Type

/** A call's summary after `PATCH /v2/api/conversations/items/{id}/summary`. */
export const ItemSummary = Schema.Struct({
  /** The call's `cll-…` id. */
  id: Schema.String,
  /** Markdown. */
  content: Nullable(Schema.String),
  /** Optimistic-lock counter, incremented by every update. */
  version: Nullable(Schema.Number),
  updated_at: Nullable(Schema.String),
  updated_by: Nullable(SummaryEditor)
})

/** A call's summary after an update. */
export type ItemSummary = typeof ItemSummary.Type
