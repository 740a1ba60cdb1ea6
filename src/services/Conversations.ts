/**
 * v2 conversations: per-contact threads of an Allo number, their calls and
 * texts ("items"), read status, AI summaries and tags.
 *
 * Over 300 lines because it is ten operations (each one definition) plus
 * their public parameter types; splitting them would scatter one resource.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import type * as Stream from "effect/Stream"
import * as Endpoint from "../Endpoint.js"
import {
  CallId,
  IdempotencyKey,
  IsoDateTime,
  IsoDay,
  ItemId,
  Keywords,
  NonEmpty,
  NonEmptyArray,
  OneOf,
  OpenLiteral,
  PageSize,
  PathId,
  PhoneNumber,
  Text,
  TranscriptFlag,
  V2Page,
  WriteOptions
} from "../internal/params.js"
import type { Page, StreamOptions } from "../Pagination.js"
import { V2PageEnvelope } from "../schema/PaginationInfo.js"
import { ConversationItem, ConversationSummary, ItemSummary } from "../schema/ConversationItem.js"
import { DataEnvelope } from "../schema/internal.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/** `transcript: true` travels as `extend=transcript`. */
const withTranscript = { transcript: "extend" } as const

/** The `{ transcript }` options of the item reads. */
const TranscriptOptions = Endpoint.params({ transcript: Schema.optional(TranscriptFlag) }, withTranscript)

/** `GET /v2/api/conversations`: one page of an Allo number's conversations, most recently active first. */
export const list = Endpoint.make({
  name: "Conversations.list",
  method: "GET",
  path: "/v2/api/conversations",
  args: [Endpoint.arg(
    "params",
    Endpoint.params({
      alloNumber: PhoneNumber,
      lastActivitySince: Schema.optional(IsoDateTime),
      unread: Schema.optional(Schema.Boolean),
      transcript: Schema.optional(TranscriptFlag),
      page: Schema.optional(V2Page),
      size: Schema.optional(PageSize)
    }, withTranscript)
  )],
  response: V2PageEnvelope(ConversationSummary),
  result: Endpoint.v2Page,
  paging: { firstPage: 1 }
})

/** Every conversation of an Allo number. */
export const stream = Endpoint.stream("Conversations.stream", list, (c: ConversationSummary) => c.contact_number)

/**
 * `POST /v2/api/conversations/items/search`: one page of calls and texts.
 * A search changes nothing, but it is a POST: like every v2 POST it carries
 * an Idempotency-Key, which is what makes it retryable.
 */
export const searchItems = Endpoint.make({
  name: "Conversations.searchItems",
  method: "POST",
  path: "/v2/api/conversations/items/search",
  args: [Endpoint.optionalArg(
    "params",
    Endpoint.params({
      alloNumber: Schema.optional(PhoneNumber),
      contactNumber: Schema.optional(PhoneNumber),
      userId: Schema.optional(NonEmpty),
      direction: Schema.optional(OpenLiteral(["INBOUND", "OUTBOUND"])),
      type: Schema.optional(OpenLiteral(["CALL", "SMS", "ALL"])),
      result: Schema.optional(OpenLiteral(["ANSWERED", "VOICEMAIL", "TRANSFERRED"])),
      tags: Schema.optional(Schema.Array(NonEmpty)),
      unread: Schema.optional(Schema.Boolean),
      unresponded: Schema.optional(Schema.Boolean),
      search: Schema.optional(Keywords),
      sort: Schema.optional(OpenLiteral(["DATE_DESC", "DATE_ASC", "RELEVANCE"])),
      date: Schema.optional(Schema.Struct({ from: IsoDay, to: IsoDay })),
      transcript: Schema.optional(TranscriptFlag),
      page: Schema.optional(V2Page),
      size: Schema.optional(PageSize)
    }, withTranscript)
  )],
  response: V2PageEnvelope(ConversationItem),
  result: Endpoint.v2Page,
  idempotency: "mint",
  paging: { firstPage: 1 }
})

/** Every call and text matching the filters. */
export const streamItems = Endpoint.stream("Conversations.streamItems", searchItems, (item: ConversationItem) => item.id)

/**
 * `GET /v2/api/conversations/items/{id}`. The item endpoints parse the id's
 * prefix themselves and reject anything else with INVALID_ITEM_ID; checking
 * it here saves the request.
 */
export const getItem = Endpoint.make({
  name: "Conversations.getItem",
  method: "GET",
  path: "/v2/api/conversations/items/{id}",
  args: [Endpoint.arg("id", ItemId), Endpoint.optionalArg("options", TranscriptOptions)],
  response: DataEnvelope(ConversationItem),
  result: Endpoint.data,
  spanAttributes: { id: "withallo.item_id" }
})

/**
 * `POST /v2/api/conversations/items/batch`: one request, up to 100 ids (Allo's
 * limit); `getItems` splits longer lists. Unknown ids are left out of the answer.
 */
export const getItemsBatch = Endpoint.make({
  name: "Conversations.getItems",
  method: "POST",
  path: "/v2/api/conversations/items/batch",
  args: [Endpoint.arg("ids", Schema.Array(ItemId)), Endpoint.optionalArg("options", TranscriptOptions)],
  response: DataEnvelope(Schema.Array(ConversationItem)),
  result: Endpoint.data,
  idempotency: "mint",
  queryKeys: ["extend"]
})

/** Allo's limit on ids per batch request. */
const BATCH_LIMIT = 100

/**
 * Many items by id, in the order asked: every id is checked before any
 * request, then batches of 100 go two at a time.
 */
const getItems = (client: WithalloClient["Service"]) => (...args: ReadonlyArray<unknown>) =>
  Effect.withSpan(
    Effect.suspend(() => {
      const decoded = getItemsBatch.decode(args)
      if (Result.isFailure(decoded)) return Effect.fail(decoded.failure)
      const { ids, options } = decoded.success
      const batches: Array<ReadonlyArray<string>> = []
      for (let i = 0; i < ids.length; i += BATCH_LIMIT) batches.push(ids.slice(i, i + BATCH_LIMIT))
      return Effect.map(
        Effect.forEach(batches, (batch) => Endpoint.execute(client, getItemsBatch, { ids: batch, options }), { concurrency: 2 }),
        (results) => {
          const byId = new Map<string, ConversationItem>()
          for (const items of results) for (const item of items) byId.set(item.id, item)
          return ids.flatMap((id) => byId.get(id) ?? [])
        }
      )
    }),
    getItemsBatch.name,
    { captureStackTrace: false }
  )

/** `PUT /v2/api/conversations/{contactNumber}/action`: read status and archiving, on one Allo number or all. */
export const setStatus = Endpoint.make({
  name: "Conversations.setStatus",
  method: "PUT",
  // `+` travels as %2B in the path.
  path: "/v2/api/conversations/{contactNumber}/action",
  args: [
    Endpoint.arg("contactNumber", PhoneNumber),
    Endpoint.arg("action", OneOf(["READ", "UNREAD", "ARCHIVE", "UNARCHIVE"])),
    Endpoint.optionalArg("alloNumber", PhoneNumber),
    Endpoint.optionalArg("options", WriteOptions)
  ],
  response: Schema.Unknown,
  result: Endpoint.nothing,
  idempotency: "mint"
})

/** `PATCH /v2/api/conversations/items/{id}/summary`: replaces a call's AI summary (texts have none). */
export const updateSummary = Endpoint.make({
  name: "Conversations.updateSummary",
  method: "PATCH",
  path: "/v2/api/conversations/items/{id}/summary",
  args: [
    Endpoint.arg("id", CallId),
    Endpoint.arg("params", Endpoint.params({
      content: Text(100_000),
      templateKey: Schema.optional(NonEmpty),
      idempotencyKey: Schema.optional(IdempotencyKey)
    }))
  ],
  response: DataEnvelope(ItemSummary),
  result: Endpoint.data,
  idempotency: "mint",
  spanAttributes: { id: "withallo.item_id" }
})

/** `POST /v2/api/conversations/items/{id}/tags`: adds tags (by key). */
export const addTags = Endpoint.make({
  name: "Conversations.addTags",
  method: "POST",
  path: "/v2/api/conversations/items/{id}/tags",
  args: [Endpoint.arg("id", ItemId), Endpoint.arg("tags", NonEmptyArray(NonEmpty)), Endpoint.optionalArg("options", WriteOptions)],
  response: Schema.Unknown,
  result: Endpoint.nothing,
  idempotency: "mint",
  spanAttributes: { id: "withallo.item_id" }
})

/** `DELETE /v2/api/conversations/items/{id}/tags/{tag}`: removes one tag. */
export const removeTag = Endpoint.make({
  name: "Conversations.removeTag",
  method: "DELETE",
  path: "/v2/api/conversations/items/{id}/tags/{tag}",
  args: [Endpoint.arg("id", ItemId), Endpoint.arg("tag", PathId), Endpoint.optionalArg("options", WriteOptions)],
  response: Schema.Unknown,
  result: Endpoint.nothing,
  idempotency: "mint",
  spanAttributes: { id: "withallo.item_id" }
})

/** Types of the {@link Conversations} service. */
export declare namespace Conversations {
  /** Which conversations of a number. */
  export interface ListParams {
    /** Required by Allo. */
    readonly alloNumber: string
    /** Only conversations active since (ISO 8601): the cursor of an incremental sync. */
    readonly lastActivitySince?: string | undefined
    readonly unread?: boolean | undefined
    /** Include call transcripts in `last_item`. */
    readonly transcript?: boolean | undefined
    /** 1-based. Default 1. */
    readonly page?: number | undefined
    /** 1–100. Default 20. */
    readonly size?: number | undefined
  }
  /** Which conversations to stream. */
  export interface StreamParams extends Omit<ListParams, "page" | "size">, StreamOptions {}
  /**
   * Filters of the item search. `type` and `sort` are typed with the values
   * Allo documents (`CALL|SMS|ALL`, `DATE_DESC|DATE_ASC|RELEVANCE`); live data
   * has also shown `TEXT_MESSAGE` and `RECENT|OLDEST`, so any string is sent
   * as given.
   */
  export interface SearchItemsParams {
    readonly alloNumber?: string | undefined
    readonly contactNumber?: string | undefined
    readonly userId?: string | undefined
    readonly direction?: "INBOUND" | "OUTBOUND" | (string & {}) | undefined
    readonly type?: "CALL" | "SMS" | "ALL" | (string & {}) | undefined
    readonly result?: "ANSWERED" | "VOICEMAIL" | "TRANSFERRED" | (string & {}) | undefined
    readonly tags?: ReadonlyArray<string> | undefined
    readonly unread?: boolean | undefined
    readonly unresponded?: boolean | undefined
    /** Keywords over transcripts, summaries and texts (AND, prefix match). */
    readonly search?: string | undefined
    readonly sort?: "DATE_DESC" | "DATE_ASC" | "RELEVANCE" | (string & {}) | undefined
    /** Days as `YYYY-MM-DD`, both required. */
    readonly date?: { readonly from: string; readonly to: string } | undefined
    readonly transcript?: boolean | undefined
    /** 1-based. Default 1. */
    readonly page?: number | undefined
    /** 1–100. Default 20. */
    readonly size?: number | undefined
  }
  /** Which items to stream. */
  export interface StreamItemsParams extends Omit<SearchItemsParams, "page" | "size">, StreamOptions {}
  /** Read-status actions. */
  export type Action = "READ" | "UNREAD" | "ARCHIVE" | "UNARCHIVE"
  /** Options of every write: Allo stores a 2xx answer per key for an hour and replays it. */
  export interface WriteOptions {
    /** Defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** The service. */
  export interface Service {
    /** One page of an Allo number's conversations, most recently active first. */
    readonly list: (params: ListParams) => Effect.Effect<Page<ConversationSummary>, WithalloError>
    /** Every conversation of an Allo number. */
    readonly stream: (params: StreamParams) => Stream.Stream<ConversationSummary, WithalloError>
    /** One page of calls and texts matching the filters. */
    readonly searchItems: (params?: SearchItemsParams) => Effect.Effect<Page<ConversationItem>, WithalloError>
    /** Every call and text matching the filters. */
    readonly streamItems: (params?: StreamItemsParams) => Stream.Stream<ConversationItem, WithalloError>
    /** One call (`cll-…`) or text (`msg-…`). */
    readonly getItem: (
      id: string,
      options?: { readonly transcript?: boolean | undefined }
    ) => Effect.Effect<ConversationItem, WithalloError>
    /** Many items by id, in the order asked; unknown ids are left out. Split into requests of 100. */
    readonly getItems: (
      ids: ReadonlyArray<string>,
      options?: { readonly transcript?: boolean | undefined }
    ) => Effect.Effect<ReadonlyArray<ConversationItem>, WithalloError>
    /** Marks a conversation read/unread or (un)archives it, on one Allo number or all. */
    readonly setStatus: (
      contactNumber: string,
      action: Action,
      alloNumber?: string,
      options?: WriteOptions
    ) => Effect.Effect<void, WithalloError>
    /** Replaces a call's AI summary (markdown). */
    readonly updateSummary: (
      id: string,
      params: { readonly content: string; readonly templateKey?: string | undefined } & WriteOptions
    ) => Effect.Effect<ItemSummary, WithalloError>
    /** Adds tags (by key) to an item. */
    readonly addTags: (id: string, tags: ReadonlyArray<string>, options?: WriteOptions) => Effect.Effect<void, WithalloError>
    /** Removes one tag from an item. */
    readonly removeTag: (id: string, tag: string, options?: WriteOptions) => Effect.Effect<void, WithalloError>
  }
}

/** v2 conversations and their items. */
export class Conversations extends Context.Service<Conversations, Conversations.Service>()(
  "effect-withallo/Conversations"
) {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Conversations, never, WithalloClient> = Layer.effect(
    Conversations,
    Effect.map(WithalloClient, (client) =>
      Conversations.of({
        list: Endpoint.method(client, list),
        stream: stream(client),
        searchItems: Endpoint.method(client, searchItems),
        streamItems: streamItems(client),
        getItem: Endpoint.method(client, getItem),
        getItems: getItems(client),
        setStatus: Endpoint.method(client, setStatus),
        updateSummary: Endpoint.method(client, updateSummary),
        addTags: Endpoint.method(client, addTags),
        removeTag: Endpoint.method(client, removeTag)
      }))
  )
}
