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
import * as Option from "effect/Option"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as Headers from "effect/http/Headers"
import * as HttpBody from "effect/http/HttpBody"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientError from "effect/http/HttpClientError"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import type * as HttpClientResponse from "effect/http/HttpClientResponse"
import * as UrlParams from "effect/http/UrlParams"
import { makeDeadlines } from "./internal/deadlines.js"
import { classifyResponse } from "./internal/errorBody.js"
import { describe } from "./internal/describe.js"
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

// The synchronous decoder takes a schema's compiled path when effect's schema
// JIT is on for it (the list schemas turn it on: a 100-call page is the hot
// path of every export) and runs no fiber; it throws on invalid input, so only
// a failure is decoded again through `decodeUnknownResult`, for its issue.
const decodeResponse = <A>(schema: Schema.Decoder<A>, input: unknown): Result.Result<A, Schema.SchemaError> => {
  try {
    return Result.succeed(Schema.decodeUnknownSync(schema)(input))
  } catch {
    return Schema.decodeUnknownResult(schema)(input)
  }
}

/** A system error code (`ECONNREFUSED`, `ENOTFOUND`…) on an error or its cause. */
const systemCode = (u: unknown): string | undefined => {
  for (let e = u, depth = 0; typeof e === "object" && e !== null && depth < 4; depth++) {
    if ("code" in e && typeof e.code === "string") return e.code
    e = "cause" in e ? e.cause : undefined
  }
  return undefined
}

/** `fetch failed: bad port`: an error's message and its causes'. */
const messagesOf = (error: Error): string => {
  const parts: Array<string> = []
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    if (e.message !== "" && !parts.includes(e.message)) parts.push(e.message)
    e = e.cause
  }
  return parts.join(": ")
}

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
  // The operation span (one per service method) carries what is safe to
  // record; effect/http's own span would add the full URL, whose query holds
  // phone numbers. `withScope`: each attempt's request is aborted by closing
  // the attempt's scope, which is how its deadline is enforced.
  const client = httpClient.pipe(
    HttpClient.transform((effect) => Effect.provideService(effect, HttpClient.TracerDisabledWhen, () => true)),
    HttpClient.withScope
  )
  const deadlines = yield* makeDeadlines(timeout, yield* Effect.scope)

  const toTransportError = (operation: string, error: HttpClientError.HttpClientError): TransportError => {
    const reason = error.reason
    // The transport's own error (fetch's TypeError, whose cause carries
    // ECONNREFUSED / ENOTFOUND…) is kept; the HttpClientError itself is not,
    // since it holds the request URL and its query holds phone numbers.
    const underlying = "cause" in reason ? reason.cause : undefined
    const code = systemCode(underlying)
    const description = "description" in reason && typeof reason.description === "string"
      ? reason.description
      : underlying instanceof Error
      ? messagesOf(underlying)
      : reason._tag
    return new TransportError({
      operation,
      message: describe(operation, `could not reach ${host}:`, code === undefined ? description : `${code} (${description})`),
      cause: underlying instanceof Error ? underlying : new Error(description)
    })
  }

  /** What the server said about its window, if anything (`undefined`: nothing to learn). */
  const learn = (kind: RequestKind, headers: Headers.Headers): Effect.Effect<void> | undefined => {
    const remaining = headers["x-ratelimit-remaining"]
    const reset = headers["x-ratelimit-reset"]
    if (remaining === undefined || reset === undefined) return undefined
    const r = Number(remaining)
    const t = Number(reset)
    return Number.isFinite(r) && Number.isFinite(t) ? pacer.learn(kind, r, t) : undefined
  }

  const timeoutError = (operation: string) =>
    new TimeoutError({
      operation,
      message: describe(operation, `no complete response from ${host} within ${Duration.format(timeout)}`),
      timeout
    })

  /**
   * One exchange: headers and the whole body, within the timeout. Past its
   * deadline the attempt's scope is closed, which aborts the request; the
   * transport's resulting failure is reported as the timeout it is.
   */
  const exchange = (operation: string, request: HttpClientRequest.HttpClientRequest) =>
    deadlines.within((scope, deadline) =>
      client.execute(request).pipe(
        Effect.flatMap((response) => Effect.map(response.text, (bodyText) => ({ response, bodyText }))),
        Effect.provideService(Scope.Scope, scope),
        Effect.mapError((error): TransportError | TimeoutError =>
          deadline.expired ? timeoutError(operation) : toTransportError(operation, error)
        )
      )
    )

  /** The outcome of an answered request: the decoded body, or the classified error. */
  const outcome = <A>(
    spec: RequestSpec<A>,
    response: HttpClientResponse.HttpClientResponse,
    headers: Headers.Headers,
    bodyText: string
  ): Effect.Effect<A, WithalloError> => {
    const requestIdHeader = headers["x-request-id"]
    if (response.status < 200 || response.status >= 300) {
      const failure = (retryAfterHeader: Duration.Duration | undefined) =>
        classifyResponse({ operation: spec.operation, status: response.status, bodyText, requestIdHeader, retryAfterHeader })
      const retryAfter = response.status === 429 ? headers["retry-after"] : undefined
      return retryAfter === undefined
        ? Effect.fail(failure(undefined))
        : Effect.clockWith((clock) => Effect.fail(failure(retryAfterDelay(retryAfter, clock.currentTimeMillisUnsafe()))))
    }
    const decodeFailure = (cause: unknown, what: string) =>
      Effect.fail(
        new ResponseDecodeError({
          operation: spec.operation,
          status: response.status,
          message: describe(spec.operation, what),
          cause,
          ...(requestIdHeader === undefined ? {} : { requestId: requestIdHeader })
        })
      )
    const json = parseJson(bodyText)
    if (Result.isFailure(json)) return decodeFailure(json.failure, "response body is not JSON")
    const decoded = decodeResponse(spec.response, json.success)
    return Result.isFailure(decoded)
      ? decodeFailure(decoded.failure, `response did not match the expected shape: ${decoded.failure.message}`)
      : Effect.succeed(decoded.success)
  }

  const attempt = <A>(
    spec: RequestSpec<A>,
    request: HttpClientRequest.HttpClientRequest,
    kind: RequestKind,
    attempts: { count: number; status: number; requestId: string | undefined }
  ): Effect.Effect<A, WithalloError> =>
    Effect.andThen(
      pacer.take(kind),
      Effect.suspend(() => {
        attempts.count++
        return Effect.flatMap(exchange(spec.operation, request), ({ bodyText, response }) => {
          // `response.headers` converts the Web headers on every access: once.
          const headers = response.headers
          attempts.status = response.status
          attempts.requestId = headers["x-request-id"]
          const result = outcome(spec, response, headers, bodyText)
          const learned = learn(kind, headers)
          return learned === undefined ? result : Effect.andThen(learned, result)
        })
      })
    )

  const request = <A>(spec: RequestSpec<A>): Effect.Effect<A, WithalloError> =>
    Effect.suspend(() => {
      const kind: RequestKind = spec.method === "GET" ? "read" : "write"
      const idempotencyKey = spec.idempotencyKey ?? (spec.mintIdempotencyKey === true ? mintKey() : undefined)
      let headers = baseHeaders
      if (idempotencyKey !== undefined) headers = Headers.set(headers, "idempotency-key", idempotencyKey)
      if (spec.body !== undefined) headers = Headers.set(headers, "content-type", "application/json")
      const req = HttpClientRequest.makeWith(
        spec.method,
        baseUrl + spec.path,
        spec.query === undefined ? UrlParams.empty : UrlParams.fromInput(queryParams(spec.query)),
        Option.none(),
        headers,
        spec.body === undefined ? HttpBody.empty : HttpBody.text(JSON.stringify(spec.body), "application/json")
      )
      const attempts = { count: 0, status: 0, requestId: undefined as string | undefined }
      const policy = {
        operation: spec.operation,
        maxRetries,
        maxRetryAfter,
        mayHaveReachedServerIsSafe: kind === "read" || idempotencyKey !== undefined
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
