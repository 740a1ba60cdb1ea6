/**
 * Webhook fixtures from Allo's docs, as raw bodies, plus the signed delivery.
 */
import { Cause, Logger } from "effect"
import * as nodeCrypto from "node:crypto"
import type { CryptoProvider } from "../../src/webhooks/crypto/CryptoProvider.js"
import { nodeCryptoProvider } from "../../src/webhooks/crypto/NodeCryptoProvider.js"
import { pureJsCryptoProvider } from "../../src/webhooks/crypto/PureJsCryptoProvider.js"
import { subtleCryptoProvider } from "../../src/webhooks/crypto/SubtleCryptoProvider.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }

/** The real signed v2 delivery. Its signature is valid at this instant. */
export const signed = {
  body: fixtures.webhook_v2_call_received_signed.delivery.raw_body,
  headers: fixtures.webhook_v2_call_received_signed.delivery.headers,
  secret: fixtures.webhook_v2_call_received_signed.signing_secret,
  nowMillis: 1_710_510_600_000
} as const

/** Raw bodies of every `webhook_` fixture, by fixture name. */
export const bodies: Readonly<Record<string, string>> = {
  webhook_v2_call_received_signed: signed.body,
  webhook_v2_call_received_with_contact: JSON.stringify(fixtures.webhook_v2_call_received_with_contact.body),
  webhook_v2_call_completed_guess: JSON.stringify(fixtures.webhook_v2_call_completed_guess.body),
  webhook_v1_call_received: JSON.stringify(fixtures.webhook_v1_call_received.body),
  webhook_v1_sms_received: JSON.stringify(fixtures.webhook_v1_sms_received.body),
  webhook_v1_contact_created: JSON.stringify(fixtures.webhook_v1_contact_created.body)
}

/** Every fixture key starting `webhook_`, to prove none is left out of {@link bodies}. */
export const fixtureNames = Object.keys(fixtures).filter((key) => key.startsWith("webhook_"))

/** A v1 body (no signature headers exist for v1). */
export const v1SmsBody = JSON.stringify(fixtures.webhook_v1_sms_received.body)

/** A second secret, for rotation and wrong-secret cases. */
export const otherSecret = "whsec_" + btoa("another-secret-key-of-32-bytes!!")

/** Log lines as text: to read what a receiver logged, and to keep a passing run quiet. */
export const captureLogs = () => {
  const lines: Array<{ readonly level: string; readonly text: string }> = []
  const logger = Logger.make(({ cause, logLevel, message }) => {
    const parts = (Array.isArray(message) ? message : [message])
      .map((part) => (typeof part === "string" ? part : part instanceof Error ? part.message : ""))
    const text = [...parts, Cause.pretty(cause)].join(" ")
    lines.push({ level: logLevel, text })
  })
  return { lines, layer: Logger.layer([logger]), text: () => lines.map((line) => line.text).join("\n") }
}

const nodeProvider = nodeCryptoProvider(nodeCrypto)
if (nodeProvider === undefined) throw new Error("node:crypto has no createHmac")

/** Every HMAC provider, to run the same tests through each path of the seam. */
export const providers: ReadonlyArray<CryptoProvider> = [
  nodeProvider,
  subtleCryptoProvider(globalThis.crypto.subtle),
  pureJsCryptoProvider
]

/**
 * A function as a JavaScript caller sees it: any argument goes. `Reflect.get`
 * hands back the module's function untyped, which is exactly that view.
 */
export const untyped = <Out>(module: object, name: string): (...args: Array<unknown>) => Out => Reflect.get(module, name)
