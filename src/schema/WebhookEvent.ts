/**
 * The events Allo POSTs to a webhook endpoint, both generations:
 *
 * - v1 (legacy): `{ "topic": "CALL_RECEIVED", "data": {…} }`, upper-case topics;
 * - v2: `{ "topic": "call.completed", "version": "2.0", "timestamp": "…", "data": {…} }`.
 *
 * `WebhookEvent` is a schema whose type is a union discriminated on `topic`,
 * and carries `WebhookEvent.decode` for raw request bodies. Any topic the SDK
 * does not know decodes to {@link UnknownWebhookEvent}, so a topic Allo adds
 * tomorrow reaches the receiver instead of being rejected.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { compiled } from "../internal/compiled.js"
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
} from "../webhooks/eventData.js"
import { WebhookPayloadError } from "../WithalloError.js"
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

const knownMembers = [
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
export type KnownWebhookEvent = (typeof knownMembers)[number]["Type"]

/** A topic the SDK knows, v1 or v2. */
export type WebhookTopic = KnownWebhookEvent["topic"]

/** Each known topic's event type, by topic. */
export type WebhookEventMap = { readonly [E in KnownWebhookEvent as E["topic"]]: E }

/** The event type for one known topic (a union for a union of topics). */
export type WebhookEventOf<T extends WebhookTopic> = WebhookEventMap[T]

/** Member schema by topic: decoding dispatches here instead of trying every member. */
const memberByTopic: ReadonlyMap<string, Schema.Decoder<KnownWebhookEvent>> = new Map(
  knownMembers.map((member) => [member.fields.topic.literal, member] as const)
)

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
    Schema.makeFilter((topic: string) => !memberByTopic.has(topic) || `"${topic}" is a known topic`)
  ),
  version: Optional(Schema.String),
  timestamp: Optional(Schema.String),
  data: Schema.Unknown.check(Schema.makeFilter((data: unknown) => isJsonObject(data) || "expected an object"))
})

/** An event whose topic the SDK does not know (yet). */
export type UnknownWebhookEvent = typeof UnknownWebhookEvent.Type

/** Any webhook event: one of the known topics, or {@link UnknownWebhookEvent}. */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent

// JIT-compiled where each decoder is made (not in a top-level loop, which a
// bundler would have to keep: the module has no side effects on import).
const WebhookEventSchema = compiled(Schema.Union([...knownMembers, UnknownWebhookEvent]))

/**
 * A decoder on the synchronous path, which runs the JIT-compiled parser with
 * no fiber (`decodeUnknownResult` runs one per call); it throws on invalid
 * input, so only a failure is decoded again for its readable issue.
 */
const fastDecoder = <A>(schema: Schema.Decoder<A>) => {
  const sync = Schema.decodeUnknownSync(schema)
  const detailed = Schema.decodeUnknownResult(schema)
  return (input: unknown): Result.Result<A, Schema.SchemaError> => {
    try {
      return Result.succeed(sync(input))
    } catch {
      return detailed(input)
    }
  }
}

const decodeUnknownMember = fastDecoder(compiled(UnknownWebhookEvent))
const decoderByTopic = new Map(
  Array.from(memberByTopic, ([topic, member]) => [topic, fastDecoder<WebhookEvent>(compiled(member))] as const)
)

const utf8 = new TextDecoder()

const payloadError = (message: string) => Result.fail(new WebhookPayloadError({ message: `WebhookEvent.decode: ${message}` }))

const parseJson = (text: string): Result.Result<unknown, WebhookPayloadError> => {
  try {
    return Result.succeed(JSON.parse(text))
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    return payloadError(`body is not valid JSON (${reason})`)
  }
}

const describe = (u: unknown): string => (u === null ? "null" : Array.isArray(u) ? "an array" : `a ${typeof u}`)

/**
 * Decodes a raw body synchronously; {@link decode} wraps this. Exposed for
 * adapters that want to avoid an effect per request.
 */
export const decodeResult = (body: string | Uint8Array): Result.Result<WebhookEvent, WebhookPayloadError> => {
  const json = parseJson(typeof body === "string" ? body : utf8.decode(body))
  if (Result.isFailure(json)) return Result.fail(json.failure)
  const envelope = json.success
  if (!isJsonObject(envelope)) return payloadError(`expected a JSON object with "topic" and "data", got ${describe(envelope)}`)
  const topic = envelope.topic
  if (typeof topic !== "string") {
    return payloadError(topic === undefined ? `the "topic" field is missing` : `"topic" must be a string, got ${describe(topic)}`)
  }
  if (!isJsonObject(envelope.data)) {
    return payloadError(
      envelope.data === undefined
        ? `the "data" field of topic "${topic}" is missing`
        : `"data" of topic "${topic}" must be an object, got ${describe(envelope.data)}`
    )
  }
  const decodeMember = decoderByTopic.get(topic)
  const decoded: Result.Result<WebhookEvent, Schema.SchemaError> = decodeMember === undefined
    ? decodeUnknownMember(envelope)
    : decodeMember(envelope)
  return Result.isSuccess(decoded)
    ? Result.succeed(decoded.success)
    : payloadError(`topic "${topic}" does not match its schema: ${decoded.failure.message}`)
}

/**
 * Decodes a raw webhook body (the bytes as received, or their text) into a
 * {@link WebhookEvent}. Malformed JSON, a missing or non-string `topic`, a
 * `data` that is not an object, or data not matching its topic's schema fail
 * with `WebhookPayloadError`.
 *
 * @example
 * ```ts
 * const event = yield* WebhookEvent.decode(rawBody)
 * if (WebhookEvent.isKnown(event) && event.topic === "call.received") {
 *   console.log(event.data.from_number)
 * }
 * ```
 */
export const decode = (body: string | Uint8Array): Effect.Effect<WebhookEvent, WebhookPayloadError> =>
  Effect.suspend(() => Effect.fromResult(decodeResult(body)))

/**
 * `true` when the SDK knows the event's topic; narrows to {@link KnownWebhookEvent}
 * (and, in the `else` branch, to {@link UnknownWebhookEvent}).
 */
export const isKnown = (event: WebhookEvent): event is KnownWebhookEvent => memberByTopic.has(event.topic)

/** Narrows an event to one known topic. */
export const isTopic = <T extends WebhookTopic>(event: WebhookEvent, topic: T): event is WebhookEventOf<T> =>
  event.topic === topic

/** Every topic the SDK knows. */
export const topics: ReadonlyArray<WebhookTopic> = knownMembers.map((member) => member.fields.topic.literal)

/**
 * The schema of any webhook event (a union discriminated on `topic`), with
 * {@link decode}, {@link decodeResult}, {@link isKnown}, {@link isTopic}
 * and {@link topics} attached.
 */
export const WebhookEvent = Object.assign(WebhookEventSchema, { decode, decodeResult, isKnown, isTopic, topics })
