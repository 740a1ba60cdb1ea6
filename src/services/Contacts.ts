/**
 * Contacts (`/v1/api/contacts`, `/v1/api/contact/{id}`) and a contact's
 * conversation history.
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
import {
  changesSomething,
  IdempotencyKey,
  NonEmptyArray,
  OneOf,
  PageSize,
  PathId,
  PhoneNumber,
  QueryList,
  V1Page
} from "../internal/params.js"
import type { Page, StreamOptions } from "../Pagination.js"
import { V1PageEnvelope } from "../schema/PaginationInfo.js"
import { Contact, ContactDetails } from "../schema/Contact.js"
import { ConversationEntry } from "../schema/Conversation.js"
import { DataEnvelope } from "../schema/internal.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

const ContactResponse = DataEnvelope(Contact)

/** Fields of a contact, as create and update send them (snake_case on the wire). */
const contactFields = {
  name: Schema.optional(Schema.String),
  lastName: Schema.optional(Schema.String),
  jobTitle: Schema.optional(Schema.String),
  website: Schema.optional(Schema.String),
  emails: Schema.optional(Schema.Array(Schema.String)),
  /** Sent as `Idempotency-Key`; v1 documents none, so only a caller's key is sent. */
  idempotencyKey: Schema.optional(IdempotencyKey)
}

/** `GET /v1/api/contact/{id}` (singular path): one contact with emails, integrations, custom properties. */
export const get = Endpoint.make({
  name: "Contacts.get",
  method: "GET",
  path: "/v1/api/contact/{id}",
  args: [
    Endpoint.arg("id", PathId),
    // `extend: []` asks for nothing more: no `extend` is sent.
    Endpoint.optionalArg("options", Endpoint.params({ extend: Schema.optional(QueryList(OneOf(["engagement", "activity"]))) }))
  ],
  response: DataEnvelope(ContactDetails),
  result: Endpoint.data,
  spanAttributes: { id: "withallo.contact_id" }
})

/** `GET /v1/api/contacts`: one page of contacts. */
export const search = Endpoint.make({
  name: "Contacts.search",
  method: "GET",
  path: "/v1/api/contacts",
  args: [Endpoint.optionalArg("params", Endpoint.params({ page: Schema.optional(V1Page), size: Schema.optional(PageSize) }))],
  response: compiled(V1PageEnvelope(compiled(Contact))),
  result: Endpoint.v1Page,
  paging: { firstPage: 0 }
})

/** Every contact, page by page. */
export const stream = Endpoint.stream("Contacts.stream", search, (contact: Contact) => contact.id)

/** `POST /v1/api/contacts`: a new contact with at least one number. */
export const create = Endpoint.make({
  name: "Contacts.create",
  method: "POST",
  path: "/v1/api/contacts",
  args: [Endpoint.arg("params", Endpoint.params({ ...contactFields, numbers: NonEmptyArray(PhoneNumber) }))],
  response: ContactResponse,
  result: Endpoint.data,
  idempotency: "caller"
})

/** `PUT /v1/api/contacts/{id}`: only the given fields are sent; arrays replace the stored ones. */
export const update = Endpoint.make({
  name: "Contacts.update",
  method: "PUT",
  path: "/v1/api/contacts/{id}",
  args: [
    Endpoint.arg("id", PathId),
    Endpoint.arg(
      "params",
      Endpoint.params({ ...contactFields, numbers: Schema.optional(NonEmptyArray(PhoneNumber)) }).check(changesSomething())
    )
  ],
  response: ContactResponse,
  result: Endpoint.data,
  idempotency: "caller",
  spanAttributes: { id: "withallo.contact_id" }
})

/** `GET /v1/api/contact/{id}/conversation`: one page of a contact's calls and texts. */
export const searchConversation = Endpoint.make({
  name: "Contacts.searchConversation",
  method: "GET",
  path: "/v1/api/contact/{id}/conversation",
  args: [
    Endpoint.arg("id", PathId),
    Endpoint.optionalArg(
      "params",
      Endpoint.params({ alloNumber: Schema.optional(PhoneNumber), page: Schema.optional(V1Page), size: Schema.optional(PageSize) })
    )
  ],
  response: V1PageEnvelope(ConversationEntry),
  result: Endpoint.v1Page,
  paging: { firstPage: 0 },
  spanAttributes: { id: "withallo.contact_id" }
})

/** Types of the {@link Contacts} service. */
export declare namespace Contacts {
  /** What `get` adds to the record. */
  export type Extend = "engagement" | "activity"
  /** A new contact; at least one number. */
  export interface CreateParams {
    readonly numbers: ReadonlyArray<string>
    readonly name?: string | undefined
    readonly lastName?: string | undefined
    readonly jobTitle?: string | undefined
    readonly website?: string | undefined
    readonly emails?: ReadonlyArray<string> | undefined
    /** Sent as `Idempotency-Key`; makes the call safe to retry after a 5xx or a dropped connection. */
    readonly idempotencyKey?: string | undefined
  }
  /** Fields to change; only those given are sent, and arrays replace the stored ones. */
  export interface UpdateParams {
    readonly name?: string | undefined
    readonly lastName?: string | undefined
    readonly jobTitle?: string | undefined
    readonly website?: string | undefined
    readonly emails?: ReadonlyArray<string> | undefined
    readonly numbers?: ReadonlyArray<string> | undefined
    /** Sent as `Idempotency-Key`; makes the call safe to retry after a 5xx or a dropped connection. */
    readonly idempotencyKey?: string | undefined
  }
  /** Which page of contacts. */
  export interface SearchParams {
    /** 0-based. Default 0. */
    readonly page?: number | undefined
    /** 1–100. Default 10. */
    readonly size?: number | undefined
  }
  /** Which page of a contact's history. */
  export interface ConversationParams extends SearchParams {
    /** Only what went through this Allo number. */
    readonly alloNumber?: string | undefined
  }
  /** Which part of a contact's history to stream. */
  export interface ConversationStreamParams extends StreamOptions {
    readonly alloNumber?: string | undefined
  }
  /** The service. */
  export interface Service {
    /** One contact with emails, integrations and custom properties; `extend` adds engagement and recent activity. */
    readonly get: (
      id: string,
      options?: { readonly extend?: ReadonlyArray<Extend> | undefined }
    ) => Effect.Effect<ContactDetails, WithalloError>
    /** One page of contacts. */
    readonly search: (params?: SearchParams) => Effect.Effect<Page<Contact>, WithalloError>
    /** Every contact, page by page as the stream is consumed. */
    readonly stream: (options?: StreamOptions) => Stream.Stream<Contact, WithalloError>
    /** Creates a contact. */
    readonly create: (params: CreateParams) => Effect.Effect<Contact, WithalloError>
    /** Updates the given fields of a contact. */
    readonly update: (id: string, params: UpdateParams) => Effect.Effect<Contact, WithalloError>
    /** One page of a contact's calls and texts. */
    readonly searchConversation: (
      id: string,
      params?: ConversationParams
    ) => Effect.Effect<Page<ConversationEntry>, WithalloError>
    /** A contact's whole history of calls and texts. */
    readonly streamConversation: (
      id: string,
      params?: ConversationStreamParams
    ) => Stream.Stream<ConversationEntry, WithalloError>
  }
}

/** Identity of a history entry, to drop repeats when the list shifts; texts have no id in v1. */
const entryId = (entry: ConversationEntry): string | undefined =>
  entry.call?.id ??
    (entry.message === undefined || entry.message === null
      ? undefined
      : `sms:${entry.message.type}:${entry.message.start_date}:${entry.message.from_number ?? entry.message.sender_id}:${entry.message.to_number}:${entry.message.content}`)

/** A contact's whole history, page by page. */
export const streamConversation = Endpoint.stream("Contacts.streamConversation", searchConversation, entryId)

/** Contacts and their conversation history. */
export class Contacts extends Context.Service<Contacts, Contacts.Service>()("effect-withallo/Contacts") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Contacts, never, WithalloClient> = Layer.effect(
    Contacts,
    Effect.map(WithalloClient, (client) =>
      Contacts.of({
        get: Endpoint.method(client, get),
        search: Endpoint.method(client, search),
        stream: stream(client),
        create: Endpoint.method(client, create),
        update: Endpoint.method(client, update),
        searchConversation: Endpoint.method(client, searchConversation),
        streamConversation: streamConversation(client)
      }))
  )
}
