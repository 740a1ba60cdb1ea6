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
import { Analytics } from "./services/Analytics.js"
import { Calls } from "./services/Calls.js"
import { Companies } from "./services/Companies.js"
import { Contacts } from "./services/Contacts.js"
import { Conversations } from "./services/Conversations.js"
import { Deals } from "./services/Deals.js"
import { DialingQueues } from "./services/DialingQueues.js"
import { Me } from "./services/Me.js"
import { PartnerAccounts } from "./services/PartnerAccounts.js"
import { People } from "./services/People.js"
import { PhoneNumbers } from "./services/PhoneNumbers.js"
import { Sms } from "./services/Sms.js"
import { SummaryTemplates } from "./services/SummaryTemplates.js"
import { Tags, Users } from "./services/Users.js"
import { WebhookEndpoints } from "./services/WebhookEndpoints.js"
import { Webhooks } from "./services/Webhooks.js"
import { optionsConfig } from "./internal/config.js"
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
export const services: Layer.Layer<Services, never, WithalloClient> = Layer.mergeAll(
  Calls.layer,
  Contacts.layer,
  Sms.layer,
  PhoneNumbers.layer,
  Webhooks.layer,
  Me.layer,
  Users.layer,
  Tags.layer,
  Conversations.layer,
  WebhookEndpoints.layer,
  Analytics.layer,
  SummaryTemplates.layer,
  DialingQueues.layer,
  PartnerAccounts.layer,
  People.layer,
  Companies.layer,
  Deals.layer
)

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
