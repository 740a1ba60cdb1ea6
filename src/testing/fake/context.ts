/**
 * What a route handler gets (the parsed request and the store) and the small
 * helpers the handlers share: query parsing and the two pagination schemes.
 *
 * @since 0.1.0
 */
import { type ApiVersion, badRequest, type Reply } from "./errors.js"
import type { KeyRecord, Store } from "./store.js"

/** A webhook-worthy event a handler raised; the pipeline turns it into deliveries. */
export interface RaisedEvent {
  readonly v1Topic: string
  readonly v2Topic: string
  /** Only v1 webhooks on this number receive it (`undefined`: all v1 webhooks). */
  readonly alloNumber?: string | undefined
  readonly v1Data: unknown
  readonly v2Data: unknown
}

/** One parsed request, as a handler sees it. */
export interface Ctx {
  readonly store: Store
  readonly method: string
  readonly path: string
  readonly params: Readonly<Record<string, string>>
  readonly query: URLSearchParams
  /** The parsed JSON body (`undefined` when none). */
  readonly body: unknown
  readonly version: ApiVersion
  readonly key: KeyRecord
  /** Fake wall time for new records: the seed's anchor plus the clock time elapsed. */
  readonly nowMs: number
  readonly events: Array<RaisedEvent>
  /** The key's per-second limits, as `/v2/api/me` reports them. */
  readonly rateLimits: { readonly read_per_second: number; readonly write_per_second: number }
}

/** A route: method, path pattern, required scope and handler. */
export interface Route {
  readonly method: string
  readonly pattern: string
  readonly scope: string | null
  readonly handler: (ctx: Ctx) => Reply
}

/** Whether a JSON value is an object (not an array). */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** A plain JSON object, or `undefined`. */
export const asObject = (u: unknown): Readonly<Record<string, unknown>> | undefined => (isRecord(u) ? u : undefined)

/** A string field, or `undefined`. */
export const str = (o: Readonly<Record<string, unknown>> | undefined, field: string): string | undefined => {
  const v = o?.[field]
  return typeof v === "string" ? v : undefined
}

/** A string-array field, or `undefined`. */
export const strings = (o: Readonly<Record<string, unknown>> | undefined, field: string): ReadonlyArray<string> | undefined => {
  const v = o?.[field]
  return Array.isArray(v) && v.every((x): x is string => typeof x === "string") ? v : undefined
}

/** A page request after validation. */
export interface PageParams {
  readonly page: number
  readonly size: number
}

const intOf = (raw: unknown): number | undefined => {
  if (typeof raw === "number") return Number.isInteger(raw) ? raw : undefined
  if (typeof raw !== "string" || !/^-?\d+$/.test(raw.trim())) return undefined
  return Number(raw)
}

/**
 * Reads `page`/`size` (query or body): v1 pages start at 0 and default to 10
 * per page, v2 pages start at 1 and default to 20. Size must be 1–100.
 */
export const pageParams = (
  version: ApiVersion,
  rawPage: unknown,
  rawSize: unknown
): PageParams | Reply => {
  const first = version === "v1" ? 0 : 1
  const size = rawSize === undefined || rawSize === null ? (version === "v1" ? 10 : 20) : intOf(rawSize)
  if (size === undefined || size < 1 || size > 100) {
    return badRequest(version, "INVALID_PAGE_SIZE", "size must be an integer between 1 and 100.", "size")
  }
  const page = rawPage === undefined || rawPage === null ? first : intOf(rawPage)
  if (page === undefined || page < first) {
    return badRequest(version, "INVALID_REQUEST_BODY", `page must be an integer >= ${first}.`, "page")
  }
  return { page, size }
}

/** Whether a value is a reply (validation failed) rather than parameters. */
export const isReply = (u: PageParams | Reply): u is Reply => "status" in u

/** Total pages for a count (0 when there is nothing). */
export const totalPages = (count: number, size: number): number => Math.ceil(count / size)

/** The v2 pagination object. */
export const v2Pagination = (params: PageParams, totalCount: number): Record<string, unknown> => {
  const pages = totalPages(totalCount, params.size)
  return { page: params.page, size: params.size, total_count: totalCount, total_pages: pages, has_more: params.page < pages }
}

/** Loose E.164: `+` then 6–15 digits (Allo's own examples use `+0…` placeholders). */
export const isPhone = (value: string): boolean => /^\+\d{6,15}$/.test(value)
