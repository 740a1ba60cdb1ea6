/**
 * The workspace's Allo numbers and Sender IDs.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Endpoint from "../Endpoint.js"
import { NonEmpty, PhoneNumber as E164, WriteOptions } from "../internal/params.js"
import { DataEnvelope } from "../schema/internal.js"
import { DefaultSummaryTemplate, PhoneNumber, PhoneNumberV2 } from "../schema/PhoneNumber.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/** `GET /v1/api/numbers`. */
export const list = Endpoint.make({
  name: "PhoneNumbers.list",
  method: "GET",
  path: "/v1/api/numbers",
  args: [],
  response: DataEnvelope(Schema.Array(PhoneNumber)),
  result: Endpoint.data
})

/** `GET /v2/api/numbers`. */
export const listV2 = Endpoint.make({
  name: "PhoneNumbers.listV2",
  method: "GET",
  path: "/v2/api/numbers",
  args: [],
  response: DataEnvelope(Schema.Array(PhoneNumberV2)),
  result: Endpoint.data
})

/** `PUT /v2/api/numbers/{number}/default_summary_template`: sets (a `tst-…` id) or clears (`null`) it. */
export const setDefaultSummaryTemplate = Endpoint.make({
  name: "PhoneNumbers.setDefaultSummaryTemplate",
  method: "PUT",
  // The number's `+` travels as %2B.
  path: "/v2/api/numbers/{number}/default_summary_template",
  args: [
    Endpoint.arg("number", E164),
    Endpoint.arg("summaryTemplateId", Schema.NullOr(NonEmpty).annotate({ message: "must be a summary template id (tst-…) or null" })),
    Endpoint.optionalArg("options", WriteOptions)
  ],
  response: DataEnvelope(DefaultSummaryTemplate),
  result: Endpoint.data,
  // No span attribute: phone numbers stay out of traces (the route shows `{number}`).
  idempotency: "mint"
})

/** Types of the {@link PhoneNumbers} service. */
export declare namespace PhoneNumbers {
  /** Options of every write: Allo stores a 2xx answer per key for an hour and replays it. */
  export interface WriteOptions {
    /** Defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** The service. */
  export interface Service {
    /** Every Allo number (`GET /v1/api/numbers`, scope CONVERSATIONS_READ). */
    readonly list: () => Effect.Effect<ReadonlyArray<PhoneNumber>, WithalloError>
    /**
     * Numbers and Sender IDs with their capabilities and users
     * (`GET /v2/api/numbers`, scope PHONE_NUMBERS_READ).
     */
    readonly listV2: () => Effect.Effect<ReadonlyArray<PhoneNumberV2>, WithalloError>
    /**
     * Sets the summary template (`tst-…`) used for a number's call summaries,
     * or clears it with `null` (`PUT /v2/api/numbers/{number}/default_summary_template`,
     * scope SUMMARY_TEMPLATES_WRITE).
     */
    readonly setDefaultSummaryTemplate: (
      number: string,
      templateId: string | null,
      options?: PhoneNumbers.WriteOptions
    ) => Effect.Effect<DefaultSummaryTemplate, WithalloError>
  }
}

/** The workspace's Allo numbers. */
export class PhoneNumbers extends Context.Service<PhoneNumbers, PhoneNumbers.Service>()(
  "effect-withallo/PhoneNumbers"
) {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<PhoneNumbers, never, WithalloClient> = Layer.effect(
    PhoneNumbers,
    Effect.map(WithalloClient, (client) =>
      PhoneNumbers.of({
        list: Endpoint.method(client, list),
        listV2: Endpoint.method(client, listV2),
        setDefaultSummaryTemplate: Endpoint.method(client, setDefaultSummaryTemplate)
      }))
  )
}
