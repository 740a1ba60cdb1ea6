/**
 * The transport-agnostic receiver: verify the signature, decode the event,
 * skip redeliveries, run the topic's handler, and answer with the status
 * Allo acts on (2xx acknowledges; anything else is retried for ~27.5 h).
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Result from "effect/Result"
import type { UnknownWebhookEvent, WebhookEventMap, WebhookTopic } from "../schema/WebhookEvent.js"
import { decodeResult, isKnown } from "./decode.js"
import * as WebhookDedupe from "./dedupe.js"
import { readHeader, type WebhookHeaders } from "./headers.js"
import { checkOptions, DEFAULT_MAX_BODY_SIZE, type ReceiverConfig, type WebhookConfigError } from "./config.js"
import { describeValue } from "./options.js"
import { verify, type WebhookSecret } from "./signature.js"
import { operation } from "../internal/operation.js"

/** About one delivery, beside its event. */
export interface WebhookDelivery {
  /** `webhook-id`: the same on every retry of one message. Absent on v1 deliveries. */
  readonly id: string | undefined
}

/** A handler for one topic: receives that topic's event, typed. Its failure makes Allo redeliver. */
export type WebhookHandler<Event, R> = (event: Event, delivery: WebhookDelivery) => Effect.Effect<unknown, unknown, R>

/** Handlers by topic; a topic without one is acknowledged and ignored. */
export type WebhookHandlers<R> = {
  readonly [T in WebhookTopic]?: WebhookHandler<WebhookEventMap[T], R>
}

/** Options of {@link make}. */
export interface MakeOptions<R> {
  /**
   * The endpoint's signing secret (`whsec_…`, plain or `Redacted`): every
   * signed delivery must carry a valid Standard Webhooks signature (401
   * otherwise). Required: when it is missing or empty (an unset environment
   * variable) the receiver refuses every delivery with 401, unless
   * `allowUnsigned` is `true`. A malformed secret is always refused.
   */
  readonly secret?: WebhookSecret | undefined
  /**
   * Accept unsigned deliveries (no `webhook-*` headers at all: Allo's v1
   * topics), which nothing can authenticate. Signed deliveries are still
   * verified, and refused (401) when there is no secret to verify them with.
   * Default `false`.
   */
  readonly allowUnsigned?: boolean | undefined
  readonly handlers: WebhookHandlers<R>
  /** Runs for topics the SDK does not know; they are acknowledged (200) either way. */
  readonly onUnknown?: WebhookHandler<UnknownWebhookEvent, R> | undefined
  /** Where handled `webhook-id`s are remembered. Default `WebhookDedupe.memory()`; `false` turns it off. */
  readonly dedupe?: WebhookDedupe.WebhookDedupeStore | false | undefined
  /** Largest body accepted, in bytes (413 above). Default 1 MiB. */
  readonly maxBodySize?: number | undefined
  /** Signature timestamp tolerance. Default 5 minutes. */
  readonly tolerance?: Duration.Input | undefined
}

/** A delivery as it arrived: the raw body (never a parsed object) and the headers. */
export interface WebhookRequest {
  readonly body: string | Uint8Array
  readonly headers: WebhookHeaders
}

/** The answer to send back. */
export interface WebhookResponse {
  /** 200 acknowledged; 400 malformed; 401 bad signature; 409 same id in flight; 413 too large; 500 handler failed. */
  readonly status: 200 | 400 | 401 | 409 | 413 | 500
  /** A short plain-text reason; never the secret or a handler's error. */
  readonly body: string
}

/** A configured receiver. `R` is what its handlers need. */
export interface WebhookReceiver<R = never> {
  /** Answers one delivery. Never fails: every outcome is a status. */
  readonly handle: (request: WebhookRequest) => Effect.Effect<WebhookResponse, never, R>
  /** Bodies larger than this many bytes are refused with 413; adapters stop reading there. */
  readonly maxBodySize: number
}

const respond = (status: WebhookResponse["status"], body: string): WebhookResponse => ({ status, body })

/** A response for a body over the limit, for adapters that stop reading early. */
export const tooLarge = (maxBodySize: number): WebhookResponse =>
  respond(413, `body larger than ${maxBodySize} bytes`)

const encoder = new TextEncoder()

/** UTF-8 size, without encoding when the character count already decides. */
const exceeds = (body: string | Uint8Array, limit: number): boolean => {
  if (typeof body !== "string") return body.length > limit
  if (body.length > limit) return true
  if (body.length * 3 <= limit) return false
  return encoder.encode(body).length > limit
}

const isBody = (body: unknown): body is string | Uint8Array => typeof body === "string" || body instanceof Uint8Array

/** `true` when the delivery carries any of the Standard Webhooks headers, i.e. claims to be signed. */
const claimsSignature = (headers: unknown): boolean =>
  readHeader(headers, "webhook-id") !== undefined ||
  readHeader(headers, "webhook-timestamp") !== undefined ||
  readHeader(headers, "webhook-signature") !== undefined

/**
 * Runs a handler as an effect whatever it does: a synchronous throw, or a
 * returned Promise (a handler written `async`), becomes a defect here,
 * hence a 500 the caller can read in the log, instead of crashing `handle`.
 */
const invoke = <R>(topic: string, call: () => Effect.Effect<unknown, unknown, R>): Effect.Effect<unknown, unknown, R> =>
  Effect.suspend(() => {
    const result = call()
    const returned: unknown = result
    if (Effect.isEffect(returned)) return result
    const promise = returned instanceof Promise
    // Its rejection would otherwise be unhandled, which stops a Node process by default.
    if (promise) returned.catch(() => undefined)
    return Effect.die(
      new Error(
        `the handler for "${topic}" returned ${promise ? "a Promise" : describeValue(returned)}, ` +
          "not an Effect (wrap async code with Effect.promise or Effect.tryPromise)"
      )
    )
  })

/**
 * Builds a receiver. It fails closed: with no usable `secret` (and no
 * `allowUnsigned: true`), or any option that cannot work, every delivery is
 * refused (401 for the secret, 500 otherwise, so Allo keeps redelivering
 * until it is fixed) and the {@link WebhookConfigError} is logged each time.
 * Use {@link makeEffect} to get that error at start-up instead.
 *
 * @example
 * ```ts
 * const receiver = WebhookReceiver.make({
 *   secret: process.env.ALLO_WEBHOOK_SECRET,
 *   handlers: {
 *     "call.received": (event) => Effect.log(`ringing: ${event.data.from_number}`),
 *     "sms.received": (event) => Effect.log(event.data.content)
 *   }
 * })
 * ```
 */
export const make = <R = never>(options: MakeOptions<R>): WebhookReceiver<R> => {
  const config = checkOptions(options, WebhookDedupe.memory)
  return Result.isSuccess(config) ? build(options, config.success) : refusing(config.failure)
}

/**
 * Like {@link make}, but an option that cannot work (a missing, empty or
 * malformed `secret` without `allowUnsigned`, `tolerance: ""`, a negative
 * `maxBodySize`, a misspelt handler topic…) fails with a
 * {@link WebhookConfigError} naming it, so a server refuses to start.
 *
 * @example
 * ```ts
 * const receiver = yield* WebhookReceiver.makeEffect({ secret: yield* Config.Redacted("ALLO_WEBHOOK_SECRET"), handlers })
 * ```
 */
export const makeEffect = <R = never>(options: MakeOptions<R>): Effect.Effect<WebhookReceiver<R>, WebhookConfigError> =>
  Effect.suspend(() => {
    const config = checkOptions(options, WebhookDedupe.memory)
    return Result.isSuccess(config) ? Effect.succeed(build(options, config.success)) : Effect.fail(config.failure)
  })

/** A receiver whose options cannot work: it refuses everything and says why in the log. */
const refusing = <R>(error: WebhookConfigError): WebhookReceiver<R> => ({
  maxBodySize: DEFAULT_MAX_BODY_SIZE,
  handle: () =>
    Effect.as(
      Effect.logError(`${error.message} (every delivery is refused until this is fixed)`),
      error.option === "secret" ? respond(401, "invalid signature (no-secret)") : respond(500, `receiver misconfigured (${error.option})`)
    )
})

const build = <R>(options: MakeOptions<R>, config: ReceiverConfig): WebhookReceiver<R> => {
  const { dedupe: store, maxBodySize, secret } = config
  const tolerance = Duration.seconds(config.toleranceSeconds)
  const handlers = options.handlers
  const onUnknown = options.onUnknown

  // Correlates a topic with its handler's event type (no cast needed).
  const handlerFor = <T extends WebhookTopic>(topic: T, event: WebhookEventMap[T]) => {
    const handler = handlers[topic]
    return handler === undefined ? undefined : (delivery: WebhookDelivery) => handler(event, delivery)
  }

  // A failure, defect, throw or non-Effect becomes a 500 (Allo redelivers); it is logged, never sent back.
  const runHandler = (topic: string, call: () => Effect.Effect<unknown, unknown, R>) =>
    Effect.flatMap(Effect.exit(invoke(topic, call)), (exit) =>
      Exit.isSuccess(exit)
        ? Effect.succeed(respond(200, "ok"))
        : Effect.as(
          Effect.logError(`WebhookReceiver: handler for "${topic}" failed`, exit.cause),
          respond(500, `handler for "${topic}" failed`)
        ))

  const run = (
    topic: string,
    id: string | undefined,
    handler: (delivery: WebhookDelivery) => Effect.Effect<unknown, unknown, R>
  ): Effect.Effect<WebhookResponse, never, R> =>
    Effect.gen(function*() {
      const delivery: WebhookDelivery = { id }
      if (store === undefined || id === undefined) return yield* runHandler(topic, () => handler(delivery))
      // A store written in JavaScript may throw or answer nonsense: either is a store failure (fail closed).
      const claim = yield* Effect.exit(Effect.suspend(() => store.claim(id)))
      if (Exit.isFailure(claim) || !isClaim(claim.value)) {
        yield* Effect.logError("WebhookReceiver: dedupe store failed; asking Allo to redeliver", Exit.isFailure(claim) ? claim.cause : claim.value)
        return respond(500, "dedupe store unavailable")
      }
      if (claim.value === "done") return respond(200, "already handled")
      if (claim.value === "in-flight") return respond(409, "a delivery with this webhook-id is in progress")
      const response = yield* runHandler(topic, () => handler(delivery))
      const settled = yield* Effect.exit(Effect.suspend(() => response.status === 200 ? store.complete(id) : store.release(id)))
      if (Exit.isFailure(settled)) yield* Effect.logWarning("WebhookReceiver: dedupe store update failed", settled.cause)
      return response
    })

  const authenticate = (request: WebhookRequest): Effect.Effect<WebhookResponse | undefined> => {
    if (config.allowUnsigned && !claimsSignature(request.headers)) return Effect.succeed(undefined)
    if (secret === undefined) {
      return Effect.as(
        Effect.logWarning("WebhookReceiver: a signed delivery, but no secret is configured to verify it; pass `secret`"),
        respond(401, "invalid signature (no-secret)")
      )
    }
    return verify({ body: request.body, headers: request.headers, secret, tolerance }).pipe(
      Effect.as(undefined),
      Effect.catch((error) => Effect.as(Effect.logWarning(error.message), respond(401, `invalid signature (${error.reason})`)))
    )
  }

  const handle = operation("WebhookReceiver.handle")(function*(request: WebhookRequest) {
    const raw: unknown = request
    if (typeof raw !== "object" || raw === null || !isBody(request.body)) {
      return respond(400, "the request body must be the raw body (a string or Uint8Array)")
    }
    if (exceeds(request.body, maxBodySize)) return tooLarge(maxBodySize)
    const refused = yield* authenticate(request)
    if (refused !== undefined) return refused
    const decoded = decodeResult(request.body)
    if (Result.isFailure(decoded)) {
      yield* Effect.logWarning(decoded.failure.message)
      return respond(400, decoded.failure.message)
    }
    const event = decoded.success
    const id = readHeader(request.headers, "webhook-id")
    yield* Effect.annotateCurrentSpan({ "webhook.topic": event.topic, "webhook.id": id ?? "" })
    if (isKnown(event)) {
      const handler = handlerFor(event.topic, event)
      return handler === undefined ? respond(200, `no handler for "${event.topic}"`) : yield* run(event.topic, id, handler)
    }
    return onUnknown === undefined
      ? respond(200, `unknown topic "${event.topic}" ignored`)
      : yield* run(event.topic, id, (delivery) => onUnknown(event, delivery))
  })

  return { handle, maxBodySize }
}

const isClaim = (u: unknown): u is WebhookDedupe.DedupeClaim => u === "claimed" || u === "in-flight" || u === "done"
