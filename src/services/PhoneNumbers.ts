/**
 * The workspace's Allo numbers and Sender IDs.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { DataEnvelope } from "../schema/internal.js"
import { PhoneNumber, PhoneNumberV2 } from "../schema/PhoneNumber.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const NumbersV1 = DataEnvelope(Schema.Array(PhoneNumber))
const NumbersV2 = DataEnvelope(Schema.Array(PhoneNumberV2))

/** Types of the {@link PhoneNumbers} service. */
export declare namespace PhoneNumbers {
  /** The service. */
  export interface Service {
    /** Every Allo number (`GET /v1/api/numbers`, scope CONVERSATIONS_READ). */
    readonly list: () => Effect.Effect<ReadonlyArray<PhoneNumber>, WithalloError>
    /**
     * Numbers and Sender IDs with their capabilities and users
     * (`GET /v2/api/numbers`, scope PHONE_NUMBERS_READ).
     */
    readonly listV2: () => Effect.Effect<ReadonlyArray<PhoneNumberV2>, WithalloError>
  }
}

/** The workspace's Allo numbers. */
export class PhoneNumbers extends Context.Service<PhoneNumbers, PhoneNumbers.Service>()(
  "effect-withallo/PhoneNumbers"
) {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<PhoneNumbers, never, WithalloClient> = Layer.effect(
    PhoneNumbers,
    Effect.gen(function*() {
      const client = yield* WithalloClient
      const list = operation("PhoneNumbers.list")(function*() {
        const response = yield* client.request({
          operation: "PhoneNumbers.list",
          method: "GET",
          path: "/v1/api/numbers",
          response: NumbersV1
        })
        return response.data
      })
      const listV2 = operation("PhoneNumbers.listV2")(function*() {
        const response = yield* client.request({
          operation: "PhoneNumbers.listV2",
          method: "GET",
          path: "/v2/api/numbers",
          response: NumbersV2
        })
        return response.data
      })
      return PhoneNumbers.of({ list, listV2 })
    })
  )
}
