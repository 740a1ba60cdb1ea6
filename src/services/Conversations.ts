/**
 * v2 conversations: per-contact threads of an Allo number, their calls and
 * texts ("items"), read status, AI summaries and tags.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { each, idempotencyKey, integerIn, nonEmpty, pageSize, phoneNumber, validate } from "../internal/validate.js"
import { fromV2, type Page, pageStream, type StreamOptions } from "../Pagination.js"
import { V2PageEnvelope } from "../schema/PaginationInfo.js"
import { ConversationItem, ConversationSummary, ItemSummary } from "../schema/ConversationItem.js"
import { DataEnvelope } from "../schema/internal.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"
import { operation } from "../internal/operation.js"

const SummaryPage = V2PageEnvelope(ConversationSummary)
const ItemPage = V2PageEnvelope(ConversationItem)
const ItemResponse = DataEnvelope(ConversationItem)
const ItemList = DataEnvelope(Schema.Array(ConversationItem))
const SummaryResponse = DataEnvelope(ItemSummary)

/** Allo's limit on ids per batch request. */
const BATCH_LIMIT = 100

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

// The item endpoints parse the id's prefix themselves and reject anything else
// with INVALID_ITEM_ID; checking here saves the request.
const itemId = (field: string, id: string): readonly [string, string | undefined] => [
  field,
  /^(cll|msg)-./.test(id) ? undefined : "must be a conversation item id starting with cll- (call) or msg- (text)"
]

const transcript = (on: boolean | undefined) => (on === true ? "transcript" : undefined)

const searchBody = (p: Conversations.SearchItemsParams, page: number) => {
  const body: Record<string, unknown> = { page }
  if (p.size !== undefined) body.size = p.size
  if (p.alloNumber !== undefined) body.allo_number = p.alloNumber
  if (p.contactNumber !== undefined) body.contact_number = p.contactNumber
  if (p.userId !== undefined) body.user_id = p.userId
  if (p.direction !== undefined) body.direction = p.direction
  if (p.type !== undefined) body.type = p.type
  if (p.result !== undefined) body.result = p.result
  if (p.tags !== undefined) body.tags = p.tags
  if (p.unread !== undefined) body.unread = p.unread
  if (p.unresponded !== undefined) body.unresponded = p.unresponded
  if (p.search !== undefined) body.search = p.search
  if (p.sort !== undefined) body.sort = p.sort
  if (p.date !== undefined) body.date = { from: p.date.from, to: p.date.to }
  if (p.transcript === true) body.extend = "transcript"
  return body
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/

/** v2 conversations and their items. */
export class Conversations extends Context.Service<Conversations, Conversations.Service>()(
  "effect-withallo/Conversations"
) {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Conversations, never, WithalloClient> = Layer.effect(
    Conversations,
    Effect.gen(function*() {
      const client = yield* WithalloClient

      const list = operation("Conversations.list")(function*(params: Conversations.ListParams) {
        yield* validate(
          "Conversations.list",
          phoneNumber("alloNumber", params.alloNumber),
          integerIn("page", params.page, 1),
          pageSize("size", params.size)
        )
        const page = params.page ?? 1
        const envelope = yield* client.request({
          operation: "Conversations.list",
          method: "GET",
          path: "/v2/api/conversations",
          query: {
            allo_number: params.alloNumber,
            last_activity_since: params.lastActivitySince,
            unread: params.unread,
            extend: transcript(params.transcript),
            page,
            size: params.size
          },
          response: SummaryPage
        })
        return fromV2(envelope, page)
      })

      const stream = (params: Conversations.StreamParams) =>
        Stream.unwrap(
          validate(
            "Conversations.stream",
            phoneNumber("alloNumber", params.alloNumber),
            pageSize("pageSize", params.pageSize),
            integerIn("concurrency", params.concurrency, 1)
          ).pipe(Effect.as(pageStream({
            firstPage: 1,
            concurrency: params.concurrency ?? 4,
            idOf: (c: ConversationSummary) => c.contact_number,
            fetch: (page) => list({ ...params, page, size: params.pageSize ?? 100 })
          })))
        )

      const searchItems = operation("Conversations.searchItems")(function*(params?: Conversations.SearchItemsParams) {
        const p = params ?? {}
        yield* validate(
          "Conversations.searchItems",
          phoneNumber("alloNumber", p.alloNumber, true),
          phoneNumber("contactNumber", p.contactNumber, true),
          integerIn("page", p.page, 1),
          pageSize("size", p.size),
          ["search", p.search !== undefined && !/[\p{L}\p{N}]/u.test(p.search) ? "must contain at least one letter or digit" : undefined],
          ["date.from", p.date !== undefined && !ISO_DAY.test(p.date.from) ? "must be a day as YYYY-MM-DD" : undefined],
          ["date.to", p.date !== undefined && !ISO_DAY.test(p.date.to) ? "must be a day as YYYY-MM-DD" : undefined]
        )
        const page = p.page ?? 1
        const envelope = yield* client.request({
          operation: "Conversations.searchItems",
          method: "POST",
          path: "/v2/api/conversations/items/search",
          body: searchBody(p, page),
          // A search changes nothing, but it is a POST: like every v2 POST it
          // carries an Idempotency-Key, which is what makes it retryable.
          mintIdempotencyKey: true,
          response: ItemPage
        })
        return fromV2(envelope, page)
      })

      const streamItems = (params?: Conversations.StreamItemsParams) =>
        Stream.unwrap(
          validate(
            "Conversations.streamItems",
            pageSize("pageSize", params?.pageSize),
            integerIn("concurrency", params?.concurrency, 1)
          ).pipe(Effect.as(pageStream({
            firstPage: 1,
            concurrency: params?.concurrency ?? 4,
            idOf: (item: ConversationItem) => item.id,
            fetch: (page) => searchItems({ ...params, page, size: params?.pageSize ?? 100 })
          })))
        )

      const getItem = operation("Conversations.getItem")(
        function*(id: string, options?: { readonly transcript?: boolean | undefined }) {
          yield* validate("Conversations.getItem", itemId("id", id))
          yield* Effect.annotateCurrentSpan({ "withallo.item_id": id })
          const response = yield* client.request({
            operation: "Conversations.getItem",
            method: "GET",
            path: `/v2/api/conversations/items/${encodeURIComponent(id)}`,
            query: { extend: transcript(options?.transcript) },
            response: ItemResponse
          })
          return response.data
        }
      )

      const getItems = operation("Conversations.getItems")(
        function*(ids: ReadonlyArray<string>, options?: { readonly transcript?: boolean | undefined }) {
          yield* validate("Conversations.getItems", each("ids", ids, itemId))
          const batches: Array<ReadonlyArray<string>> = []
          for (let i = 0; i < ids.length; i += BATCH_LIMIT) batches.push(ids.slice(i, i + BATCH_LIMIT))
          const results = yield* Effect.forEach(batches, (batch) =>
            client.request({
              operation: "Conversations.getItems",
              method: "POST",
              path: "/v2/api/conversations/items/batch",
              query: { extend: transcript(options?.transcript) },
              body: { ids: batch },
              mintIdempotencyKey: true,
              response: ItemList
            }), { concurrency: 2 })
          const byId = new Map<string, ConversationItem>()
          for (const result of results) for (const item of result.data) byId.set(item.id, item)
          const out: Array<ConversationItem> = []
          for (const id of ids) {
            const item = byId.get(id)
            if (item !== undefined) out.push(item)
          }
          return out
        }
      )

      const setStatus = operation("Conversations.setStatus")(
        function*(contactNumber: string, action: Conversations.Action, alloNumber?: string, options?: Conversations.WriteOptions) {
          yield* validate(
            "Conversations.setStatus",
            phoneNumber("contactNumber", contactNumber),
            ["action", ["READ", "UNREAD", "ARCHIVE", "UNARCHIVE"].includes(action) ? undefined : "must be READ, UNREAD, ARCHIVE or UNARCHIVE"],
            phoneNumber("alloNumber", alloNumber, true),
            idempotencyKey(options?.idempotencyKey)
          )
          yield* client.request({
            operation: "Conversations.setStatus",
            method: "PUT",
            // `+` must travel as %2B in the path.
            path: `/v2/api/conversations/${encodeURIComponent(contactNumber)}/action`,
            body: alloNumber === undefined ? { action } : { action, allo_number: alloNumber },
            idempotencyKey: options?.idempotencyKey,
            mintIdempotencyKey: true,
            response: Schema.Unknown
          })
        }
      )

      const updateSummary = operation("Conversations.updateSummary")(
        function*(id: string, params: { readonly content: string; readonly templateKey?: string | undefined } & Conversations.WriteOptions) {
          yield* validate(
            "Conversations.updateSummary",
            ["id", /^cll-./.test(id) ? undefined : "must be a call id starting with cll- (texts have no summary)"],
            nonEmpty("content", params.content),
            ["content", params.content.length > 100_000 ? "must be at most 100,000 characters" : undefined],
            idempotencyKey(params.idempotencyKey)
          )
          yield* Effect.annotateCurrentSpan({ "withallo.item_id": id })
          const response = yield* client.request({
            operation: "Conversations.updateSummary",
            method: "PATCH",
            path: `/v2/api/conversations/items/${encodeURIComponent(id)}/summary`,
            body: params.templateKey === undefined
              ? { content: params.content }
              : { content: params.content, template_key: params.templateKey },
            idempotencyKey: params.idempotencyKey,
            mintIdempotencyKey: true,
            response: SummaryResponse
          })
          return response.data
        }
      )

      const addTags = operation("Conversations.addTags")(
        function*(id: string, tags: ReadonlyArray<string>, options?: Conversations.WriteOptions) {
          yield* validate(
            "Conversations.addTags",
            itemId("id", id),
            ["tags", tags.length === 0 ? "must name at least one tag" : undefined],
            each("tags", tags, nonEmpty),
            idempotencyKey(options?.idempotencyKey)
          )
          yield* Effect.annotateCurrentSpan({ "withallo.item_id": id })
          yield* client.request({
            operation: "Conversations.addTags",
            method: "POST",
            path: `/v2/api/conversations/items/${encodeURIComponent(id)}/tags`,
            body: { tags },
            idempotencyKey: options?.idempotencyKey,
            mintIdempotencyKey: true,
            response: Schema.Unknown
          })
        }
      )

      const removeTag = operation("Conversations.removeTag")(
        function*(id: string, tag: string, options?: Conversations.WriteOptions) {
          yield* validate(
            "Conversations.removeTag",
            itemId("id", id),
            nonEmpty("tag", tag),
            idempotencyKey(options?.idempotencyKey)
          )
          yield* Effect.annotateCurrentSpan({ "withallo.item_id": id })
          yield* client.request({
            operation: "Conversations.removeTag",
            method: "DELETE",
            path: `/v2/api/conversations/items/${encodeURIComponent(id)}/tags/${encodeURIComponent(tag)}`,
            idempotencyKey: options?.idempotencyKey,
            mintIdempotencyKey: true,
            response: Schema.Unknown
          })
        }
      )

      return Conversations.of({
        list,
        stream,
        searchItems,
        streamItems,
        getItem,
        getItems,
        setStatus,
        updateSummary,
        addTags,
        removeTag
      })
    })
  )
}
