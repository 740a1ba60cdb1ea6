/**
 * `effect-withallo/browser`: what a browser app needs and nothing that talks
 * to Allo directly — the resource services, the errors and schemas, and the
 * layer that provides them through the app's `WithalloBrowserServer`.
 *
 * @since 0.2.0
 */
export * from "../WithalloError.js"
export * as WithalloBrowser from "./WithalloBrowser.js"
export type { Page, StreamOptions } from "../Pagination.js"
export { Calls } from "../services/Calls.js"
export { Contacts } from "../services/Contacts.js"
export { Sms } from "../services/Sms.js"
export { PhoneNumbers } from "../services/PhoneNumbers.js"
export { Webhooks } from "../services/Webhooks.js"
export { Me } from "../services/Me.js"
export { Tags, Users } from "../services/Users.js"
export { Conversations } from "../services/Conversations.js"
export { WebhookEndpoints } from "../services/WebhookEndpoints.js"
export {
  type KnownWebhookEvent,
  UnknownWebhookEvent,
  WebhookEvent,
  type WebhookEventOf,
  type WebhookTopic
} from "../schema/WebhookEvent.js"
export type { WithalloClient } from "../internal/clientKey.js"
