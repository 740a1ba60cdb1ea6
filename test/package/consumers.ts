/**
 * Programs that consume the packed package, shared by test/package, the
 * runtime matrix and the bundle bench.
 */

/** Per-module `effect` imports (what EFFECT4.md and the README recommend). */
export const perModuleImports = `import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
`

/** The same imports through the `effect` barrel. */
export const barrelImports = `import { Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
`

/** Sends one SMS with only the SMS service and the client core (README "Smaller bundles"). */
export const smsOnly = `import { Sms, WithalloClient } from "effect-withallo"
const layer = Sms.layer.pipe(
  Layer.provide(WithalloClient.layer({ apiKey: Redacted.make("ak_live_x") })),
  Layer.provide(FetchHttpClient.layer)
)
Effect.runPromise(Sms.use((s) => s.send({ from: "+14155550100", to: "+14155550199", message: "hi" })).pipe(Effect.provide(layer)))
`

/** Sends one SMS with every service provided by `Withallo.layer`. */
export const withalloLayer = `import { Sms, Withallo } from "effect-withallo"
const layer = Withallo.layer({ apiKey: Redacted.make("ak_live_x") }).pipe(Layer.provide(FetchHttpClient.layer))
Effect.runPromise(Sms.use((s) => s.send({ from: "+14155550100", to: "+14155550199", message: "hi" })).pipe(Effect.provide(layer)))
`
