import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import { inspect } from "node:util"
import { Webhook, WebhookEndpoint, WebhookEventType } from "../../src/schema/Webhook.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, decodeFailure, describeRules, without } from "./rules.js"

const listedV1 = at(fixtures.v1_webhooks_list_legacy.response.body.data)
const createdV1 = fixtures.v1_webhook_create_legacy.response.body.data
const listedV2 = at(fixtures.v2_webhooks_list.response.body.data)
const createdV2 = fixtures.v2_webhook_create.response.body.data
const updatedV2 = fixtures.v2_webhook_update.response.body.data
const secret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"

describe("Webhook", () => {
  it.effect("decodes the list form (snake_case allo_number, no id)", () =>
    Effect.gen(function*() {
      const webhook = yield* decode(Webhook, listedV1)
      assert.deepStrictEqual(webhook, {
        allo_number: "+1234567890",
        enabled: true,
        url: "https://your-webhook-url.com/webhook",
        topics: ["CALL_RECEIVED", "SMS_RECEIVED"]
      })
    }))

  it.effect("decodes the create form's camelCase alloNumber into allo_number", () =>
    Effect.gen(function*() {
      const webhook = yield* decode(Webhook, createdV1)
      assert.strictEqual(webhook.allo_number, "+1234567890")
      assert.strictEqual(webhook.id, "web-2NfDKEm9sF8xK3pQr1Zt")
      assert.notProperty(webhook, "alloNumber")
      // @ts-expect-error the decoded record has one spelling only
      assert.isUndefined(webhook.alloNumber)
    }))

  it.effect("prefers allo_number when both spellings arrive", () =>
    Effect.gen(function*() {
      const webhook = yield* decode(Webhook, { ...listedV1, alloNumber: "+19999999999" })
      assert.strictEqual(webhook.allo_number, "+1234567890")
      assert.notProperty(webhook, "alloNumber")
    }))

  it.effect("fails without either spelling, naming allo_number", () =>
    Effect.gen(function*() {
      const message = yield* decodeFailure(Webhook, without(listedV1, "allo_number"))
      assert.include(message, `["allo_number"]`)
      assert.include(message, "Missing key")
    }))

  it.effect("encodes back to snake_case", () =>
    Effect.gen(function*() {
      const webhook = yield* decode(Webhook, createdV1)
      const encoded = yield* Schema.encodeEffect(Webhook)(webhook)
      assert.strictEqual(encoded.allo_number, "+1234567890")
      assert.notProperty(encoded, "alloNumber")
    }))

  it.effect("accepts topics added after the SDK was written", () =>
    Effect.gen(function*() {
      const webhook = yield* decode(Webhook, { ...listedV1, topics: ["PING", "CALL_MISSED"] })
      assert.deepStrictEqual(webhook.topics, ["PING", "CALL_MISSED"])
    }))
})

describe("WebhookEndpoint", () => {
  it.effect("decodes the list form, which has no signing_secret", () =>
    Effect.gen(function*() {
      const endpoint = yield* decode(WebhookEndpoint, listedV2)
      assert.strictEqual(endpoint.id, "ep_2NfDKEm9sF8xK3pQr1Zt")
      assert.deepStrictEqual(endpoint.topics, ["call.received", "sms.received"])
      assert.strictEqual(endpoint.description, "Production event stream")
      assert.isTrue(endpoint.enabled)
      assert.strictEqual(endpoint.created_at, "2026-04-21T14:30:00Z")
      assert.notProperty(endpoint, "signing_secret")
    }))

  it.effect("decodes the update form", () =>
    Effect.gen(function*() {
      const endpoint = yield* decode(WebhookEndpoint, updatedV2)
      assert.isFalse(endpoint.enabled)
      assert.deepStrictEqual(endpoint.topics, ["call.received", "call.completed"])
    }))

  it.effect("wraps the create form's signing_secret in Redacted", () =>
    Effect.gen(function*() {
      const endpoint = yield* decode(WebhookEndpoint, createdV2)
      const signingSecret = endpoint.signing_secret
      assert.isTrue(Redacted.isRedacted(signingSecret))
      if (signingSecret === undefined || signingSecret === null) return assert.fail("signing_secret missing")
      assert.strictEqual(Redacted.value(signingSecret), secret)
    }))

  it.effect("never prints the signing secret", () =>
    Effect.gen(function*() {
      const endpoint = yield* decode(WebhookEndpoint, createdV2)
      const renderings = [
        String(endpoint),
        JSON.stringify(endpoint),
        inspect(endpoint, { depth: 5 }),
        String(endpoint.signing_secret),
        `${endpoint.signing_secret}`
      ]
      for (const shown of renderings) {
        assert.notInclude(shown, "whsec_")
        assert.notInclude(shown, "C2FVsBQIhrscChlQIMV")
      }
      assert.include(JSON.stringify(endpoint), "ep_2NfDKEm9sF8xK3pQr1Zt", "the rest of the record still serialises")
    }))

  it.effect("encodes the secret back to the wire string (for the fake server)", () =>
    Effect.gen(function*() {
      const endpoint = yield* decode(WebhookEndpoint, createdV2)
      const encoded = yield* Schema.encodeEffect(WebhookEndpoint)(endpoint)
      assert.strictEqual(encoded.signing_secret, secret)
    }))

  it.effect("rejects a non-string signing_secret, naming it", () =>
    Effect.gen(function*() {
      const message = yield* decodeFailure(WebhookEndpoint, { ...createdV2, signing_secret: 42 })
      assert.include(message, `["signing_secret"]`)
    }))

  it.effect("accepts a topic Allo adds later", () =>
    Effect.gen(function*() {
      const endpoint = yield* decode(WebhookEndpoint, { ...listedV2, topics: ["call.missed"] })
      assert.deepStrictEqual(endpoint.topics, ["call.missed"])
    }))
})

describe("WebhookEventType", () => {
  it.effect("decodes the event types example", () =>
    Effect.gen(function*() {
      const types = yield* Effect.forEach(fixtures.v2_webhook_event_types.response.body.data, (t) =>
        decode(WebhookEventType, t))
      assert.deepStrictEqual(types[0], { name: "call.received", description: "Inbound call received" })
      assert.strictEqual(types.length, 2)
    }))
})

describeRules("Webhook", Webhook, createdV1, {
  required: [],
  nullable: [],
  enums: [],
  // `alloNumber` (POST) or `allo_number` (GET): one of them is needed.
  oneOf: ["alloNumber"]
})

describeRules("WebhookEndpoint", WebhookEndpoint, listedV2, {
  required: ["id"],
  nullable: ["url", "topics", "enabled", "description", "signing_secret", "created_at"],
  enums: []
})

describeRules("WebhookEventType", WebhookEventType, at(fixtures.v2_webhook_event_types.response.body.data), {
  required: ["name"],
  nullable: ["description"],
  enums: ["name"]
})
