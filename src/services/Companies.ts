/**
 * CRM companies (`/v2/api/crm/companies`): create, read, update and search.
 *
 * Decoded records require only `id` (see `schema/Company.ts`); a search page
 * requires the v2 `pagination` object whole (`V2PageEnvelope`, shared by every
 * v2 list), which is what a stream walks by.
 * Allo's `SearchCompaniesRequest` has filters and a sort but, unlike people
 * and deals, no free-text `search`: a `search` parameter is refused here
 * (`ValidationError`) rather than sent and ignored.
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
import { Idempotency, Name, OrNull, type Sort, SortOrder } from "../internal/crm.js"
import { PageSize, PathId, V2Page } from "../internal/params.js"
import type { Page, StreamOptions } from "../Pagination.js"
import { Company } from "../schema/Company.js"
import { DataEnvelope } from "../schema/internal.js"
import { V2PageEnvelope } from "../schema/PaginationInfo.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

const CompanyResponse = DataEnvelope(Company)

const companyFields = {
  website: OrNull(Schema.String),
  industry: OrNull(Schema.String)
}

/** `POST /v2/api/crm/companies` (answers 201). */
export const create = Endpoint.make({
  name: "Companies.create",
  method: "POST",
  path: "/v2/api/crm/companies",
  args: [Endpoint.arg("params", Endpoint.params({ name: Name, ...companyFields, ...Idempotency }))],
  response: CompanyResponse,
  result: Endpoint.data,
  idempotency: "mint"
})

/** `GET /v2/api/crm/companies/{id}` */
export const get = Endpoint.make({
  name: "Companies.get",
  method: "GET",
  path: "/v2/api/crm/companies/{id}",
  args: [Endpoint.arg("id", PathId)],
  response: CompanyResponse,
  result: Endpoint.data,
  spanAttributes: { id: "withallo.company_id" }
})

/** `PUT /v2/api/crm/companies/{id}`: only the fields given change. */
export const update = Endpoint.make({
  name: "Companies.update",
  method: "PUT",
  path: "/v2/api/crm/companies/{id}",
  args: [
    Endpoint.arg("id", PathId),
    Endpoint.arg("params", Endpoint.params({ name: OrNull(Name), ...companyFields, ...Idempotency }))
  ],
  response: CompanyResponse,
  result: Endpoint.data,
  idempotency: "mint",
  spanAttributes: { id: "withallo.company_id" }
})

/** `POST /v2/api/crm/companies/search`: one page (1-based) of the companies matching every filter. */
export const search = Endpoint.make({
  name: "Companies.search",
  method: "POST",
  path: "/v2/api/crm/companies/search",
  args: [Endpoint.optionalArg("params", Endpoint.params({
    filters: OrNull(Endpoint.params({
      name: Schema.optional(Schema.String),
      website: Schema.optional(Schema.String),
      industry: Schema.optional(Schema.String)
    })),
    sort: OrNull(SortOrder),
    page: Schema.optional(V2Page),
    size: Schema.optional(PageSize)
  }))],
  response: compiled(V2PageEnvelope(compiled(Company))),
  result: Endpoint.v2Page,
  // A search changes nothing, but it is a POST: the key is what makes it retryable.
  idempotency: "mint",
  paging: { firstPage: 1 }
})

/** Every company matching the filters, page by page. */
export const stream = Endpoint.stream("Companies.stream", search, (company: Company) => company.id)

/** Types of the {@link Companies} service. */
export declare namespace Companies {
  /** A search's sort order (default `DATE_DESC`). */
  export type SortOrder = Sort
  /** Options of every write. */
  export interface WriteOptions {
    /** Sent as `Idempotency-Key`; defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** A new company (`CreateCompanyRequest`). */
  export interface CreateParams extends WriteOptions {
    /** Not blank. */
    readonly name: string
    readonly website?: string | null | undefined
    /** Industry sector, free text. */
    readonly industry?: string | null | undefined
  }
  /** The fields to change (`UpdateCompanyRequest`); `null` clears `website` or `industry`. */
  export interface UpdateParams extends WriteOptions {
    readonly name?: string | null | undefined
    readonly website?: string | null | undefined
    readonly industry?: string | null | undefined
  }
  /** Named filters, all combined with AND, each "contains". */
  export interface Filters {
    readonly name?: string | undefined
    readonly website?: string | undefined
    readonly industry?: string | undefined
  }
  /** Which companies (`SearchCompaniesRequest`). */
  export interface SearchParams {
    readonly filters?: Filters | null | undefined
    readonly sort?: SortOrder | null | undefined
    /** 1-based. Default 1. */
    readonly page?: number | undefined
    /** 1–100. Default 20. */
    readonly size?: number | undefined
  }
  /** Which companies to stream. */
  export interface StreamParams extends Omit<SearchParams, "page" | "size">, StreamOptions {}
  /** The service. */
  export interface Service {
    /** Creates a company. */
    readonly create: (params: CreateParams) => Effect.Effect<Company, WithalloError>
    /** One company by id (`com-…`). */
    readonly get: (id: string) => Effect.Effect<Company, WithalloError>
    /** Changes the fields given and returns the company as it now is. */
    readonly update: (id: string, params: UpdateParams) => Effect.Effect<Company, WithalloError>
    /** One page of the companies matching the filters. */
    readonly search: (params?: SearchParams) => Effect.Effect<Page<Company>, WithalloError>
    /** Every company matching the filters, fetched page by page as the stream is consumed. */
    readonly stream: (params?: StreamParams) => Stream.Stream<Company, WithalloError>
  }
}

/** CRM companies: `create`, `get`, `update`, `search` for one page and `stream` for all of them. */
export class Companies extends Context.Service<Companies, Companies.Service>()("effect-withallo/Companies") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Companies, never, WithalloClient> = Layer.effect(
    Companies,
    Effect.map(WithalloClient, (client) =>
      Companies.of({
        create: Endpoint.method(client, create),
        get: Endpoint.method(client, get),
        update: Endpoint.method(client, update),
        search: Endpoint.method(client, search),
        stream: stream(client)
      }))
  )
}
