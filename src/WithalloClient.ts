/**
 * The one place that speaks HTTP to Allo: authentication, timeouts, retries,
 * pacing and the mapping of every failure onto the tagged error union. Every
 * resource service describes its requests and hands them to this client.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import { classifyResponse } from "./internal/errorBody.js"
import { type Pacer, type RequestKind, unpaced } from "./internal/pacer.js"
import { withRetries } from "./internal/retry.js"
import { retryAfterDelay } from "./internal/retryAfter.js"
import { DEFAULT_BASE_URL, type WithalloOptions } from "./internal/options.js"
import { userAgent as sdkUserAgent } from "./internal/version.js"
import { keyIdOf, RateLimitStore } from "./RateLimitStore.js"
import { ResponseDecodeError, TimeoutError, TransportError, type WithalloError } from "./WithalloError.js"

export type { WithalloOptions } from "./internal/options.js"
// Re-exported for the main entry; a bundle that does not use it drops the
// module, and with it effect's Config and ConfigProvider.
export { optionsConfig } from "./internal/config.js"

/** An HTTP method Allo uses. */
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE"

/** A query value; `undefined` leaves the parameter out. */
export type QueryValue = string | number | boolean | ReadonlyArray<string> | undefined

/** One request to Allo, as a resource service describes it. */
export interface RequestSpec<A> {
  /** `Service.method`, used in error messages and logs. */
  readonly operation: string
  readonly method: Method
  /** Full path including the version prefix, e.g. `/v1/api/calls`. */
  readonly path: string
  readonly query?: Readonly<Record<string, QueryValue>> | undefined
  /** Sent as JSON. */
  readonly body?: unknown
  /** Sent as `Idempotency-Key` on every attempt. */
  readonly idempotencyKey?: string | undefined
  /** Mint an `Idempotency-Key` for this call when none is given (v2 writes). */
  readonly mintIdempotencyKey?: boolean | undefined
  /** A POST that only reads (searches, batch gets): paced as a write, retried like a read. */
  readonly readOnly?: boolean | undefined
  /** Schema of the whole JSON body (`Schema.Void` for 204, `Schema.Unknown` to ignore it). */
  readonly response: Schema.Decoder<A>
}

/** The shared HTTP core every resource service uses. */
export interface Service {
  /** Executes one request (paced, timed out, retried) and decodes its body. */
  readonly request: <A>(spec: RequestSpec<A>) => Effect.Effect<A, WithalloError>
}

/** The shared HTTP core: requires only `HttpClient.HttpClient`. */
export class WithalloClient extends Context.Service<WithalloClient, Service>()("effect-withallo/WithalloClient") {
  /** Builds the client from options. */
  static readonly layer = (options: WithalloOptions): Layer.Layer<WithalloClient, never, HttpClient.HttpClient> =>
    Layer.effect(WithalloClient, make(options))
}

const DEFAULT_RATE_LIMIT = { readsPerSecond: 20, writesPerSecond: 5 }

/** Reads a body as JSON; an empty body (204) reads as `undefined`. */
const parseJson = (text: string): Result.Result<unknown, unknown> => {
  if (text.trim() === "") return Result.succeed(undefined)
  try {
    return Result.succeed(JSON.parse(text))
  } catch (cause) {
    return Result.fail(cause)
  }
}

/** Path segments that are phone numbers stay out of spans and logs. */
const routeOf = (path: string): string => path.replace(/\/(?:%2B|\+)?\d{5,}(?=\/|$)/gi, "/{number}")

const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return url
  }
}

const mintKey = (): string => globalThis.crypto.randomUUID()

/** Builds the client service. */
export const make = Effect.fnUntraced(function*(options: WithalloOptions) {
  const httpClient = yield* HttpClient.HttpClient
  const baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, "")
  const host = hostOf(baseUrl)
  const timeout = Duration.fromInputUnsafe(options.timeout ?? Duration.seconds(30))
  const maxRetries = options.maxRetries ?? 3
  const maxRetryAfter = Duration.fromInputUnsafe(options.maxRetryAfter ?? Duration.seconds(60))
  const rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit
  const pacer: Pacer = rateLimit === false
    ? unpaced
    : yield* (yield* RateLimitStore).make({ limits: rateLimit, keyId: keyIdOf(Redacted.value(options.apiKey)) })
  const authorization = options.authScheme === "raw"
    ? Redacted.value(options.apiKey)
    : `Api-Key ${Redacted.value(options.apiKey)}`
  const baseHeaders = Headers.fromInput({
    authorization,
    accept: "application/json",
    "user-agent": options.userAgent === undefined ? sdkUserAgent : `${sdkUserAgent} ${options.userAgent}`
  })
  // The operation span (Effect.fn in each service) carries what is safe to
  // record; effect/http's own span would add the full URL, whose query holds
  // phone numbers.
  const client = httpClient.pipe(
    HttpClient.mapRequest(HttpClientRequest.prependUrl(baseUrl)),
    HttpClient.transform((effect) => Effect.provideService(effect, HttpClient.TracerDisabledWhen, () => true))
  )

  const toTransportError = (operation: string, error: HttpClientError.HttpClientError): TransportError => {
    const reason = error.reason
    const description = "description" in reason && typeof reason.description === "string"
      ? reason.description
      : reason._tag
    return new TransportError({
      message: `${operation}: could not reach ${host}: ${description}`,
      cause: new Error(description)
    })
  }

  const learn = (kind: RequestKind, response: HttpClientResponse.HttpClientResponse) => {
    const remaining = response.headers["x-ratelimit-remaining"]
    const reset = response.headers["x-ratelimit-reset"]
    if (remaining === undefined || reset === undefined) return Effect.void
    const r = Number(remaining)
    const t = Number(reset)
    return Number.isFinite(r) && Number.isFinite(t) ? pacer.learn(kind, r, t) : Effect.void
  }

  const retryAfterOf = (response: HttpClientResponse.HttpClientResponse) =>
    Effect.clockWith((clock) =>
      Effect.sync(() => {
        const raw = response.headers["retry-after"]
        return raw === undefined ? undefined : retryAfterDelay(raw, clock.currentTimeMillisUnsafe())
      })
    )

  const attempt = <A>(
    spec: RequestSpec<A>,
    request: HttpClientRequest.HttpClientRequest,
    kind: RequestKind,
    attempts: { count: number; status: number; requestId: string | undefined }
  ): Effect.Effect<A, WithalloError> =>
    Effect.gen(function*() {
      yield* pacer.take(kind)
      attempts.count++
      const exchange = Effect.flatMap(client.execute(request), (response) =>
        Effect.map(response.text, (bodyText) => ({ response, bodyText })))
      const { bodyText, response } = yield* exchange.pipe(
        Effect.mapError((error) => toTransportError(spec.operation, error)),
        Effect.timeoutOrElse({
          duration: timeout,
          orElse: () =>
            Effect.fail(
              new TimeoutError({
                message: `${spec.operation}: no complete response from ${host} within ${Duration.format(timeout)}`,
                timeout
              })
            )
        })
      )
      attempts.status = response.status
      const requestIdHeader = response.headers["x-request-id"]
      attempts.requestId = requestIdHeader
      yield* learn(kind, response)
      if (response.status < 200 || response.status >= 300) {
        const retryAfterHeader = response.status === 429 ? yield* retryAfterOf(response) : undefined
        return yield* Effect.fail(classifyResponse({
          operation: spec.operation,
          status: response.status,
          bodyText,
          requestIdHeader,
          retryAfterHeader
        }))
      }
      const decodeFailure = (cause: unknown, what: string) =>
        new ResponseDecodeError({
          status: response.status,
          message: `${spec.operation}: ${what}`,
          cause,
          ...(requestIdHeader === undefined ? {} : { requestId: requestIdHeader })
        })
      const json = parseJson(bodyText)
      if (Result.isFailure(json)) {
        return yield* Effect.fail(decodeFailure(json.failure, "response body is not JSON"))
      }
      const decoded = Schema.decodeUnknownResult(spec.response)(json.success)
      if (Result.isFailure(decoded)) {
        return yield* Effect.fail(
          decodeFailure(decoded.failure, `response did not match the expected shape: ${decoded.failure.message}`)
        )
      }
      return decoded.success
    })

  const request = <A>(spec: RequestSpec<A>): Effect.Effect<A, WithalloError> =>
    Effect.suspend(() => {
      const kind: RequestKind = spec.method === "GET" ? "read" : "write"
      const idempotencyKey = spec.idempotencyKey ?? (spec.mintIdempotencyKey === true ? mintKey() : undefined)
      let headers = baseHeaders
      if (idempotencyKey !== undefined) headers = Headers.set(headers, "idempotency-key", idempotencyKey)
      let req = HttpClientRequest.make(spec.method)(spec.path, { headers })
      if (spec.query !== undefined) {
        for (const [key, value] of Object.entries(spec.query)) {
          if (value === undefined) continue
          req = HttpClientRequest.setUrlParam(
            req,
            key,
            typeof value === "string" ? value : Array.isArray(value) ? value.join(",") : String(value)
          )
        }
      }
      if (spec.body !== undefined) req = HttpClientRequest.bodyText(req, JSON.stringify(spec.body), "application/json")
      const attempts = { count: 0, status: 0, requestId: undefined as string | undefined }
      const policy = {
        operation: spec.operation,
        maxRetries,
        maxRetryAfter,
        mayHaveReachedServerIsSafe: kind === "read" || spec.readOnly === true || idempotencyKey !== undefined
      }
      return withRetries(policy, attempt(spec, req, kind, attempts)).pipe(
        Effect.ensuring(Effect.suspend(() =>
          Effect.annotateCurrentSpan({
            "http.request.method": spec.method,
            "http.route": routeOf(spec.path),
            "http.response.status_code": attempts.status,
            "withallo.attempts": attempts.count,
            ...(attempts.requestId === undefined ? {} : { "withallo.request_id": attempts.requestId })
          })
        ))
      )
    })

  return WithalloClient.of({ request })
})
