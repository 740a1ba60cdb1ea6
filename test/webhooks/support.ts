/**
 * Webhook fixtures from Allo's docs, as raw bodies, plus the signed delivery.
 */
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
