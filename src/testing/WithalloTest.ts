/**
 * `WithalloTest.layer(seed?)`: every SDK service, wired to an in-memory fake
 * of Allo through a real `HttpClient`, so your code's requests go through the
 * same encoding, decoding, retries and pagination as in production. The
 * `FakeWithallo` service it also provides seeds data, reads what your code did
 * and injects faults.
 *
 * @example
 * ```ts
 * import { it } from "@effect/vitest"
 * import { Effect } from "effect"
 * import { Sms } from "effect-withallo"
 * import { FakeWithallo, WithalloTest } from "effect-withallo/testing"
 *
 * it.effect("texts the caller", () =>
 *   Effect.gen(function*() {
 *     yield* (yield* Sms).send({ from: "+14155550100", to: "+14155550199", message: "Thanks!" })
 *     const sent = yield* (yield* FakeWithallo).sentSms
 *     // sent[0].to === "+14155550199"
 *   }).pipe(Effect.provide(WithalloTest.layer({ calls: 20 }))))
 * ```
 *
 * @since 0.1.0
 */
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Withallo from "../Withallo.js"
import type { WithalloClient, WithalloOptions } from "../WithalloClient.js"
import type { ValidationError } from "../WithalloError.js"
import { DEFAULT_KEY } from "./fake/store.js"
import type { Seed } from "./fake/records.js"
import * as FakeHttpClient from "./FakeHttpClient.js"
import { type FakeOptions, FakeWithallo } from "./FakeWithallo.js"

/** The API key the fake accepts with every scope. */
export const apiKey = DEFAULT_KEY

/** Client options for the fake; the key and base URL are filled in. */
export type ClientOptions = Omit<WithalloOptions, "apiKey" | "baseUrl"> & {
  /** Another key, e.g. one registered with `FakeWithallo.registerKey` and fewer scopes. */
  readonly apiKey?: string | undefined
}

/**
 * Every SDK service plus `FakeWithallo`, over a fresh fake seeded with `seed`.
 *
 * Webhook deliveries are recorded (`FakeWithallo.webhookDeliveries`); pass
 * `{ fake: { webhookTarget: receiver } }` to have them delivered to your
 * receiver in-process, with Allo's retries on `TestClock`.
 *
 * Client-side pacing is off by default so that tests under `TestClock` never
 * wait on it; pass `client: { rateLimit: { readsPerSecond: 20, writesPerSecond: 5 } }`
 * (and turn the fake's limits on with `setRateLimit`) to test pacing itself.
 */
export const layer = (
  seed?: Seed,
  options?: {
    readonly client?: ClientOptions | undefined
    /** How the fake delivers webhooks, e.g. `{ webhookTarget: receiver }` to run your receiver in-process. */
    readonly fake?: FakeOptions | undefined
  }
): Layer.Layer<Withallo.Services | WithalloClient | FakeWithallo, ValidationError> => {
  const { apiKey: key, ...client } = options?.client ?? {}
  return Withallo.layer({
    rateLimit: false,
    ...client,
    apiKey: Redacted.make(key ?? DEFAULT_KEY),
    baseUrl: "https://api.withallo.test"
  }).pipe(
    Layer.provide(FakeHttpClient.layer),
    Layer.provideMerge(FakeWithallo.layer(seed, options?.fake))
  )
}
