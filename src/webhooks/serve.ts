/**
 * The one sequence every webhook server runs (effect/http app, web
 * handler, Node listener): method check → announced size → read the body up
 * to the limit (413 over it, 400 when unreadable) → `receiver.handle`. Each
 * adapter only says how to read its request and how to write the answer.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { WebhookHeaders } from "./headers.js"
import { tooLarge, type WebhookReceiver, type WebhookResponse } from "./receiver.js"

/** A request as an adapter sees it before its body is read. */
export interface IncomingDelivery<E, R> {
  /** The HTTP method, or `undefined` when the framework routed POSTs only. */
  readonly method: string | undefined
  /** The `content-length` header, if any: a body announced over the limit is refused unread. */
  readonly contentLength: string | null | undefined
  readonly headers: WebhookHeaders
  /** The raw body, reading at most `limit` bytes; `undefined` when it is longer (reading stops there). */
  readonly readBody: (limit: number) => Effect.Effect<string | Uint8Array | undefined, E, R>
  /** The answer when reading fails. Default 400 "could not read the request body". */
  readonly onReadError?: ((error: E) => ServedResponse) | undefined
}

/** What an adapter writes back. */
export interface ServedResponse {
  readonly status: WebhookResponse["status"] | 405
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
}

const TEXT = { "content-type": "text/plain; charset=utf-8" } as const

/** A plain-text response. */
export const served = (status: ServedResponse["status"], body: string, headers: Record<string, string> = {}): ServedResponse => ({
  status,
  body,
  headers: { ...TEXT, ...headers }
})

const fromReceiver = (response: WebhookResponse): ServedResponse => served(response.status, response.body)

/** `true` when a `content-length` header already announces more than `limit` bytes. */
export const announcesMoreThan = (contentLength: string | null | undefined, limit: number): boolean => {
  if (contentLength === null || contentLength === undefined) return false
  const length = Number(contentLength)
  return Number.isFinite(length) && length > limit
}

/** Answers one request with a receiver; never fails. */
export const serve = <R, E, R2>(
  receiver: WebhookReceiver<R>,
  incoming: IncomingDelivery<E, R2>
): Effect.Effect<ServedResponse, never, R | R2> =>
  Effect.gen(function*() {
    if (incoming.method !== undefined && incoming.method !== "POST") {
      return served(405, "method not allowed", { allow: "POST" })
    }
    const limit = receiver.maxBodySize
    if (announcesMoreThan(incoming.contentLength, limit)) return fromReceiver(tooLarge(limit))
    const body = yield* Effect.result(incoming.readBody(limit))
    if (body._tag === "Failure") {
      return incoming.onReadError?.(body.failure) ?? served(400, "could not read the request body")
    }
    if (body.success === undefined) return fromReceiver(tooLarge(limit))
    return fromReceiver(yield* receiver.handle({ body: body.success, headers: incoming.headers }))
  })
