/**
 * The events Allo POSTs to a webhook endpoint, both generations:
 *
 * - v1 (legacy): `{ "topic": "CALL_RECEIVED", "data": {…} }`, upper-case topics;
 * - v2: `{ "topic": "call.completed", "version": "2.0", "timestamp": "…", "data": {…} }`.
 *
 * Schemas only: {@link WebhookEventSchema} is a union discriminated on
 * `topic`. Any topic the SDK does not know decodes to
 * {@link UnknownWebhookEvent}, so a topic Allo adds tomorrow reaches the
 * receiver instead of being rejected. Decoding raw bodies (`decode`, the
 * JIT-compiled decoders, `isKnown`) lives in `webhooks/decode.ts`, which
 * exports the public `WebhookEvent`: this schema with those functions.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import {
  AnyObject,
  CallCompletedData,
  CallProgressData,
  CallReceivedData,
  CallRingingData,
  ContactEventData,
  ContactV2Data,
  SmsEventData,
  SmsV2Data
} from "./WebhookEventData.js"
import { Optional } from "./internal.js"

const v1 = <const T extends string, D extends Schema.Top>(topic: T, data: D) =>
  Schema.Struct({ topic: Schema.Literal(topic), data })

const v2 = <const T extends string, D extends Schema.Top>(topic: T, data: D) =>
  Schema.Struct({
    topic: Schema.Literal(topic),
    /** Always `"2.0"` so far. */
    version: Optional(Schema.String),
    /** ISO 8601; the number of fractional digits varies. */
    timestamp: Optional(Schema.String),
    data
  })

/** v1 `CALL_RECEIVED`: a call ended; the full call record with transcript and transfers. */
export const CallReceivedEvent = v1("CALL_RECEIVED", CallReceivedData)
/** v1 `SMS_RECEIVED`. */
export const SmsReceivedEvent = v1("SMS_RECEIVED", SmsEventData)
/** v1 `SMS_SENT`. */
export const SmsSentEvent = v1("SMS_SENT", SmsEventData)
/** v1 `CONTACT_CREATED`. */
export const ContactCreatedEvent = v1("CONTACT_CREATED", ContactEventData)
/** v1 `CONTACT_UPDATED`. */
export const ContactUpdatedEvent = v1("CONTACT_UPDATED", ContactEventData)
/** v1 `PING`: the test event from Allo's settings; its data is not documented. */
export const PingEvent = v1("PING", AnyObject)

/** v2 `call.received`: an inbound call starts ringing, with the matched contact, company and deals. */
export const CallRingingEvent = v2("call.received", CallRingingData)
/** v2 `call.triggered`: an outbound call was initiated. */
export const CallTriggeredEvent = v2("call.triggered", CallProgressData)
/** v2 `call.answered`: the far side answered. */
export const CallAnsweredEvent = v2("call.answered", CallProgressData)
/** v2 `call.completed`: a call ended (recording, transcript, summary). */
export const CallCompletedEvent = v2("call.completed", CallCompletedData)
/** v2 `sms.received`. */
export const SmsReceivedV2Event = v2("sms.received", SmsV2Data)
/** v2 `sms.sent`. */
export const SmsSentV2Event = v2("sms.sent", SmsV2Data)
/** v2 `contact.created`. */
export const ContactCreatedV2Event = v2("contact.created", ContactV2Data)
/** v2 `contact.updated`. */
export const ContactUpdatedV2Event = v2("contact.updated", ContactV2Data)
/** v2 `tag.added`: fields not documented; the data object is kept as sent. */
export const TagAddedEvent = v2("tag.added", AnyObject)
/** v2 `tag.removed`: fields not documented; the data object is kept as sent. */
export const TagRemovedEvent = v2("tag.removed", AnyObject)
/** v2 `summary.updated`: fields not documented; the data object is kept as sent. */
export const SummaryUpdatedEvent = v2("summary.updated", AnyObject)

/** The schema of every topic the SDK knows, v1 then v2. */
export const knownWebhookEvents = [
  CallReceivedEvent,
  SmsReceivedEvent,
  SmsSentEvent,
  ContactCreatedEvent,
  ContactUpdatedEvent,
  PingEvent,
  CallRingingEvent,
  CallTriggeredEvent,
  CallAnsweredEvent,
  CallCompletedEvent,
  SmsReceivedV2Event,
  SmsSentV2Event,
  ContactCreatedV2Event,
  ContactUpdatedV2Event,
  TagAddedEvent,
  TagRemovedEvent,
  SummaryUpdatedEvent
] as const

/** Every event whose topic the SDK knows. */
export type KnownWebhookEvent = (typeof knownWebhookEvents)[number]["Type"]

/** A topic the SDK knows, v1 or v2. */
export type WebhookTopic = KnownWebhookEvent["topic"]

/** Each known topic's event type, by topic. */
export type WebhookEventMap = { readonly [E in KnownWebhookEvent as E["topic"]]: E }

/** The event type for one known topic (a union for a union of topics). */
export type WebhookEventOf<T extends WebhookTopic> = WebhookEventMap[T]

/** Every topic the SDK knows. */
export const topics: ReadonlyArray<WebhookTopic> = knownWebhookEvents.map((member) => member.fields.topic.literal)

const knownTopics: ReadonlySet<string> = new Set(topics)

const isJsonObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * An event whose topic the SDK does not know (yet). `data` is whatever
 * object Allo sent. Its `topic` is any string, so TypeScript cannot rule it
 * out from a `switch` on `topic` alone: check `WebhookEvent.isKnown(event)`
 * first, and the `switch` then narrows `data` to each topic's type.
 */
export const UnknownWebhookEvent = Schema.Struct({
  topic: Schema.String.check(
    Schema.makeFilter((topic: string) => !knownTopics.has(topic) || `"${topic}" is a known topic`)
  ),
  version: Optional(Schema.String),
  timestamp: Optional(Schema.String),
  data: Schema.Unknown.check(Schema.makeFilter((data: unknown) => isJsonObject(data) || "expected an object"))
})

/** An event whose topic the SDK does not know (yet). */
export type UnknownWebhookEvent = typeof UnknownWebhookEvent.Type

/** Any webhook event: one of the known topics, or {@link UnknownWebhookEvent}. */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent

/**
 * The schema of any webhook event: a union discriminated on `topic`. Users
 * reach it as `WebhookEvent` (from the package root), which adds `decode`.
 */
export const WebhookEventSchema = Schema.Union([...knownWebhookEvents, UnknownWebhookEvent])
