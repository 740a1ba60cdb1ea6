/**
 * Reading request headers from whatever a framework hands over: a plain
 * record (Node's `IncomingHttpHeaders`, effect's `Headers`), or a web
 * `Headers` object. Names are matched case-insensitively.
 *
 * @since 0.1.0
 */

/** A web-standard `Headers`-like object (`Request.headers`, Hono, Bun, Deno). */
export interface HeadersLike {
  readonly get: (name: string) => string | null | undefined
}

/** A plain header record; Node's `IncomingHttpHeaders` and effect's `Headers` fit. */
export type HeaderRecord = Readonly<Record<string, string | ReadonlyArray<string> | undefined>>

/** Request headers in any of the accepted shapes. */
export type WebhookHeaders = HeadersLike | HeaderRecord

const isHeadersLike = (headers: WebhookHeaders): headers is HeadersLike =>
  "get" in headers && typeof headers.get === "function"

const fromRecordValue = (value: string | ReadonlyArray<string> | undefined): string | undefined =>
  value === undefined ? undefined : typeof value === "string" ? value : value.join(" ")

/**
 * One header's value, or `undefined` when absent or empty. Repeated headers
 * (an array in Node) are joined with a space, which is how several
 * `webhook-signature` entries are separated anyway.
 *
 * @param name lower-case header name
 */
export const readHeader = (headers: WebhookHeaders, name: string): string | undefined => {
  let value: string | undefined
  if (isHeadersLike(headers)) {
    value = headers.get(name) ?? undefined
  } else {
    value = fromRecordValue(headers[name])
    if (value === undefined) {
      for (const key of Object.keys(headers)) {
        if (key.toLowerCase() === name) {
          value = fromRecordValue(headers[key])
          break
        }
      }
    }
  }
  return value === undefined || value.trim() === "" ? undefined : value
}
