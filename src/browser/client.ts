/**
 * The browser side of the transport: a `WithalloClient` that sends each
 * operation (its name and arguments) to the app's browser server instead of
 * Allo, and reads back Allo's response or the typed error. The services on
 * top of it are the SDK's own (`Sms.layer`, `Calls.layer`, …), so the same
 * Effect code runs in the browser; arguments are still checked here before
 * anything is sent, and again on the server.
 *
 * Nothing here knows Allo's address or the API key.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { WithalloClient } from "../internal/clientKey.js"
import { describe } from "../internal/describe.js"
import type { RequestSpec, Service } from "../WithalloClient.js"
import { ResponseDecodeError, ServerError, TransportError, type WithalloError } from "../WithalloError.js"
import { CALL_PATH, decodeError, readReply } from "./protocol.js"

/** Where the browser server is and how to reach it. */
export interface BrowserOptions {
  /** Where the server's routes are mounted, e.g. `/api/withallo` (same origin) or a full URL. */
  readonly url: string
  /** Headers sent with every request (e.g. `authorization`), or a function read before each one. */
  readonly headers?: Readonly<Record<string, string>> | (() => Readonly<Record<string, string>>) | undefined
  /** `fetch`'s `credentials`: whether cookies go along. Default `"same-origin"`. */
  readonly credentials?: RequestCredentials | undefined
  /** Default `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch | undefined
}

/** `url` + `path`, without a doubled slash. */
export const routeUrl = (url: string, path: string): string => `${url.replace(/\/+$/, "")}${path}`

/** The headers of one request. */
export const headersOf = (options: BrowserOptions, extra: Readonly<Record<string, string>>): Record<string, string> => ({
  ...(typeof options.headers === "function" ? options.headers() : options.headers),
  ...extra
})

const unreachable = (operation: string, url: string, cause: unknown) =>
  new TransportError({ operation, message: describe(operation, `could not reach the browser server at ${url}`), cause })

const noAnswer = (operation: string, status: number) =>
  new ServerError({
    operation,
    status,
    message: describe(operation, `the browser server answered ${status} without a Withallo answer`)
  })

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The client service: one `fetch` per operation, no retries (the server retries Allo). */
export const make = (options: BrowserOptions): Service => {
  const url = routeUrl(options.url, CALL_PATH)
  const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))

  const request = <A>(spec: RequestSpec<A>): Effect.Effect<A, WithalloError> =>
    Effect.gen(function*() {
      const operation = spec.operation
      const body = JSON.stringify({ operation, input: spec.input ?? {} })
      const response = yield* Effect.tryPromise({
        try: (signal) =>
          fetch(url, {
            method: "POST",
            body,
            signal,
            credentials: options.credentials ?? "same-origin",
            headers: headersOf(options, { "content-type": "application/json", accept: "application/json" })
          }),
        catch: (cause) => unreachable(operation, url, cause)
      })
      const text = yield* Effect.tryPromise({ try: () => response.text(), catch: (cause) => unreachable(operation, url, cause) })
      const answer = readReply(parse(text))
      if (answer === undefined) return yield* noAnswer(operation, response.status)
      if (answer._tag === "Failure") return yield* (decodeError(answer.error) ?? noAnswer(operation, response.status))
      const decoded = Schema.decodeUnknownResult(spec.response)(answer.value)
      if (Result.isSuccess(decoded)) return decoded.success
      return yield* new ResponseDecodeError({
        operation,
        status: response.status,
        message: describe(operation, "the response does not match the documented shape:", decoded.failure.message),
        cause: decoded.failure
      })
    })

  return { request }
}

/** The client as the `WithalloClient` service. */
export const client = (options: BrowserOptions) => WithalloClient.of(make(options))
