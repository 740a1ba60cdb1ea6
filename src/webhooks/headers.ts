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

const isObject = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

const isHeadersLike = (headers: object): headers is HeadersLike =>
  "get" in headers && typeof headers.get === "function"

/** A record value as text: arrays (repeated headers) joined; anything not text ignored. */
const fromRecordValue = (value: unknown): string | undefined => {
  if (typeof value === "string") return value
  if (!Array.isArray(value)) return undefined
  const texts = value.filter((part): part is string => typeof part === "string")
  return texts.length === 0 ? undefined : texts.join(" ")
}

/**
 * One header's value, or `undefined` when absent or empty. Repeated headers
 * (an array in Node) are joined with a space, which is how several
 * `webhook-signature` entries are separated anyway.
 *
 * Anything that is not one of the accepted shapes (a JavaScript caller's
 * `undefined`) reads as no headers.
 *
 * @param name lower-case header name
 */
export const readHeader = (headers: WebhookHeaders | unknown, name: string): string | undefined => {
  if (!isObject(headers)) return undefined
  let value: string | undefined
  if (isHeadersLike(headers)) {
    value = fromRecordValue(headers.get(name))
  } else {
    const record = headers
    value = fromRecordValue(record[name])
    if (value === undefined) {
      for (const key of Object.keys(record)) {
        if (key.toLowerCase() === name) {
          value = fromRecordValue(record[key])
          break
        }
      }
    }
  }
  return value === undefined || value.trim() === "" ? undefined : value
}
