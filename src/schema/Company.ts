/**
 * CRM companies (`/v2/api/crm/companies`) and the company reference people
 * and deals embed.
 *
 * Tolerance: Allo's spec marks no field of `CrmCompany` or `CrmCompanyRef`
 * required. The SDK requires exactly one, the record's own `id` (`com-…`):
 * without it a company cannot be fetched, updated or told apart from another,
 * and a stream could not drop a record a shifting list shows twice. Every
 * other field decodes when absent; the nullable ones also when `null`.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { Nullable, Optional } from "./internal.js"

/**
 * A company as a person or a deal embeds it. Both fields may be absent: a
 * reference is informative, and a partial one must not fail the record
 * carrying it.
 */
export const CompanyRef = Schema.Struct({
  /** `com-…` */
  id: Optional(Schema.String),
  name: Optional(Schema.String)
})

/** A company as a person or a deal embeds it. */
export type CompanyRef = typeof CompanyRef.Type

/** A CRM company (`CrmCompany`). */
export const Company = Schema.Struct({
  /** `com-…`. Required (see the module note). */
  id: Schema.String,
  name: Optional(Schema.String),
  website: Nullable(Schema.String),
  industry: Nullable(Schema.String),
  /** People linked to this company. */
  person_count: Optional(Schema.Number),
  /** Calls and messages across the company's people. */
  interactions: Optional(Schema.Number),
  last_activity_at: Nullable(Schema.String),
  created_at: Optional(Schema.String),
  updated_at: Optional(Schema.String)
})

/** A CRM company. */
export type Company = typeof Company.Type
