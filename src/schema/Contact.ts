/**
 * v1 contact records: the list/create/update form (`ContactWithEngagement`)
 * and the richer form `GET /v1/api/contact/{id}` returns (`ContactContext`).
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum, Optional } from "./internal.js"

/** A v1 contact's company; both fields are nullable in Allo's schema. */
export const ContactCompany = Schema.Struct({
  name: Nullable(Schema.String),
  /** `com_…` */
  id: Nullable(Schema.String)
})

/** A v1 contact's company. */
export type ContactCompany = typeof ContactCompany.Type

/** How engaged a contact is; only sent when asked for (`extend=engagement` on get). */
export const ContactEngagement = OpenEnum(["ENGAGED", "COOLING", "COLD"])

/** How engaged a contact is. */
export type ContactEngagement = typeof ContactEngagement.Type

/** A v1 contact as listed, created and updated (`ContactWithEngagement`). */
export const Contact = Schema.Struct({
  /** `cnt_…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  last_name: Nullable(Schema.String),
  company: Nullable(ContactCompany),
  job_title: Nullable(Schema.String),
  website: Nullable(Schema.String),
  /** Free text in Allo's schema, e.g. `"active"`. */
  status: Nullable(Schema.String),
  is_archived: Optional(Schema.Boolean),
  created_at: Nullable(Schema.String),
  updated_at: Nullable(Schema.String),
  numbers: Optional(Schema.Array(Schema.String)),
  /** Not in Allo's schema for this form; accepted when sent. */
  emails: Nullable(Schema.Array(Schema.String)),
  is_whitelisted: Optional(Schema.Boolean),
  last_activity_date: Nullable(Schema.String),
  engagement: Nullable(ContactEngagement)
})

/** A v1 contact as listed, created and updated. */
export type Contact = typeof Contact.Type


/** One recent call or SMS with a contact (`extend=activity` on get). */
export const ContactActivity = Schema.Struct({
  type: OpenEnum(["INBOUND_CALL", "OUTBOUND_CALL", "INBOUND_SMS", "OUTBOUND_SMS"]),
  /** Name of the team member who handled it. */
  made_by: Nullable(Schema.String),
  made_at: Schema.String,
  /** Calls only. */
  allo_number: Nullable(Schema.String),
  /** SMS only. */
  content: Nullable(Schema.String)
})

/** One recent call or SMS with a contact. */
export type ContactActivity = typeof ContactActivity.Type

/**
 * A v1 contact as `GET /v1/api/contact/{id}` returns it (`ContactContext`):
 * emails, CRM integration data, custom properties, and — when requested with
 * `extend` — engagement and recent activity.
 */
export const ContactDetails = Schema.Struct({
  /** `cnt_…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  last_name: Nullable(Schema.String),
  numbers: Optional(Schema.Array(Schema.String)),
  emails: Optional(Schema.Array(Schema.String)),
  company: Nullable(ContactCompany),
  job_title: Nullable(Schema.String),
  website: Nullable(Schema.String),
  /** Keyed by integration (`HUBSPOT`, `SALESFORCE`, `PIPEDRIVE`, …); each value is that CRM's own record. */
  integration_data: Optional(Schema.Record(Schema.String, Schema.Record(Schema.String, Schema.Unknown))),
  custom_properties: Nullable(Schema.Record(Schema.String, Schema.Unknown)),
  /** Only with `extend=engagement`. */
  engagement: Nullable(ContactEngagement),
  /** Only with `extend=activity`. */
  activity: Nullable(Schema.Array(ContactActivity)),
  /** Path of this contact's conversation history, e.g. `/v1/api/contact/cnt_abc123/conversation`. */
  conversation_url: Optional(Schema.String)
})

/** A v1 contact as `GET /v1/api/contact/{id}` returns it. */
export type ContactDetails = typeof ContactDetails.Type
