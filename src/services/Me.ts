/**
 * What the API key can do (`GET /v2/api/me`): its scopes, reachable
 * endpoints, team and rate limits. Allo recommends calling it first.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Endpoint from "../Endpoint.js"
import { DataEnvelope } from "../schema/internal.js"
import { Me as MeRecord } from "../schema/Me.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/** `GET /v2/api/me`: needs no scope. */
export const get = Endpoint.make({
  name: "Me.get",
  method: "GET",
  path: "/v2/api/me",
  args: [],
  response: DataEnvelope(MeRecord),
  result: Endpoint.data
})

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
    Effect.map(WithalloClient, (client) => Me.of({ get: Endpoint.method(client, get) }))
  )
}
