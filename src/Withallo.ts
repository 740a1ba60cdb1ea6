/**
 * One layer for the whole API: every resource service plus the shared HTTP
 * core, needing only an `HttpClient`.
 *
 * @example
 * ```ts
 * import { Effect, Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "effect/http"
 * import { Sms, Withallo } from "effect-withallo"
 *
 * const live = Withallo.layer({ apiKey: Redacted.make(process.env.WITHALLO_API_KEY!) })
 *   .pipe(Layer.provide(FetchHttpClient.layer))
 *
 * const program = Sms.use((sms) => sms.send({ from: "+14155550100", to: "+14155550199", message: "Hi!" }))
 * Effect.runPromise(program.pipe(Effect.provide(live)))
 * ```
 *
 * @since 0.1.0
 */
import type * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as HttpClient from "effect/http/HttpClient"
import { optionsConfig } from "./internal/config.js"
import * as AllServices from "./internal/services.js"
import type { Analytics } from "./services/Analytics.js"
import type { Calls } from "./services/Calls.js"
import type { Companies } from "./services/Companies.js"
import type { Contacts } from "./services/Contacts.js"
import type { Conversations } from "./services/Conversations.js"
import type { Deals } from "./services/Deals.js"
import type { DialingQueues } from "./services/DialingQueues.js"
import type { Me } from "./services/Me.js"
import type { PartnerAccounts } from "./services/PartnerAccounts.js"
import type { People } from "./services/People.js"
import type { PhoneNumbers } from "./services/PhoneNumbers.js"
import type { Sms } from "./services/Sms.js"
import type { SummaryTemplates } from "./services/SummaryTemplates.js"
import type { Tags, Users } from "./services/Users.js"
import type { WebhookEndpoints } from "./services/WebhookEndpoints.js"
import type { Webhooks } from "./services/Webhooks.js"
import { make as makeClient, WithalloClient, type WithalloOptions } from "./WithalloClient.js"
import type { ValidationError } from "./WithalloError.js"

/** Every resource service. */
export type Services =
  | Calls
  | Contacts
  | Sms
  | PhoneNumbers
  | Webhooks
  | Me
  | Users
  | Tags
  | Conversations
  | WebhookEndpoints
  | Analytics
  | SummaryTemplates
  | DialingQueues
  | PartnerAccounts
  | People
  | Companies
  | Deals

/** Every resource service, from a `WithalloClient`. */
export const services: Layer.Layer<Services, never, WithalloClient> = AllServices.services

/**
 * Every resource service and `WithalloClient`, from options; needs only
 * `HttpClient`. Bad options fail the layer with a `ValidationError` naming them.
 */
export const layer = (
  options: WithalloOptions
): Layer.Layer<Services | WithalloClient, ValidationError, HttpClient.HttpClient> =>
  Layer.provideMerge(services, WithalloClient.layer(options))

/**
 * As {@link layer}, with options read through effect's `Config` — by default
 * from `WITHALLO_API_KEY`, `WITHALLO_BASE_URL`, `WITHALLO_AUTH_SCHEME`,
 * `WITHALLO_TIMEOUT` and `WITHALLO_MAX_RETRIES`. The only place the SDK reads
 * configuration, so programs that pass options directly never bundle `Config`.
 */
export const layerConfig = (
  config: Config.Config<WithalloOptions> = optionsConfig
): Layer.Layer<Services | WithalloClient, Config.ConfigError | ValidationError, HttpClient.HttpClient> =>
  Layer.provideMerge(services, Layer.effect(WithalloClient, Effect.flatMap(config, makeClient)))
