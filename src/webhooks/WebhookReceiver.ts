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
export { DEFAULT_MAX_BODY_SIZE, WebhookConfigError } from "./config.js"
export { make, makeEffect, tooLarge } from "./receiver.js"
export { sign, verify } from "./signature.js"
export { toHttpApp } from "./httpApp.js"
export { toWebHandler } from "./webHandler.js"

// The types are re-exported, not re-declared as aliases: a library that
// emits declarations for a value built here names them through this module
// (`WebhookReceiver.WebhookReceiver<R>`), which an alias would not allow.
export type {
  MakeOptions,
  WebhookDelivery,
  WebhookHandler,
  WebhookHandlers,
  WebhookReceiver,
  WebhookRequest,
  WebhookResponse
} from "./receiver.js"
export type { SignOptions, VerifyOptions, WebhookSecret } from "./signature.js"
export type { HeaderRecord, HeadersLike, WebhookHeaders } from "./headers.js"
export type { WebHandler } from "./webHandler.js"
