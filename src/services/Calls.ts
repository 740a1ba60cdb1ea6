/**
 * Call history of an Allo number (`GET /v1/api/calls`).
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { compiled } from "../internal/compiled.js"
import { integerIn, pageSize, phoneNumber, validate } from "../internal/validate.js"
import { fromV1, type Page, pageStream, type StreamOptions } from "../Pagination.js"
import { V1PageEnvelope } from "../schema/PaginationInfo.js"
import { Call } from "../schema/Call.js"
import { WithalloClient } from "../WithalloClient.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const CallPage = compiled(V1PageEnvelope(compiled(Call)))

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
    Effect.gen(function*() {
      const client = yield* WithalloClient

      const search = operation("Calls.search")(function*(params: Calls.SearchParams) {
        yield* validate(
          "Calls.search",
          phoneNumber("alloNumber", params.alloNumber),
          phoneNumber("contactNumber", params.contactNumber, true),
          integerIn("page", params.page, 0),
          pageSize("size", params.size)
        )
        const page = params.page ?? 0
        const envelope = yield* client.request({
          operation: "Calls.search",
          method: "GET",
          path: "/v1/api/calls",
          query: { allo_number: params.alloNumber, contact_number: params.contactNumber, page, size: params.size },
          response: CallPage
        })
        return fromV1(envelope, page)
      })

      const stream = (params: Calls.StreamParams): Stream.Stream<Call, WithalloError> =>
        Stream.unwrap(
          validate(
            "Calls.stream",
            phoneNumber("alloNumber", params.alloNumber),
            phoneNumber("contactNumber", params.contactNumber, true),
            pageSize("pageSize", params.pageSize),
            integerIn("concurrency", params.concurrency, 1)
          ).pipe(Effect.as(pageStream({
            firstPage: 0,
            concurrency: params.concurrency ?? 4,
            idOf: (call: Call) => call.id,
            fetch: (page) =>
              search({
                alloNumber: params.alloNumber,
                contactNumber: params.contactNumber,
                page,
                size: params.pageSize ?? 100
              })
          })))
        )

      return Calls.of({ search, stream })
    })
  )
}
