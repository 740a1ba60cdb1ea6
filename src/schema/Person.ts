/**
 * CRM people (`/v2/api/crm/people`).
 *
 * Tolerance: Allo's spec marks no field of `CrmPerson` required. The SDK
 * requires exactly one, the record's own `id` (`per-…`): without it a person
 * cannot be fetched or updated, and a stream could not drop a record a
 * shifting list shows twice. Every other field decodes when absent (the
 * lists too: read `person.numbers ?? []`); the nullable ones also when `null`.
 * Timestamps stay the strings Allo sent.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { CompanyRef } from "./Company.js"
import { Nullable, Optional } from "./internal.js"

/** A CRM person (`CrmPerson`). */
export const Person = Schema.Struct({
  /** `per-…`. Required (see the module note). */
  id: Schema.String,
  /** First name. */
  name: Nullable(Schema.String),
  last_name: Nullable(Schema.String),
  job_title: Nullable(Schema.String),
  website: Nullable(Schema.String),
  /** Postal address. */
  address: Nullable(Schema.String),
  /** E.164 numbers. */
  numbers: Optional(Schema.Array(Schema.String)),
  emails: Optional(Schema.Array(Schema.String)),
  company: Nullable(CompanyRef),
  /** Calls and messages with this person. */
  interactions: Optional(Schema.Number),
  last_activity_at: Nullable(Schema.String),
  created_at: Optional(Schema.String),
  updated_at: Optional(Schema.String)
})

/** A CRM person. */
export type Person = typeof Person.Type
