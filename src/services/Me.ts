/**
 * What the API key can do (`GET /v2/api/me`): its scopes, reachable
 * endpoints, team and rate limits. Allo recommends calling it first.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { DataEnvelope } from "../schema/internal.js"
import { Me as MeRecord } from "../schema/Me.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const MeResponse = DataEnvelope(MeRecord)

/** Types of the {@link Me} service. */
export declare namespace Me {
  /** The service. */
  export interface Service {
    /** The key's name, scopes, endpoints, team and per-second limits. Needs no scope. */
    readonly get: () => Effect.Effect<MeRecord, WithalloError>
  }
}

/** Introspection of the API key. */
export class Me extends Context.Service<Me, Me.Service>()("effect-withallo/Me") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Me, never, WithalloClient> = Layer.effect(
    Me,
    Effect.gen(function*() {
      const client = yield* WithalloClient
      const get = operation("Me.get")(function*() {
        const response = yield* client.request({
          operation: "Me.get",
          method: "GET",
          path: "/v2/api/me",
          response: MeResponse
        })
        return response.data
      })
      return Me.of({ get })
    })
  )
}
