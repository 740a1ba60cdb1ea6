/**
 * Accounts a reseller provisions for its customers (`/v2/api/partner/accounts`,
 * scope `PARTNER`).
 *
 * Required fields (everything else may be absent and still decodes, as the
 * spec marks none required):
 * - `PartnerAccount.id`: `get` and `delete` address the account by it.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum, Optional } from "./internal.js"

/**
 * A provisioned account. `api_key`, the account's own scoped key, comes back
 * only from `create` and decodes to a `Redacted`: printing, logging or
 * serialising the record shows `<redacted>`; read it with `Redacted.value`
 * where you store it.
 */
export const PartnerAccount = Schema.Struct({
  /** `usr_…` */
  id: Schema.String,
  /** Only on create; `null` afterwards. */
  api_key: Nullable(Schema.RedactedFromValue(Schema.String)),
  /** The numbers provisioned for the account (E.164). */
  phone_numbers: Optional(Schema.Array(Schema.String)),
  /** Allo documents `ACTIVE`; other states decode as they come. */
  status: Optional(OpenEnum(["ACTIVE"])),
  /** Whether the customer has signed in on a device. */
  activated: Optional(Schema.Boolean),
  /** Your own reference, echoed back. */
  partner_client_ref: Nullable(Schema.String)
})

/** A provisioned account. */
export type PartnerAccount = typeof PartnerAccount.Type
