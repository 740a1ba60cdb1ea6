/**
 * Receiving Allo's webhooks. Build a receiver with {@link make} (or
 * {@link makeEffect}, which fails at start-up on options that cannot work), then serve
 * it with {@link toHttpApp} (effect/http), {@link toWebHandler} (`Request` →
 * `Response`: Next.js, Hono, Bun, Deno) or `webhookListener` from
 * `effect-withallo/node` (a Node `http` listener). {@link verify} and
 * {@link sign} are the Standard Webhooks signature on its own.
 *
 * @since 0.1.0
 */
// Types are re-declared as aliases rather than re-exported: the declaration
// bundler turns a re-exported type inside `export * as WebhookReceiver` into a
// value and breaks consumers' type-checking.
import type * as Headers from "./headers.js"
import type * as Receiver from "./receiver.js"
import type * as Signature from "./signature.js"
import type * as Web from "./webHandler.js"

export { DEFAULT_MAX_BODY_SIZE, WebhookConfigError } from "./config.js"
export { make, makeEffect, tooLarge } from "./receiver.js"
export { sign, verify } from "./signature.js"
export { toHttpApp } from "./httpApp.js"
export { toWebHandler } from "./webHandler.js"

/** Options of {@link make}. */
export type MakeOptions<R> = Receiver.MakeOptions<R>
/** What a handler learns about the delivery besides the event. */
export type WebhookDelivery = Receiver.WebhookDelivery
/** A handler for one topic. */
export type WebhookHandler<Event, R> = Receiver.WebhookHandler<Event, R>
/** Handlers by topic. */
export type WebhookHandlers<R> = Receiver.WebhookHandlers<R>
/** A built receiver. */
export type WebhookReceiver<R = never> = Receiver.WebhookReceiver<R>
/** A delivery as the receiver reads it: raw body and headers. */
export type WebhookRequest = Receiver.WebhookRequest
/** The receiver's answer. */
export type WebhookResponse = Receiver.WebhookResponse
/** Options of {@link sign}. */
export type SignOptions = Signature.SignOptions
/** Options of {@link verify}. */
export type VerifyOptions = Signature.VerifyOptions
/** A signing secret (`whsec_…`), plain or `Redacted`. */
export type WebhookSecret = Signature.WebhookSecret
/** Header record form. */
export type HeaderRecord = Headers.HeaderRecord
/** Anything with a `get(name)`: `Headers`, effect's headers. */
export type HeadersLike = Headers.HeadersLike
/** Headers of a delivery, in any form. */
export type WebhookHeaders = Headers.WebhookHeaders
/** A web-standard handler with its dispose function. */
export type WebHandler = Web.WebHandler
