/**
 * The one place that speaks HTTP to Allo: authentication, timeouts, retries,
 * pacing and the mapping of every failure onto the tagged error union. Every
 * resource service describes its requests (see `Endpoint`) and hands them to
 * this client. `make` is wiring only: options are resolved in
 * `internal/options`, requests built in `internal/request`, answers
 * classified in `internal/classify`, transport failures mapped in
 * `internal/transportError`, retries decided in `internal/retry`.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import * as Scope from "effect/Scope"
import * as Tracer from "effect/Tracer"
import type * as Headers from "effect/http/Headers"
import * as HttpClient from "effect/http/HttpClient"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import { classify } from "./internal/classify.js"
import { WithalloClient as ClientKey } from "./internal/clientKey.js"
import { makeDeadlines } from "./internal/deadlines.js"
import { describe } from "./internal/describe.js"
import { resolveOptions, type WithalloOptions } from "./internal/options.js"
import { type Pacer, type RequestKind, unpaced } from "./pacing/pacer.js"
import { baseHeaders, buildRequest, hostOf, type Method, type QueryValue, routeOf } from "./internal/request.js"
import { withRetries } from "./internal/retry.js"
import { toTransportError } from "./internal/transportError.js"
import { keyIdOf, RateLimitStore } from "./pacing/RateLimitStore.js"
import { TimeoutError, type TransportError, type ValidationError, type WithalloError } from "./WithalloError.js"

export type { WithalloOptions } from "./internal/options.js"
export type { Method, QueryValue } from "./internal/request.js"
// Re-exported for the main entry; a bundle that does not use it drops the
// module, and with it effect's Config and ConfigProvider.
export { optionsConfig } from "./internal/config.js"

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
  /**
   * The operation's decoded arguments by name, as `Endpoint` built this
   * request from them. This client ignores them; the browser transport sends
   * them with `operation` to the app's server instead of this request, and
   * the server decodes them again with the same endpoint and builds the
   * request itself, so a browser never chooses a path, a method or a header.
   */
  readonly input?: Readonly<Record<string, unknown>> | undefined
}

/** The shared HTTP core every resource service uses. */
export interface Service {
  /** Executes one request (paced, timed out, retried) and decodes its body. */
  readonly request: <A>(spec: RequestSpec<A>) => Effect.Effect<A, WithalloError>
}

/**
 * The shared HTTP core: requires only `HttpClient.HttpClient`. The key itself
 * lives in `internal/clientKey` (services import it from there), so a program
 * that provides the client another way bundles none of the code below.
 */
export class WithalloClient extends ClientKey {
  /**
   * Builds the client from options. Bad options (a non-positive rate, an
   * unreadable timeout, an empty key) fail the layer with a `ValidationError`
   * naming each one.
   */
  static readonly layer = (options: WithalloOptions): Layer.Layer<WithalloClient, ValidationError, HttpClient.HttpClient> =>
    Layer.effect(WithalloClient, make(options))
}

const mintKey = (): string => globalThis.crypto.randomUUID()

const tracerDisabled = (): boolean => true

/**
 * The span while it is still open: a request run after its span ended (say,
 * forked and detached) writes nothing onto it, as `annotateCurrentSpan` does.
 */
const open = (span: Tracer.Span | undefined): Tracer.Span | undefined =>
  span !== undefined && span.status._tag !== "Ended" ? span : undefined

/** One call's attempts so far, and the span they are recorded on. */
interface Attempts {
  count: number
  readonly span: Tracer.Span | undefined
}

/** Builds the client service. */
export const make = Effect.fnUntraced(function*(input: WithalloOptions) {
  const resolved = resolveOptions(input)
  if (Result.isFailure(resolved)) return yield* resolved.failure
  const options = resolved.success
  const httpClient = yield* HttpClient.HttpClient
  const host = hostOf(options.baseUrl)
  const secret = Redacted.value(options.apiKey)
  const pacer: Pacer = options.rateLimit === false
    ? unpaced
    : yield* (yield* RateLimitStore).make({ limits: options.rateLimit, keyId: keyIdOf(secret) })
  const headers = baseHeaders(options)
  // `withScope`: each attempt's request is aborted by closing the attempt's
  // scope, which is how its deadline is enforced.
  const client = HttpClient.withScope(httpClient)
  const deadlines = yield* makeDeadlines(options.timeout, yield* Effect.scope)

  /** What the server said about its window, if anything (`undefined`: nothing to learn). */
  const learn = (kind: RequestKind, h: Headers.Headers): Effect.Effect<void> | undefined => {
    const remaining = h["x-ratelimit-remaining"]
    const reset = h["x-ratelimit-reset"]
    if (remaining === undefined || reset === undefined) return undefined
    const r = Number(remaining)
    const t = Number(reset)
    return Number.isFinite(r) && Number.isFinite(t) ? pacer.learn(kind, r, t) : undefined
  }

  /**
   * One exchange: headers and the whole body, within the timeout. Past its
   * deadline the attempt's scope is closed, which aborts the request; the
   * transport's resulting failure is reported as the timeout it is.
   */
  const exchange = (operation: string, request: HttpClientRequest.HttpClientRequest) =>
    deadlines.within((scope, deadline) =>
      client.execute(request).pipe(
        Effect.flatMap((response) => Effect.map(response.text, (bodyText) => ({ response, bodyText }))),
        // In one step: the attempt's scope, and effect/http's own span turned
        // off. The operation span (one per service method) carries what is
        // safe to record; effect/http's would add the full URL, whose query
        // holds phone numbers.
        Effect.updateContext((context: Context.Context<never>) =>
          Context.add(Context.add(context, HttpClient.TracerDisabledWhen, tracerDisabled), Scope.Scope, scope)
        ),
        Effect.mapError((error): TransportError | TimeoutError =>
          deadline.expired
            ? new TimeoutError({
              operation,
              message: describe(operation, `no complete response from ${host} within ${Duration.format(options.timeout)}`),
              timeout: options.timeout
            })
            : toTransportError(operation, host, error)
        )
      )
    )

  // Unpaced (`rateLimit: false`), there is nothing to wait for or learn: no step.
  const take = pacer === unpaced ? undefined : pacer.take

  const attempt = <A>(
    spec: RequestSpec<A>,
    request: HttpClientRequest.HttpClientRequest,
    kind: RequestKind,
    attempts: Attempts
  ) => {
    const run = Effect.suspend(() => {
      attempts.count++
      open(attempts.span)?.attribute("withallo.attempts", attempts.count)
      return Effect.flatMap(exchange(spec.operation, request), ({ bodyText, response }) => {
        const settle = (nowMillis: number) => {
          // `response.headers` converts the Web headers on every access: once.
          const h = response.headers
          const requestId = h["x-request-id"]
          const span = open(attempts.span)
          if (span !== undefined) {
            span.attribute("http.response.status_code", response.status)
            if (requestId !== undefined) span.attribute("withallo.request_id", requestId)
          }
          const outcome = classify({
            operation: spec.operation,
            status: response.status,
            requestId,
            retryAfter: h["retry-after"],
            bodyText,
            nowMillis,
            secret
          }, spec.response)
          const result = Result.isSuccess(outcome) ? Effect.succeed(outcome.success) : Effect.fail(outcome.failure)
          const learned = take === undefined ? undefined : learn(kind, h)
          return learned === undefined ? result : Effect.andThen(learned, result)
        }
        // The time matters only to a Retry-After date, on a refusal.
        return response.status < 300
          ? settle(0)
          : Effect.clockWith((clock) => settle(clock.currentTimeMillisUnsafe()))
      })
    })
    return take === undefined ? run : Effect.andThen(take(kind), run)
  }

  const request = <A>(spec: RequestSpec<A>): Effect.Effect<A, WithalloError> =>
    Effect.withFiber((fiber) => {
      const kind: RequestKind = spec.method === "GET" ? "read" : "write"
      const idempotencyKey = spec.idempotencyKey ?? (spec.mintIdempotencyKey === true ? mintKey() : undefined)
      const req = buildRequest(options.baseUrl, headers, spec, idempotencyKey)
      // What the attempts learn is written straight onto the operation's span
      // as it is learned (no finalizer step per call): method and route now,
      // the attempt count as each starts, status and request id as each ends
      // (so the request id is that of the last answer that carried one).
      const current = Context.getOrUndefined(fiber.context, Tracer.ParentSpan)
      const span = current !== undefined && current._tag === "Span" ? open(current) : undefined
      if (span !== undefined) {
        span.attribute("http.request.method", spec.method)
        span.attribute("http.route", routeOf(spec.path))
        span.attribute("http.response.status_code", 0)
      }
      const attempts: Attempts = { count: 0, span }
      const policy = {
        operation: spec.operation,
        maxRetries: options.maxRetries,
        maxRetryAfter: options.maxRetryAfter,
        mayHaveReachedServerIsSafe: kind === "read" || idempotencyKey !== undefined
      }
      return withRetries(policy, attempt(spec, req, kind, attempts))
    })

  return WithalloClient.of({ request })
})
