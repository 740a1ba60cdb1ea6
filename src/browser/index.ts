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
export { Analytics } from "../services/Analytics.js"
export { SummaryTemplates } from "../services/SummaryTemplates.js"
export { DialingQueues } from "../services/DialingQueues.js"
export { PartnerAccounts } from "../services/PartnerAccounts.js"
export { People } from "../services/People.js"
export { Companies } from "../services/Companies.js"
export { Deals } from "../services/Deals.js"
export {
  type KnownWebhookEvent,
  UnknownWebhookEvent,
  WebhookEvent,
  type WebhookEventOf,
  type WebhookTopic
} from "../webhooks/decode.js"
// The services' key for the client (the main entry's `WithalloClient` adds
// `layer` to it): exported so that declarations naming `Sms.layer`'s
// requirement can refer to it.
export type { WithalloClient } from "../internal/clientKey.js"
