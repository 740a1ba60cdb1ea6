/**
 * The transport-agnostic receiver: verify the signature, decode the event,
 * skip redeliveries, run the topic's handler, and answer with the status
 * Allo acts on (2xx acknowledges; anything else is retried for ~27.5 h).
 *
 * @since 0.1.0
 */
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Result from "effect/Result"
import type { UnknownWebhookEvent, WebhookEventMap, WebhookTopic } from "../schema/WebhookEvent.js"
import { decodeResult, isKnown } from "./decode.js"
import * as WebhookDedupe from "./dedupe.js"
import { readHeader, type WebhookHeaders } from "./headers.js"
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
   * The endpoint's signing secret (`whsec_…`). With it, every request must
   * carry a valid Standard Webhooks signature (401 otherwise), so unsigned v1
   * deliveries are refused. Without it, nothing is verified.
   */
  readonly secret?: WebhookSecret | undefined
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

/** Default body size limit: 1 MiB (Allo's events are a few KB). */
export const DEFAULT_MAX_BODY_SIZE = 1024 * 1024

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

/**
 * Builds a receiver.
 *
 * @example
 * ```ts
 * const receiver = WebhookReceiver.make({
 *   secret: process.env.ALLO_WEBHOOK_SECRET,
 *   handlers: {
 *     "call.received": (event) => Effect.log(`ringing: ${event.data.from_number}`),
 *     "SMS_RECEIVED": (event) => Effect.log(event.data.content)
 *   }
 * })
 * ```
 */
export const make = <R = never>(options: MakeOptions<R>): WebhookReceiver<R> => {
  const store = options.dedupe === false ? undefined : options.dedupe ?? WebhookDedupe.memory()
  const maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE
  const handlers = options.handlers

  // Correlates a topic with its handler's event type (no cast needed).
  const handlerFor = <T extends WebhookTopic>(topic: T, event: WebhookEventMap[T]) => {
    const handler = handlers[topic]
    return handler === undefined ? undefined : (delivery: WebhookDelivery) => handler(event, delivery)
  }

  const run = (
    topic: string,
    id: string | undefined,
    handler: (delivery: WebhookDelivery) => Effect.Effect<unknown, unknown, R>
  ): Effect.Effect<WebhookResponse, never, R> =>
    Effect.gen(function*() {
      const delivery: WebhookDelivery = { id }
      if (store === undefined || id === undefined) return yield* runHandler(topic, handler(delivery))
      const claim = yield* Effect.result(store.claim(id))
      if (Result.isFailure(claim)) {
        yield* Effect.logError("WebhookReceiver: dedupe store failed; asking Allo to redeliver", claim.failure)
        return respond(500, "dedupe store unavailable")
      }
      if (claim.success === "done") return respond(200, "already handled")
      if (claim.success === "in-flight") return respond(409, "a delivery with this webhook-id is in progress")
      const response = yield* runHandler(topic, handler(delivery))
      const settle = response.status === 200 ? store.complete(id) : store.release(id)
      yield* Effect.catch(settle, (error) => Effect.logWarning("WebhookReceiver: dedupe store update failed", error))
      return response
    })

  // A failure or defect becomes a 500 (Allo redelivers); it is logged, never sent back.
  const runHandler = (topic: string, effect: Effect.Effect<unknown, unknown, R>) =>
    Effect.flatMap(Effect.exit(Effect.suspend(() => effect)), (exit) =>
      Exit.isSuccess(exit)
        ? Effect.succeed(respond(200, "ok"))
        : Effect.as(
          Effect.logError(`WebhookReceiver: handler for "${topic}" failed`, exit.cause),
          respond(500, `handler for "${topic}" failed`)
        ))

  const handle = operation("WebhookReceiver.handle")(function*(request: WebhookRequest) {
    if (exceeds(request.body, maxBodySize)) return tooLarge(maxBodySize)
    if (options.secret !== undefined) {
      const verified = yield* Effect.result(
        verify({ body: request.body, headers: request.headers, secret: options.secret, tolerance: options.tolerance })
      )
      if (Result.isFailure(verified)) {
        yield* Effect.logWarning(verified.failure.message)
        return respond(401, `invalid signature (${verified.failure.reason})`)
      }
    }
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
    const onUnknown = options.onUnknown
    return onUnknown === undefined
      ? respond(200, `unknown topic "${event.topic}" ignored`)
      : yield* run(event.topic, id, (delivery) => onUnknown(event, delivery))
  })

  return { handle, maxBodySize }
}
