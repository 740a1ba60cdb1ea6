/**
 * Receiving Allo's webhooks. Build a receiver with {@link make}, then serve
 * it with {@link toHttpApp} (effect/http), {@link toWebHandler} (`Request` →
 * `Response`: Next.js, Hono, Bun, Deno) or `webhookListener` from
 * `effect-withallo/node` (a Node `http` listener). {@link verify} and
 * {@link sign} are the Standard Webhooks signature on its own.
 *
 * @since 0.1.0
 */
export {
  DEFAULT_MAX_BODY_SIZE,
  make,
  type MakeOptions,
  tooLarge,
  type WebhookDelivery,
  type WebhookHandler,
  type WebhookHandlers,
  type WebhookReceiver,
  type WebhookRequest,
  type WebhookResponse
} from "./receiver.js"
export { sign, type SignOptions, verify, type VerifyOptions, type WebhookSecret } from "./signature.js"
export type { HeaderRecord, HeadersLike, WebhookHeaders } from "./headers.js"
export { toHttpApp } from "./httpApp.js"
export { toWebHandler, type WebHandler } from "./webHandler.js"
