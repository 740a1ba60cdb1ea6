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
export { Analytics } from "./services/Analytics.js"
export { SummaryTemplates } from "./services/SummaryTemplates.js"
export { DialingQueues } from "./services/DialingQueues.js"
export { PartnerAccounts } from "./services/PartnerAccounts.js"
export type {
  AnalyticsDateRange,
  FunnelStage,
  MetricValue,
  OutboundAnalytics,
  OutboundDrilldownItem,
  TeamMetrics,
  UserBreakdown
} from "./schema/Analytics.js"
export type { SummaryTemplate, SummaryTemplateSection } from "./schema/SummaryTemplate.js"
export type { AppendResult, DialingQueue, DialingQueueMeta, QueueNumber, SkippedNumber } from "./schema/DialingQueue.js"
export type { PartnerAccount } from "./schema/PartnerAccount.js"
export { People } from "./services/People.js"
export { Companies } from "./services/Companies.js"
export { Deals } from "./services/Deals.js"
export type { Person } from "./schema/Person.js"
export type { Company, CompanyRef } from "./schema/Company.js"
export type { Deal } from "./schema/Deal.js"
export {
  type KnownWebhookEvent,
  UnknownWebhookEvent,
  WebhookEvent,
  type WebhookEventOf,
  type WebhookTopic
} from "./webhooks/decode.js"
export * as WebhookReceiver from "./webhooks/WebhookReceiver.js"
export * as WebhookDedupe from "./webhooks/dedupe.js"
export * as RateLimitStore from "./pacing/RateLimitStore.js"
export * as SharedRateLimit from "./pacing/SharedRateLimit.js"
export * as WebhookDedupeRedis from "./webhooks/dedupeRedis.js"
export * from "./messages/index.js"
export * as WithalloBrowserServer from "./browser/WithalloBrowserServer.js"
