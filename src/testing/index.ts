/**
 * `effect-withallo/testing`: an in-memory fake of the Allo API for your tests.
 *
 * @since 0.1.0
 */
export * as WithalloTest from "./WithalloTest.js"
export { type AddCallsOptions, type FakeOptions, type FakeSnapshot, FakeWithallo, type TriggerOptions } from "./FakeWithallo.js"
export type { InProcessReceiver, WebHandler, WebhookTarget } from "./fake/transport.js"
export type { InboundSms } from "./fake/simulate.js"
export * as FakeHttpClient from "./FakeHttpClient.js"
export type { Seed, SeedCall, SeedContact, SeedMessage, SeedNumber, SentSms } from "./fake/records.js"
export type { CompanyRecord, CrmSeed, DealRecord, PersonRecord, SeedCompany, SeedDeal, SeedPerson } from "./fake/crmRecords.js"
export type {
  Fault,
  FaultOptions,
  FakeRequest,
  FakeResponse,
  LoggedRequest,
  RateLimitSettings,
  RequestMatch,
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryState
} from "./fake/types.js"
