/**
 * CRM deals (`/v2/api/crm/deals`): create, read, update (PATCH), delete and
 * search.
 *
 * Decoded records require only `id` (see `schema/Deal.ts`); a search page
 * requires the v2 `pagination` object whole (`V2PageEnvelope`, shared by every
 * v2 list), which is what a stream walks by.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Endpoint from "../Endpoint.js"
import { compiled } from "../internal/compiled.js"
import { Amount, ClosedAt, CompanyId, Currency, Idempotency, Name, OrNull, type Sort, SortOrder } from "../internal/crm.js"
import { PageSize, PathId, V2Page, WriteOptions } from "../internal/params.js"
import type { Page, StreamOptions } from "../Pagination.js"
import { Deal } from "../schema/Deal.js"
import { DataEnvelope } from "../schema/internal.js"
import { V2PageEnvelope } from "../schema/PaginationInfo.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

const DealResponse = DataEnvelope(Deal)

const dealFields = {
  status: OrNull(Schema.String),
  amount: OrNull(Amount),
  currency: OrNull(Currency),
  closedAt: OrNull(ClosedAt),
  companyId: OrNull(CompanyId)
}

/** `POST /v2/api/crm/deals` (answers 201). */
export const create = Endpoint.make({
  name: "Deals.create",
  method: "POST",
  path: "/v2/api/crm/deals",
  args: [Endpoint.arg("params", Endpoint.params({ name: Name, ...dealFields, ...Idempotency }))],
  response: DealResponse,
  result: Endpoint.data,
  idempotency: "mint"
})

/** `GET /v2/api/crm/deals/{id}` */
export const get = Endpoint.make({
  name: "Deals.get",
  method: "GET",
  path: "/v2/api/crm/deals/{id}",
  args: [Endpoint.arg("id", PathId)],
  response: DealResponse,
  result: Endpoint.data,
  spanAttributes: { id: "withallo.deal_id" }
})

/** `PATCH /v2/api/crm/deals/{id}`: only the fields given change. */
export const update = Endpoint.make({
  name: "Deals.update",
  method: "PATCH",
  path: "/v2/api/crm/deals/{id}",
  args: [
    Endpoint.arg("id", PathId),
    Endpoint.arg("params", Endpoint.params({ name: OrNull(Name), ...dealFields, ...Idempotency }))
  ],
  response: DealResponse,
  result: Endpoint.data,
  idempotency: "mint",
  spanAttributes: { id: "withallo.deal_id" }
})

/** `DELETE /v2/api/crm/deals/{id}` (answers 204). */
const remove = Endpoint.make({
  name: "Deals.delete",
  method: "DELETE",
  path: "/v2/api/crm/deals/{id}",
  args: [Endpoint.arg("id", PathId), Endpoint.optionalArg("options", WriteOptions)],
  response: Schema.Unknown,
  result: Endpoint.nothing,
  idempotency: "mint",
  spanAttributes: { id: "withallo.deal_id" }
})

/** `POST /v2/api/crm/deals/search`: one page (1-based) of the deals matching every filter. */
export const search = Endpoint.make({
  name: "Deals.search",
  method: "POST",
  path: "/v2/api/crm/deals/search",
  args: [Endpoint.optionalArg("params", Endpoint.params({
    filters: OrNull(Endpoint.params({ stage: Schema.optional(Schema.String) })),
    search: OrNull(Schema.String),
    sort: OrNull(SortOrder),
    page: Schema.optional(V2Page),
    size: Schema.optional(PageSize)
  }))],
  response: compiled(V2PageEnvelope(compiled(Deal))),
  result: Endpoint.v2Page,
  // A search changes nothing, but it is a POST: the key is what makes it retryable.
  idempotency: "mint",
  paging: { firstPage: 1 }
})

export { remove as delete }

/** Every deal matching the filters, page by page. */
export const stream = Endpoint.stream("Deals.stream", search, (deal: Deal) => deal.id)

/** Types of the {@link Deals} service. */
export declare namespace Deals {
  /** A search's sort order (default `DATE_DESC`). */
  export type SortOrder = Sort
  /** Options of every write. */
  export interface WriteOptions {
    /** Sent as `Idempotency-Key`; defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** What a deal is made of; `null` clears a field on update. */
  export interface Fields extends WriteOptions {
    /** The stage, free text (`negotiation`, `won`, …). */
    readonly status?: string | null | undefined
    /** A finite number. */
    readonly amount?: number | null | undefined
    /** ISO 4217, three capital letters (`USD`). */
    readonly currency?: string | null | undefined
    /** ISO 8601 date or date-time. */
    readonly closedAt?: string | null | undefined
    /** The company (`com-…`) the deal is with. */
    readonly companyId?: string | null | undefined
  }
  /** A new deal (`CreateDealRequest`). */
  export interface CreateParams extends Fields {
    /** Not blank. */
    readonly name: string
  }
  /** The fields to change (`UpdateDealRequest`). */
  export interface UpdateParams extends Fields {
    readonly name?: string | null | undefined
  }
  /** Named filters, combined with AND. */
  export interface Filters {
    /** Deals in this stage (exact match on `status`). */
    readonly stage?: string | undefined
  }
  /** Which deals (`SearchDealsRequest`). */
  export interface SearchParams {
    readonly filters?: Filters | null | undefined
    /** Free text across the deal's name and its company. */
    readonly search?: string | null | undefined
    readonly sort?: SortOrder | null | undefined
    /** 1-based. Default 1. */
    readonly page?: number | undefined
    /** 1–100. Default 20. */
    readonly size?: number | undefined
  }
  /** Which deals to stream. */
  export interface StreamParams extends Omit<SearchParams, "page" | "size">, StreamOptions {}
  /** The service. */
  export interface Service {
    /** Creates a deal. */
    readonly create: (params: CreateParams) => Effect.Effect<Deal, WithalloError>
    /** One deal by id (`dea-…`). */
    readonly get: (id: string) => Effect.Effect<Deal, WithalloError>
    /** Changes the fields given and returns the deal as it now is. */
    readonly update: (id: string, params: UpdateParams) => Effect.Effect<Deal, WithalloError>
    /** Deletes a deal. */
    readonly delete: (id: string, options?: WriteOptions) => Effect.Effect<void, WithalloError>
    /** One page of the deals matching the filters. */
    readonly search: (params?: SearchParams) => Effect.Effect<Page<Deal>, WithalloError>
    /** Every deal matching the filters, fetched page by page as the stream is consumed. */
    readonly stream: (params?: StreamParams) => Stream.Stream<Deal, WithalloError>
  }
}

/** CRM deals: `create`, `get`, `update`, `delete`, `search` for one page and `stream` for all of them. */
export class Deals extends Context.Service<Deals, Deals.Service>()("effect-withallo/Deals") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Deals, never, WithalloClient> = Layer.effect(
    Deals,
    Effect.map(WithalloClient, (client) =>
      Deals.of({
        create: Endpoint.method(client, create),
        get: Endpoint.method(client, get),
        update: Endpoint.method(client, update),
        delete: Endpoint.method(client, remove),
        search: Endpoint.method(client, search),
        stream: stream(client)
      }))
  )
}
