/**
 * `effect-withallo/node`: Node-only helpers — the fake Allo over real HTTP,
 * and a webhook receiver as a Node `http` request listener.
 *
 * @since 0.1.0
 */
export * as FakeServer from "./FakeServer.js"
export { type WebhookListener, webhookListener } from "./webhookListener.js"
