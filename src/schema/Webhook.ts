/**
 * Webhook management records: the legacy v1 `Webhook` (one per Allo number)
 * and the v2 `WebhookEndpoint` (one per URL, covering the whole workspace),
 * plus the v2 event-type catalogue.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaIssue from "effect/SchemaIssue"
import { Nullable, OpenEnum, Optional } from "./internal.js"

/** A v1 webhook topic. */
export const WebhookTopic = OpenEnum([
  "PING",
  "CALL_RECEIVED",
  "SMS_RECEIVED",
  "SMS_SENT",
  "CONTACT_CREATED",
  "CONTACT_UPDATED"
])

/** A v1 webhook topic. */
export type WebhookTopic = typeof WebhookTopic.Type

const webhookFields = {
  /** `web-…`; the list response has none. */
  id: Optional(Schema.String),
  enabled: Optional(Schema.Boolean),
  url: Optional(Schema.String),
  topics: Optional(Schema.Array(WebhookTopic))
}

/** What v1 sends: `allo_number` from `GET`, `alloNumber` from `POST`. */
const WebhookWire = Schema.Struct({
  ...webhookFields,
  allo_number: Optional(Schema.String),
  alloNumber: Optional(Schema.String)
})

/** What the SDK exposes: always `allo_number`. */
const WebhookRecord = Schema.Struct({
  ...webhookFields,
  /** The Allo number (E.164) whose events this webhook receives. */
  allo_number: Schema.String
})

/**
 * A legacy v1 webhook. Allo answers `GET /v1/api/webhooks` with
 * `allo_number` but `POST` with `alloNumber`; both decode to `allo_number`
 * so callers read one field whichever call produced the record. Encoding
 * writes `allo_number`.
 */
export const Webhook = WebhookWire.pipe(
  Schema.decodeTo(WebhookRecord, {
    decode: SchemaGetter.transformEffect(({ allo_number, alloNumber, ...rest }) => {
      const number = allo_number ?? alloNumber
      return number === undefined
        ? Effect.fail(new SchemaIssue.Pointer(["allo_number"], new SchemaIssue.MissingKey(undefined)))
        : Effect.succeed({ ...rest, allo_number: number })
    }),
    encode: SchemaGetter.transform((record) => record)
  })
)

/** A legacy v1 webhook, always with `allo_number`. */
export type Webhook = typeof Webhook.Type

/** A v2 webhook topic (dotted, lowercase). */
export const WebhookEndpointTopic = OpenEnum([
  "call.received",
  "call.triggered",
  "call.answered",
  "call.completed",
  "tag.added",
  "tag.removed",
  "sms.received",
  "sms.sent",
  "contact.created",
  "contact.updated",
  "summary.updated"
])

/** A v2 webhook topic. */
export type WebhookEndpointTopic = typeof WebhookEndpointTopic.Type

/**
 * A v2 webhook endpoint. `signing_secret` comes back only from create and
 * get-by-id; it decodes to a `Redacted` so logging or serialising the record
 * never leaks it — read it with `Redacted.value`.
 */
export const WebhookEndpoint = Schema.Struct({
  /** `ep_…` */
  id: Schema.String,
  url: Nullable(Schema.String),
  topics: Nullable(Schema.Array(WebhookEndpointTopic)),
  description: Nullable(Schema.String),
  enabled: Nullable(Schema.Boolean),
  /** `whsec_<base64>`, hidden behind `Redacted`. Absent from list and update responses. */
  signing_secret: Nullable(Schema.RedactedFromValue(Schema.String)),
  created_at: Nullable(Schema.String)
})

/** A v2 webhook endpoint. */
export type WebhookEndpoint = typeof WebhookEndpoint.Type

/** One entry of `GET /v2/api/webhooks/event_types`. */
export const WebhookEventType = Schema.Struct({
  /** A topic such as `call.received`. */
  name: WebhookEndpointTopic,
  description: Nullable(Schema.String)
})

/** One entry of the v2 event-type catalogue. */
export type WebhookEventType = typeof WebhookEventType.Type
