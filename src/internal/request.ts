/**
 * Turning a request description into the `HttpClientRequest` that is sent:
 * URL, query, headers (auth, accept, user agent, idempotency key) and JSON
 * body. Built once per call; every retry sends the same request.
 *
 * @internal
 */
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Headers from "effect/http/Headers"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as UrlParams from "effect/http/UrlParams"
import type { ResolvedOptions } from "./options.js"
import { userAgent as sdkUserAgent } from "./version.js"

/** An HTTP method Allo uses. */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/** A query value; `undefined` leaves the parameter out. */
export type QueryValue = string | number | boolean | ReadonlyArray<string> | undefined

/** What is sent, before the SDK adds its headers. */
export interface Outgoing {
  readonly method: Method
  /** Full path including the version prefix, e.g. `/v1/api/calls`. */
  readonly path: string
  readonly query?: Readonly<Record<string, QueryValue>> | undefined
  /** Sent as JSON. */
  readonly body?: unknown
}

/** The headers every request carries, from the resolved options. */
export const baseHeaders = (options: ResolvedOptions): Headers.Headers =>
  Headers.fromInput({
    authorization: options.authScheme === "raw" ? Redacted.value(options.apiKey) : `Api-Key ${Redacted.value(options.apiKey)}`,
    accept: "application/json",
    "user-agent": options.userAgent === undefined ? sdkUserAgent : `${sdkUserAgent} ${options.userAgent}`
  })

/** Query parameters in order, `undefined` left out, arrays comma-joined. */
const queryParams = (query: Readonly<Record<string, QueryValue>>): Array<[string, string]> => {
  const out: Array<[string, string]> = []
  for (const key in query) {
    const value = query[key]
    if (value === undefined) continue
    out.push([key, typeof value === "string" ? value : Array.isArray(value) ? value.join(",") : String(value)])
  }
  return out
}

/**
 * The request as sent, with `idempotencyKey` (if any) as `Idempotency-Key`.
 * The key is a separate argument so the caller's description is read as it
 * is, never copied (a spread of it measured ~1 µs per request).
 */
export const buildRequest = (
  baseUrl: string,
  headers: Headers.Headers,
  outgoing: Outgoing,
  idempotencyKey: string | undefined
): HttpClientRequest.HttpClientRequest => {
  let h = headers
  if (idempotencyKey !== undefined) h = Headers.set(h, "idempotency-key", idempotencyKey)
  if (outgoing.body !== undefined) h = Headers.set(h, "content-type", "application/json")
  return HttpClientRequest.makeWith(
    outgoing.method,
    baseUrl + outgoing.path,
    outgoing.query === undefined ? UrlParams.empty : UrlParams.fromInput(queryParams(outgoing.query)),
    Option.none(),
    h,
    outgoing.body === undefined ? HttpBody.empty : HttpBody.text(JSON.stringify(outgoing.body), "application/json")
  )
}

/** Path segments that are phone numbers stay out of spans and logs. */
export const routeOf = (path: string): string => path.replace(/\/(?:%2B|\+)?\d{5,}(?=\/|$)/gi, "/{number}")

/** The host of a base URL, for messages. */
export const hostOf = (url: string): string => (URL.canParse(url) ? new URL(url).host : url)
