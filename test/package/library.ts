// A library that exports what it builds from the SDK and emits declarations.
// Compiled with `declaration: true` against the packed package by
// test/package (TypeScript 5.9) and test-runtimes (TypeScript 6 and 7).
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import { Sms, WebhookReceiver, Withallo, WithalloClient } from "effect-withallo"
import { FakeServer } from "effect-withallo/node"
import { WithalloTest } from "effect-withallo/testing"

export const live = Withallo.layer({ apiKey: Redacted.make("ak_live_x") })
export const fromConfig = Withallo.layerConfig()
export const smsOnly = Sms.layer.pipe(Layer.provide(WithalloClient.layer({ apiKey: Redacted.make("ak_live_x") })))
export const receiver = WebhookReceiver.make({
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  handlers: { "sms.received": (event) => Effect.log(event.data) }
})
export const web = WebhookReceiver.toWebHandler(receiver)
export const app = WebhookReceiver.toHttpApp(receiver)
export const test = WithalloTest.layer()
export const testWithData = WithalloTest.layer({ calls: 10 })
export const server = FakeServer.make()
export const sendOne = Sms.use((sms) => sms.send({ from: "+14155550100", to: "+14155550199", message: "hi" }))
