/**
 * The workspace's phone numbers: the v1 record (`GET /v1/api/numbers`) and
 * the v2 one (`GET /v2/api/numbers`), which also lists sender IDs,
 * capabilities and who can use each line.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum, Optional } from "./internal.js"
import { UserRef } from "./User.js"

/** A v1 Allo number. */
export const PhoneNumber = Schema.Struct({
  /** E.164. */
  number: Nullable(Schema.String),
  name: Nullable(Schema.String),
  /** ISO 3166-1 alpha-2. */
  country: Nullable(Schema.String),
  is_shared_number: Optional(Schema.Boolean)
})

/** A v1 Allo number. */
export type PhoneNumber = typeof PhoneNumber.Type

/** What a v2 number can do. */
export const PhoneNumberCapability = OpenEnum(["VOICE", "SMS", "MMS"])

/** What a v2 number can do. */
export type PhoneNumberCapability = typeof PhoneNumberCapability.Type

/** A v2 number or verified sender ID (`number` is null for sender IDs). */
export const PhoneNumberV2 = Schema.Struct({
  /** E.164; null when `type` is `SENDER_ID`. */
  number: Nullable(Schema.String),
  name: Nullable(Schema.String),
  country: Nullable(Schema.String),
  type: Nullable(OpenEnum(["NUMBER", "SENDER_ID"])),
  capabilities: Nullable(Schema.Array(PhoneNumberCapability)),
  /** Team members with access to this line. */
  users: Nullable(Schema.Array(UserRef))
})

/** A v2 number or verified sender ID. */
export type PhoneNumberV2 = typeof PhoneNumberV2.Type

/**
 * A number's default summary template, as
 * `PUT /v2/api/numbers/{number}/default_summary_template` answers it.
 */
export const DefaultSummaryTemplate = Schema.Struct({
  /** E.164. */
  number: Schema.String,
  /** `tst-…`; null when cleared. */
  default_summary_template_id: Nullable(Schema.String)
})

/** A number's default summary template. */
export type DefaultSummaryTemplate = typeof DefaultSummaryTemplate.Type
