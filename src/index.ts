/**
 * effect-withallo — the Effect-native SDK for the Allo (Withallo) telephony API.
 *
 * @since 0.1.0
 */
export * from "./WithalloError.js"
export * as Withallo from "./Withallo.js"
export { WithalloClient, type WithalloOptions, optionsConfig } from "./WithalloClient.js"
export type { Page, StreamOptions } from "./Pagination.js"
export { Calls } from "./services/Calls.js"
export { Contacts } from "./services/Contacts.js"
export { Sms } from "./services/Sms.js"
export { PhoneNumbers } from "./services/PhoneNumbers.js"
export { Webhooks } from "./services/Webhooks.js"
export { Me } from "./services/Me.js"
export { Tags, Users } from "./services/Users.js"
export { Conversations } from "./services/Conversations.js"
export { WebhookEndpoints } from "./services/WebhookEndpoints.js"
export {
  type KnownWebhookEvent,
  UnknownWebhookEvent,
  WebhookEvent,
  type WebhookEventOf,
  type WebhookTopic
} from "./schema/WebhookEvent.js"
export * as WebhookReceiver from "./webhooks/WebhookReceiver.js"
export * as WebhookDedupe from "./webhooks/dedupe.js"
export * as RateLimitStore from "./pacing/RateLimitStore.js"
export * as SharedRateLimit from "./pacing/SharedRateLimit.js"
export * as WebhookDedupeRedis from "./webhooks/dedupeRedis.js"
export * as WithalloBrowserServer from "./browser/WithalloBrowserServer.js"
