/**
 * `effect-withallo/testing`: an in-memory fake of the Allo API for your tests.
 *
 * @since 0.1.0
 */
export * as WithalloTest from "./WithalloTest.js"
export { FakeWithallo, type FakeSnapshot, type AddCallsOptions } from "./FakeWithallo.js"
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
  WebhookDelivery
} from "./fake/types.js"
