/**
 * Call history of an Allo number (`GET /v1/api/calls`).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Endpoint from "../Endpoint.js"
import { compiled } from "../internal/compiled.js"
import { PageSize, PhoneNumber, V1Page } from "../internal/params.js"
import type { Page, StreamOptions } from "../Pagination.js"
import { V1PageEnvelope } from "../schema/PaginationInfo.js"
import { Call } from "../schema/Call.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/** `GET /v1/api/calls`: one page of an Allo number's calls, newest first. */
export const search = Endpoint.make({
  name: "Calls.search",
  method: "GET",
  path: "/v1/api/calls",
  args: [Endpoint.arg("params", Endpoint.params({
    alloNumber: PhoneNumber,
    contactNumber: Schema.optional(PhoneNumber),
    page: Schema.optional(V1Page),
    size: Schema.optional(PageSize)
  }))],
  response: compiled(V1PageEnvelope(compiled(Call))),
  result: Endpoint.v1Page,
  paging: { firstPage: 0 }
})

/** Every call of an Allo number, page by page. */
export const stream = Endpoint.stream("Calls.stream", search, (call: Call) => call.id)

/** Types of the {@link Calls} service. */
export declare namespace Calls {
  /** Which calls, and which page of them. */
  export interface SearchParams {
    /** Your Allo number (E.164), required by Allo. */
    readonly alloNumber: string
    /** Only calls with this counterpart (E.164). */
    readonly contactNumber?: string | undefined
    /** 0-based page. Default 0. */
    readonly page?: number | undefined
    /** Calls per page, 1–100. Default 10 (Allo's default). */
    readonly size?: number | undefined
  }
  /** Which calls to stream. */
  export interface StreamParams extends StreamOptions {
    readonly alloNumber: string
    readonly contactNumber?: string | undefined
  }
  /** The service. */
  export interface Service {
    /** One page of an Allo number's calls, newest first. */
    readonly search: (params: SearchParams) => Effect.Effect<Page<Call>, WithalloError>
    /** Every call of an Allo number, newest first, fetched page by page as the stream is consumed. */
    readonly stream: (params: StreamParams) => Stream.Stream<Call, WithalloError>
  }
}

/** Call history: `Calls.search` for one page, `Calls.stream` for all of it. */
export class Calls extends Context.Service<Calls, Calls.Service>()("effect-withallo/Calls") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Calls, never, WithalloClient> = Layer.effect(
    Calls,
    Effect.map(WithalloClient, (client) =>
      Calls.of({
        search: Endpoint.method(client, search),
        stream: stream(client)
      }))
  )
}
