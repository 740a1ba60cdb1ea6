/**
 * Contacts (`/v1/api/contacts`, `/v1/api/contact/{id}`) and a contact's
 * conversation history.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import { compiled } from "../internal/compiled.js"
import { each, idempotencyKey, integerIn, nonEmpty, pageSize, phoneNumber, validate } from "../internal/validate.js"
import { fromV1, type Page, pageStream, type StreamOptions } from "../Pagination.js"
import { V1PageEnvelope } from "../schema/PaginationInfo.js"
import { Contact, ContactDetails } from "../schema/Contact.js"
import { ConversationEntry } from "../schema/Conversation.js"
import { DataEnvelope } from "../schema/internal.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const ContactPage = compiled(V1PageEnvelope(compiled(Contact)))
const ContactResponse = DataEnvelope(Contact)
const ContactDetailsResponse = DataEnvelope(ContactDetails)
const ConversationPage = V1PageEnvelope(ConversationEntry)

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

const contactBody = (params: Contacts.UpdateParams) => ({
  ...(params.name === undefined ? {} : { name: params.name }),
  ...(params.lastName === undefined ? {} : { last_name: params.lastName }),
  ...(params.jobTitle === undefined ? {} : { job_title: params.jobTitle }),
  ...(params.website === undefined ? {} : { website: params.website }),
  ...(params.emails === undefined ? {} : { emails: params.emails }),
  ...(params.numbers === undefined ? {} : { numbers: params.numbers })
})

/** Contacts and their conversation history. */
export class Contacts extends Context.Service<Contacts, Contacts.Service>()("effect-withallo/Contacts") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Contacts, never, WithalloClient> = Layer.effect(
    Contacts,
    Effect.gen(function*() {
      const client = yield* WithalloClient

      const get = operation("Contacts.get")(
        function*(id: string, options?: { readonly extend?: ReadonlyArray<Contacts.Extend> | undefined }) {
          yield* validate("Contacts.get", nonEmpty("id", id))
          yield* Effect.annotateCurrentSpan({ "withallo.contact_id": id })
          // The single-contact read lives on the singular path `/contact/{id}`.
          const response = yield* client.request({
            operation: "Contacts.get",
            method: "GET",
            path: `/v1/api/contact/${encodeURIComponent(id)}`,
            query: { extend: options?.extend !== undefined && options.extend.length > 0 ? options.extend : undefined },
            response: ContactDetailsResponse
          })
          return response.data
        }
      )

      const search = operation("Contacts.search")(function*(params?: Contacts.SearchParams) {
        yield* validate("Contacts.search", integerIn("page", params?.page, 0), pageSize("size", params?.size))
        const page = params?.page ?? 0
        const envelope = yield* client.request({
          operation: "Contacts.search",
          method: "GET",
          path: "/v1/api/contacts",
          query: { page, size: params?.size },
          response: ContactPage
        })
        return fromV1(envelope, page)
      })

      const stream = (options?: StreamOptions): Stream.Stream<Contact, WithalloError> =>
        Stream.unwrap(
          validate("Contacts.stream", pageSize("pageSize", options?.pageSize), integerIn("concurrency", options?.concurrency, 1))
            .pipe(Effect.as(pageStream({
              firstPage: 0,
              concurrency: options?.concurrency ?? 4,
              idOf: (contact: Contact) => contact.id,
              fetch: (page) => search({ page, size: options?.pageSize ?? 100 })
            })))
        )

      const create = operation("Contacts.create")(function*(params: Contacts.CreateParams) {
        yield* validate(
          "Contacts.create",
          ["numbers", params.numbers.length === 0 ? "must contain at least one phone number" : undefined],
          each("numbers", params.numbers, (field, n: string) => phoneNumber(field, n)),
          idempotencyKey(params.idempotencyKey)
        )
        const response = yield* client.request({
          operation: "Contacts.create",
          method: "POST",
          path: "/v1/api/contacts",
          body: contactBody(params),
          idempotencyKey: params.idempotencyKey,
          response: ContactResponse
        })
        return response.data
      })

      const update = operation("Contacts.update")(function*(id: string, params: Contacts.UpdateParams) {
        const body = contactBody(params)
        yield* validate(
          "Contacts.update",
          nonEmpty("id", id),
          ["params", Object.keys(body).length === 0 ? "must change at least one field" : undefined],
          ["numbers", params.numbers?.length === 0 ? "must contain at least one phone number when given" : undefined],
          each("numbers", params.numbers, (field, n: string) => phoneNumber(field, n)),
          idempotencyKey(params.idempotencyKey)
        )
        yield* Effect.annotateCurrentSpan({ "withallo.contact_id": id })
        const response = yield* client.request({
          operation: "Contacts.update",
          method: "PUT",
          path: `/v1/api/contacts/${encodeURIComponent(id)}`,
          body,
          idempotencyKey: params.idempotencyKey,
          response: ContactResponse
        })
        return response.data
      })

      const searchConversation = operation("Contacts.searchConversation")(
        function*(id: string, params?: Contacts.ConversationParams) {
          yield* validate(
            "Contacts.searchConversation",
            nonEmpty("id", id),
            phoneNumber("alloNumber", params?.alloNumber, true),
            integerIn("page", params?.page, 0),
            pageSize("size", params?.size)
          )
          yield* Effect.annotateCurrentSpan({ "withallo.contact_id": id })
          const page = params?.page ?? 0
          const envelope = yield* client.request({
            operation: "Contacts.searchConversation",
            method: "GET",
            path: `/v1/api/contact/${encodeURIComponent(id)}/conversation`,
            query: { page, size: params?.size, allo_number: params?.alloNumber },
            response: ConversationPage
          })
          return fromV1(envelope, page)
        }
      )

      const streamConversation = (
        id: string,
        params?: Contacts.ConversationStreamParams
      ): Stream.Stream<ConversationEntry, WithalloError> =>
        Stream.unwrap(
          validate(
            "Contacts.streamConversation",
            nonEmpty("id", id),
            phoneNumber("alloNumber", params?.alloNumber, true),
            pageSize("pageSize", params?.pageSize),
            integerIn("concurrency", params?.concurrency, 1)
          ).pipe(Effect.as(pageStream({
            firstPage: 0,
            concurrency: params?.concurrency ?? 4,
            idOf: entryId,
            fetch: (page) =>
              searchConversation(id, { page, size: params?.pageSize ?? 100, alloNumber: params?.alloNumber })
          })))
        )

      return Contacts.of({ get, search, stream, create, update, searchConversation, streamConversation })
    })
  )
}
