/**
 * The page metadata Allo sends beside a list: v2's `pagination` object and
 * v1's two `metadata` layouts (flat on calls, nested under `pagination` on
 * contacts and contact conversations). Plain wire shapes; reading them into a
 * `Page` is `Pagination.ts`'s job.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable, Optional } from "./internal.js"

/** v2 list pagination, the `pagination` sibling of `data` (pages count from 1). */
export const PaginationInfo = Schema.Struct({
  page: Schema.Number,
  size: Schema.Number,
  total_count: Schema.Number,
  total_pages: Schema.Number,
  has_more: Schema.Boolean
})

/** v2 list pagination, the `pagination` sibling of `data` (pages count from 1). */
export type PaginationInfo = typeof PaginationInfo.Type

/** v1 page numbers, the inner object of both metadata layouts (pages count from 0). */
export const V1PageNumbers = Schema.Struct({
  total_pages: Schema.Number,
  current_page: Schema.Number
})

/** v1 page numbers, the inner object of both metadata layouts (pages count from 0). */
export type V1PageNumbers = typeof V1PageNumbers.Type

/** v1 `metadata` as `GET /v1/api/calls` sends it: `{total_pages, current_page}`. */
export const V1FlatMetadata = V1PageNumbers

/** v1 `metadata` as `GET /v1/api/calls` sends it: `{total_pages, current_page}`. */
export type V1FlatMetadata = typeof V1FlatMetadata.Type

/**
 * v1 `metadata` as contacts and contact conversations send it:
 * `{pagination: {total_pages, current_page}}`.
 */
export const V1NestedMetadata = Schema.Struct({
  pagination: V1PageNumbers
})

/**
 * v1 `metadata` as contacts and contact conversations send it:
 * `{pagination: {total_pages, current_page}}`.
 */
export type V1NestedMetadata = typeof V1NestedMetadata.Type

/**
 * The v1 list envelope `{data: {results, metadata}}`. `metadata` is flat on
 * calls and nested under `pagination` on contacts and conversations; either
 * may be null, and so may `results`.
 */
export const V1PageEnvelope = <S extends Schema.Top>(item: S) =>
  Schema.Struct({
    data: Schema.Struct({
      results: Nullable(Schema.Array(item)),
      metadata: Nullable(Schema.Struct({
        total_pages: Optional(Schema.Number),
        current_page: Optional(Schema.Number),
        pagination: Nullable(V1PageNumbers)
      }))
    })
  })

/** The v2 list envelope `{data, pagination}`. */
export const V2PageEnvelope = <S extends Schema.Top>(item: S) =>
  Schema.Struct({
    data: Nullable(Schema.Array(item)),
    pagination: Nullable(PaginationInfo)
  })
