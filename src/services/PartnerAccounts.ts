/**
 * Accounts a reseller provisions for its customers (`/v2/api/partner/accounts`).
 * Every call needs the `PARTNER` scope; without it Allo answers 403, a
 * `ForbiddenError` with `requiredScopes: ["PARTNER"]`.
 *
 * @example
 * ```ts
 * import { Effect, Redacted } from "effect"
 * import { PartnerAccounts } from "effect-withallo"
 *
 * const onboard = Effect.gen(function*() {
 *   const partners = yield* PartnerAccounts
 *   const account = yield* partners.create({
 *     email: "client@example.com",
 *     name: "Jane Doe",
 *     personalMobile: "+33612345678",
 *     numberPreference: { country: "FR" },
 *     partnerClientRef: "crm-12345"
 *   })
 *   // account.api_key is Redacted: store Redacted.value(account.api_key) in your vault, never log it.
 * })
 * ```
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Endpoint from "../Endpoint.js"
import { CountryCode, Email, IdempotencyKey, NonEmpty, PathId } from "../internal/params.js"
import { DataEnvelope } from "../schema/internal.js"
import { PartnerAccount } from "../schema/PartnerAccount.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

const Account = DataEnvelope(PartnerAccount)

/**
 * `POST /v2/api/partner/accounts`: a new account with a provisioned number
 * and its own scoped API key (billed as one seat). Allo deduplicates by
 * Idempotency-Key, so a retried create never bills twice.
 */
export const create = Endpoint.make({
  name: "PartnerAccounts.create",
  method: "POST",
  path: "/v2/api/partner/accounts",
  args: [Endpoint.arg(
    "params",
    Endpoint.params({
      email: Email,
      name: NonEmpty,
      /** The customer's existing mobile, which the new number attaches to. */
      personalMobile: NonEmpty,
      numberPreference: Schema.Struct({
        country: CountryCode,
        /** e.g. `+337` */
        prefix: Schema.optional(Schema.NullOr(NonEmpty))
      }),
      partnerClientRef: Schema.optional(NonEmpty),
      idempotencyKey: Schema.optional(IdempotencyKey)
    })
  )],
  response: Account,
  result: Endpoint.data,
  idempotency: "mint"
})

/** `GET /v2/api/partner/accounts/{id}`: status and activation of an account this key provisioned. */
export const get = Endpoint.make({
  name: "PartnerAccounts.get",
  method: "GET",
  path: "/v2/api/partner/accounts/{id}",
  args: [Endpoint.arg("id", PathId)],
  response: Account,
  result: Endpoint.data
})

/** `DELETE /v2/api/partner/accounts/{id}`: deactivates at the end of the paid period and releases the seat. */
export const del = Endpoint.make({
  name: "PartnerAccounts.delete",
  method: "DELETE",
  path: "/v2/api/partner/accounts/{id}",
  args: [Endpoint.arg("id", PathId), Endpoint.optionalArg("options", Endpoint.params({ idempotencyKey: Schema.optional(IdempotencyKey) }))],
  response: Schema.Unknown,
  result: Endpoint.nothing,
  idempotency: "mint"
})

/** Types of the {@link PartnerAccounts} service. */
export declare namespace PartnerAccounts {
  /** The account to provision. */
  export interface CreateParams {
    /** Becomes the account's login. */
    readonly email: string
    readonly name: string
    /** The customer's existing mobile, which the new number attaches to. */
    readonly personalMobile: string
    /** Where the provisioned number comes from. */
    readonly numberPreference: {
      /** ISO country code, e.g. `FR`. */
      readonly country: string
      /** e.g. `+337`. */
      readonly prefix?: string | null | undefined
    }
    /** Your reference for this customer, echoed back and on the activation webhook. */
    readonly partnerClientRef?: string | undefined
    /** Defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** The service. */
  export interface Service {
    /** Provisions an account; its `api_key` (a `Redacted`) is returned only now. */
    readonly create: (params: CreateParams) => Effect.Effect<PartnerAccount, WithalloError>
    /** An account this key provisioned (without its API key). */
    readonly get: (id: string) => Effect.Effect<PartnerAccount, WithalloError>
    /** Deactivates an account at the end of its paid period. */
    readonly delete: (id: string, options?: { readonly idempotencyKey?: string | undefined }) => Effect.Effect<void, WithalloError>
  }
}

/** Reseller account provisioning. */
export class PartnerAccounts extends Context.Service<PartnerAccounts, PartnerAccounts.Service>()(
  "effect-withallo/PartnerAccounts"
) {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<PartnerAccounts, never, WithalloClient> = Layer.effect(
    PartnerAccounts,
    Effect.map(WithalloClient, (client) =>
      PartnerAccounts.of({
        create: Endpoint.method(client, create),
        get: Endpoint.method(client, get),
        delete: Endpoint.method(client, del)
      }))
  )
}
