/**
 * The app's server side of `effect-withallo/browser`: it holds the Allo key
 * and runs, for signed-in browsers, the operations it allows. A browser names
 * an operation and sends its arguments; the server checks the session
 * (`authorize`), the allow-list, the app's own rule (`permit`), decodes the
 * arguments with the operation's own schemas and the user's limits, and only
 * then sends the request, built here from the endpoint definition (the
 * browser never chooses a path, method or header). Refusals are
 * `WithalloError`s like any other, and nothing reaches Allo.
 *
 * Serve it with `WithalloBrowserServer.toWebHandler` (Next.js, Hono, Bun,
 * Deno) or `toHttpRoutes` (effect/http).
 *
 * @since 0.2.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import type { Arg } from "../Endpoint.js"
import { WithalloClient } from "../internal/clientKey.js"
import { describe } from "../internal/describe.js"
import type { WebhookEvent } from "../schema/WebhookEvent.js"
import type { RequestSpec } from "../WithalloClient.js"
import { RateLimitError, type ValidationError, type WithalloError } from "../WithalloError.js"
import { endpoints } from "./endpoints.js"
import type { WebhookFeed } from "./feed.js"
import * as Limits from "./limits.js"
import { CallRequest, type CallReply, failureReply, READY_EVENT, WEBHOOK_EVENT } from "./protocol.js"
import { badRequest, Codes, misconfigured, notAllowed, SERVER, unauthorized, unsupportedMediaType } from "./refusals.js"
import { encodeResponse, forBrowser } from "./serverErrors.js"
import * as Sse from "./sse.js"

/** What `authorize` must at least say about a signed-in user. */
export interface Session {
  /** Identifies the user for per-user limits. */
  readonly userId: string
}

/** `authorize`'s refusal: no session, or one that is not valid. The browser gets a 401 `AuthenticationError`. */
export class Unauthorized extends Schema.TaggedError<Unauthorized>()("Unauthorized", {
  message: Schema.String
}) {}

/** A browser's request, as `authorize` sees it. */
export interface BrowserRequest {
  readonly url: string
  readonly headers: Headers
}

/** An operation the server can run: any endpoint definition (`Calls.search`, `Sms.send`, …). */
export interface Exposable {
  readonly name: string
  readonly args: ReadonlyArray<Arg>
  readonly prepare: (args: ReadonlyArray<unknown>) => Result.Result<RequestSpec<unknown>, ValidationError>
}

/** One operation a browser asks for, after its arguments were decoded. */
export interface OperationCall {
  readonly operation: string
  /** The decoded arguments by name (`{ params: { alloNumber, … } }`). */
  readonly input: Readonly<Record<string, unknown>>
}

/** The live feed: where deliveries come from, and which of them each user may see. */
export interface FeedOptions<S> {
  readonly hub: WebhookFeed
  /** Whether this user may see this event. Nothing is sent to a browser unless it says so. */
  readonly visible: (session: S, event: WebhookEvent) => boolean
}

/** Options of {@link make}. */
export interface Options<S extends Session, R> {
  /**
   * The operations browsers may run, by name (`"Calls.search"`, `"Sms.send"`)
   * or as endpoint definitions. Streams cross as pages: allow
   * `"Calls.search"` for `Calls.stream`. A name the SDK does not define
   * makes every request fail with a 500 `ServerError` saying so.
   */
  readonly allow: ReadonlyArray<Exposable | string>
  /** The app's session check; fail with {@link Unauthorized} to refuse. */
  readonly authorize: (request: BrowserRequest) => Effect.Effect<S, Unauthorized, R>
  /** The app's rule on what this user may do (e.g. only their own Allo number); refused → 403. */
  readonly permit?: ((session: S, call: OperationCall) => boolean | Effect.Effect<boolean, never, R>) | undefined
  /** Per-user limits; a request over them is refused with a 429 `RateLimitError`. */
  readonly limits?: Limits.UserLimits | undefined
  /** The live feed (server-sent events); without it, the events route answers 404. */
  readonly feed?: FeedOptions<S> | undefined
  /** Largest request body accepted, in bytes. Default 64 KiB. */
  readonly maxBodySize?: number | undefined
  /** Comment sent on an idle feed so proxies keep it open. Default 15 seconds. */
  readonly heartbeat?: Duration.Input | undefined
}

/** An answer: a status and a JSON body. */
export interface Reply {
  readonly status: number
  readonly body: string
}

/** The events route's answer: a refusal, or the stream of server-sent event text. */
export type EventsReply =
  | { readonly _tag: "Refused"; readonly reply: Reply }
  | { readonly _tag: "Stream"; readonly stream: Stream.Stream<string> }

/** A browser server. `R` is what `authorize` and `permit` need. */
export interface BrowserServer<R> {
  /** Answers one operation request (its body is the JSON text). Never fails. */
  readonly call: (request: BrowserRequest, body: string) => Effect.Effect<Reply, never, R | WithalloClient>
  /** Answers the live feed route. Never fails. */
  readonly events: (request: BrowserRequest) => Effect.Effect<EventsReply, never, R>
  readonly maxBodySize: number
}

const reply = (status: number, body: CallReply): Reply => ({ status, body: JSON.stringify(body) })

const refuse = (error: WithalloError): Reply => reply(refusalStatus(error), failureReply(error))

const refusalStatus = (error: WithalloError): number =>
  "status" in error && error.status >= 400 && error.status <= 599 ? error.status : 400

/** The answer to a body over the limit. */
export const tooLarge = (maxBodySize: number): Reply =>
  reply(413, failureReply(badRequest(SERVER, "request", `must be at most ${maxBodySize} bytes`)))

const decodeCall = Schema.decodeUnknownResult(Schema.fromJsonString(CallRequest))

/**
 * Builds a browser server.
 *
 * @example
 * ```ts
 * const server = WithalloBrowserServer.make({
 *   allow: ["Calls.search", "Sms.send"],
 *   authorize: (request) => sessionFromCookie(request.headers.get("cookie")),
 *   permit: (session, call) => call.operation !== "Sms.send" || session.canText,
 *   limits: { readsPerMinute: 120, writesPerMinute: 10 }
 * })
 * ```
 */
export const make = <S extends Session, R = never>(options: Options<S, R>): BrowserServer<R> => {
  const unknownNames = options.allow.filter((e): e is string => typeof e === "string" && !endpoints.has(e))
  const operations = new Map(options.allow.flatMap((e) => {
    const endpoint = typeof e === "string" ? endpoints.get(e) : e
    return endpoint === undefined ? [] : [[endpoint.name, endpoint] as const]
  }))
  const limiter = Limits.make(options.limits ?? {})
  const maxBodySize = options.maxBodySize ?? 64 * 1024
  const heartbeat = options.heartbeat ?? Duration.seconds(15)

  const session = (operation: string, request: BrowserRequest) =>
    Effect.mapError(Effect.suspend(() => options.authorize(request)), (cause) => unauthorized(operation, cause.message))

  const permitted = (s: S, call: OperationCall): Effect.Effect<boolean, never, R> => {
    if (options.permit === undefined) return Effect.succeed(true)
    const answer = options.permit(s, call)
    return typeof answer === "boolean" ? Effect.succeed(answer) : answer
  }

  /** Everything up to the request: each step refuses with a typed error, and nothing is sent. */
  const prepare = (request: BrowserRequest, body: string) =>
    Effect.gen(function*() {
      const parsed = decodeCall(body)
      const named = Result.isSuccess(parsed) ? parsed.success.operation : SERVER
      const user = yield* session(named, request)
      // A cross-site form cannot send JSON without the browser asking this
      // origin first (CORS): requiring it keeps cookie sessions safe from CSRF.
      if (!/^application\/json(;|$)/i.test(request.headers.get("content-type")?.trim() ?? "")) {
        return yield* unsupportedMediaType(named)
      }
      if (Result.isFailure(parsed)) {
        return yield* badRequest(SERVER, "request", "expected {\"operation\": string, \"input\": object}")
      }
      const { input, operation } = parsed.success
      const endpoint = operations.get(operation)
      if (endpoint === undefined) return yield* notAllowed(operation, "this operation is not exposed to browsers")
      const names = new Set(endpoint.args.map((a) => a.name))
      const unknown = Object.keys(input).find((key) => !names.has(key))
      if (unknown !== undefined) return yield* badRequest(operation, unknown, `is not an argument of ${operation}`)
      const spec = endpoint.prepare(endpoint.args.map((a) => input[a.name]))
      if (Result.isFailure(spec)) return yield* spec.failure
      if (!(yield* permitted(user, { operation, input: spec.success.input ?? {} }))) {
        return yield* notAllowed(operation, "not permitted for this user")
      }
      const wait = yield* limiter.take(user.userId, spec.success.method === "GET" ? "read" : "write")
      if (wait !== undefined) {
        return yield* new RateLimitError({
          operation,
          status: 429,
          code: Codes.userRateLimited,
          message: describe(operation, Codes.userRateLimited, `retry in ${Duration.format(wait)}`),
          retryAfter: wait,
          quotaExceeded: false
        })
      }
      return spec.success
    })

  const call = (request: BrowserRequest, body: string): Effect.Effect<Reply, never, R | WithalloClient> =>
    Effect.gen(function*() {
      if (unknownNames.length > 0) {
        // Fail closed, and loudly: a misspelt name must not pass unnoticed.
        return reply(500, failureReply(misconfigured(unknownNames)))
      }
      const prepared = yield* Effect.result(prepare(request, body))
      if (Result.isFailure(prepared)) return refuse(prepared.failure)
      const spec = prepared.success
      const client = yield* WithalloClient
      const answered = yield* Effect.result(client.request(spec))
      if (Result.isFailure(answered)) {
        const { error, status } = forBrowser(answered.failure)
        return reply(status, failureReply(error))
      }
      const encoded = encodeResponse(spec, answered.success)
      return Result.isSuccess(encoded)
        ? reply(200, encoded.success === undefined ? { _tag: "Success" } : { _tag: "Success", value: encoded.success })
        : reply(500, failureReply(encoded.failure))
    })

  const events = (request: BrowserRequest): Effect.Effect<EventsReply, never, R> =>
    Effect.gen(function*() {
      const user = yield* Effect.result(session("WithalloBrowserServer.events", request))
      if (Result.isFailure(user)) return { _tag: "Refused", reply: refuse(user.failure) } as const
      const feed = options.feed
      if (feed === undefined) {
        return { _tag: "Refused", reply: { status: 404, body: JSON.stringify({ error: "no live feed" }) } } as const
      }
      const lastEventId = request.headers.get("last-event-id") ?? new URL(request.url, "http://localhost").searchParams.get("lastEventId")
      const s = user.success
      const keepalive = Stream.tick(heartbeat).pipe(Stream.drop(1), Stream.map(() => Sse.formatComment("keepalive")))
      // `ready` goes out once the subscription is in place: a browser that
      // has seen it has missed nothing published after.
      const stream = Stream.unwrap(Effect.map(
        feed.hub.subscribe(lastEventId === null || lastEventId === "" ? undefined : lastEventId),
        (subscribed) =>
          Stream.concat(
            Stream.make(Sse.formatRetry(1000) + Sse.formatMessage({ event: READY_EVENT, data: "ok" })),
            Stream.merge(
              subscribed.pipe(
                Stream.filter((entry) => feed.visible(s, entry.event)),
                Stream.map((entry) =>
                  Sse.formatMessage({ id: entry.id, event: WEBHOOK_EVENT, data: JSON.stringify(entry.event) })
                )
              ),
              keepalive,
              { haltStrategy: "left" }
            )
          )
      ))
      return { _tag: "Stream", stream } as const
    })

  return { call, events, maxBodySize }
}

export { Codes } from "./refusals.js"
