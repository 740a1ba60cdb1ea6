/**
 * CRM people (`/v2/api/crm/people`): create, read, update and search the
 * people of the workspace's CRM.
 *
 * Decoded records require only `id` (see `schema/Person.ts`); a search page
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
import { CompanyId, Idempotency, OrNull, type Sort, SortOrder } from "../internal/crm.js"
import { NonEmptyArray, PageSize, PathId, PhoneNumber, V2Page } from "../internal/params.js"
import type { Page, StreamOptions } from "../Pagination.js"
import { DataEnvelope } from "../schema/internal.js"
import { V2PageEnvelope } from "../schema/PaginationInfo.js"
import { Person } from "../schema/Person.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

const PersonResponse = DataEnvelope(Person)

/** The fields a person is made of, as `CreatePersonRequest` and `UpdatePersonRequest` name them. */
const personFields = {
  name: OrNull(Schema.String),
  lastName: OrNull(Schema.String),
  jobTitle: OrNull(Schema.String),
  website: OrNull(Schema.String),
  address: OrNull(Schema.String),
  emails: OrNull(Schema.Array(Schema.String)),
  companyId: OrNull(CompanyId)
}

/** `POST /v2/api/crm/people` (answers 200, 409 `NUMBER_ALREADY_ASSIGNED` for a number another person has). */
export const create = Endpoint.make({
  name: "People.create",
  method: "POST",
  path: "/v2/api/crm/people",
  args: [Endpoint.arg("params", Endpoint.params({
    numbers: NonEmptyArray(PhoneNumber),
    ...personFields,
    allowDuplicateNumber: Schema.optional(Schema.Boolean),
    ...Idempotency
  }))],
  response: PersonResponse,
  result: Endpoint.data,
  idempotency: "mint"
})

/** `GET /v2/api/crm/people/{id}` */
export const get = Endpoint.make({
  name: "People.get",
  method: "GET",
  path: "/v2/api/crm/people/{id}",
  args: [Endpoint.arg("id", PathId)],
  response: PersonResponse,
  result: Endpoint.data,
  spanAttributes: { id: "withallo.person_id" }
})

/** `PUT /v2/api/crm/people/{id}`: only the fields given change. */
export const update = Endpoint.make({
  name: "People.update",
  method: "PUT",
  path: "/v2/api/crm/people/{id}",
  args: [
    Endpoint.arg("id", PathId),
    Endpoint.arg("params", Endpoint.params({ ...personFields, numbers: OrNull(NonEmptyArray(PhoneNumber)), ...Idempotency }))
  ],
  response: PersonResponse,
  result: Endpoint.data,
  idempotency: "mint",
  spanAttributes: { id: "withallo.person_id" }
})

/** `POST /v2/api/crm/people/search`: one page (1-based) of the people matching every filter. */
export const search = Endpoint.make({
  name: "People.search",
  method: "POST",
  path: "/v2/api/crm/people/search",
  args: [Endpoint.optionalArg("params", Endpoint.params({
    filters: OrNull(Endpoint.params({
      name: Schema.optional(Schema.String),
      lastName: Schema.optional(Schema.String),
      jobTitle: Schema.optional(Schema.String),
      website: Schema.optional(Schema.String),
      company: Schema.optional(Schema.String),
      phoneNumber: Schema.optional(Schema.String),
      email: Schema.optional(Schema.String),
      dealStatus: Schema.optional(Schema.String)
    })),
    search: OrNull(Schema.String),
    sort: OrNull(SortOrder),
    page: Schema.optional(V2Page),
    size: Schema.optional(PageSize)
  }))],
  response: compiled(V2PageEnvelope(compiled(Person))),
  result: Endpoint.v2Page,
  // A search changes nothing, but it is a POST: the key is what makes it retryable.
  idempotency: "mint",
  paging: { firstPage: 1 }
})

/** Every person matching the filters, page by page. */
export const stream = Endpoint.stream("People.stream", search, (person: Person) => person.id)

/** Types of the {@link People} service. */
export declare namespace People {
  /** A search's sort order (default `DATE_DESC`). */
  export type SortOrder = Sort
  /** Options of every write. */
  export interface WriteOptions {
    /** Sent as `Idempotency-Key`; defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** What a person is made of; `null` clears a field on update. */
  export interface Fields extends WriteOptions {
    /** First name. */
    readonly name?: string | null | undefined
    readonly lastName?: string | null | undefined
    readonly jobTitle?: string | null | undefined
    readonly website?: string | null | undefined
    /** Postal address. */
    readonly address?: string | null | undefined
    readonly emails?: ReadonlyArray<string> | null | undefined
    /** The company (`com-…`) to link the person to. */
    readonly companyId?: string | null | undefined
  }
  /** A new person (`CreatePersonRequest`). */
  export interface CreateParams extends Fields {
    /** At least one, each E.164. */
    readonly numbers: ReadonlyArray<string>
    /** Create the person even if a number already belongs to another one (else `ConflictError` `NUMBER_ALREADY_ASSIGNED`). */
    readonly allowDuplicateNumber?: boolean | undefined
  }
  /** The fields to change (`UpdatePersonRequest`). */
  export interface UpdateParams extends Fields {
    /** Replaces every number: at least one, each E.164. */
    readonly numbers?: ReadonlyArray<string> | null | undefined
  }
  /** Named filters, all combined with AND; "contains" unless said otherwise. */
  export interface Filters {
    readonly name?: string | undefined
    readonly lastName?: string | undefined
    readonly jobTitle?: string | undefined
    readonly website?: string | undefined
    /** The company's name. */
    readonly company?: string | undefined
    /** Exact match. */
    readonly phoneNumber?: string | undefined
    readonly email?: string | undefined
    /** People with a deal in this stage (exact match). */
    readonly dealStatus?: string | undefined
  }
  /** Which people (`SearchPeopleRequest`). */
  export interface SearchParams {
    readonly filters?: Filters | null | undefined
    /** Free text across name, email, phone number and company. */
    readonly search?: string | null | undefined
    readonly sort?: SortOrder | null | undefined
    /** 1-based. Default 1. */
    readonly page?: number | undefined
    /** 1–100. Default 20. */
    readonly size?: number | undefined
  }
  /** Which people to stream. */
  export interface StreamParams extends Omit<SearchParams, "page" | "size">, StreamOptions {}
  /** The service. */
  export interface Service {
    /** Creates a person. */
    readonly create: (params: CreateParams) => Effect.Effect<Person, WithalloError>
    /** One person by id (`per-…`). */
    readonly get: (id: string) => Effect.Effect<Person, WithalloError>
    /** Changes the fields given and returns the person as it now is. */
    readonly update: (id: string, params: UpdateParams) => Effect.Effect<Person, WithalloError>
    /** One page of the people matching the filters. */
    readonly search: (params?: SearchParams) => Effect.Effect<Page<Person>, WithalloError>
    /** Every person matching the filters, fetched page by page as the stream is consumed. */
    readonly stream: (params?: StreamParams) => Stream.Stream<Person, WithalloError>
  }
}

/** CRM people: `create`, `get`, `update`, `search` for one page and `stream` for all of them. */
export class People extends Context.Service<People, People.Service>()("effect-withallo/People") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<People, never, WithalloClient> = Layer.effect(
    People,
    Effect.map(WithalloClient, (client) =>
      People.of({
        create: Endpoint.method(client, create),
        get: Endpoint.method(client, get),
        update: Endpoint.method(client, update),
        search: Endpoint.method(client, search),
        stream: stream(client)
      }))
  )
}
