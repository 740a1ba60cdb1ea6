/**
 * CRM deals (`/v2/api/crm/deals`).
 *
 * Tolerance: Allo's spec marks no field of `CrmDeal` required. The SDK
 * requires exactly one, the record's own `id` (`dea-…`): without it a deal
 * cannot be fetched, updated or deleted, and a stream could not drop a record
 * a shifting list shows twice. Every other field decodes when absent; the
 * nullable ones also when `null`. `status` is the pipeline stage as the
 * workspace names it (free text in the spec, e.g. `negotiation`, `won`).
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { CompanyRef } from "./Company.js"
import { Nullable, Optional } from "./internal.js"

/** A CRM deal (`CrmDeal`). */
export const Deal = Schema.Struct({
  /** `dea-…`. Required (see the module note). */
  id: Schema.String,
  name: Optional(Schema.String),
  /** The deal's stage, free text (`negotiation`, `won`, …). */
  status: Nullable(Schema.String),
  amount: Nullable(Schema.Number),
  /** ISO 4217, e.g. `USD`. Not checked on the way in: a record is never refused for it. */
  currency: Nullable(Schema.String),
  /** ISO 8601, as Allo sent it. */
  closed_at: Nullable(Schema.String),
  company: Nullable(CompanyRef),
  created_at: Optional(Schema.String),
  updated_at: Optional(Schema.String)
})

/** A CRM deal. */
export type Deal = typeof Deal.Type
