/**
 * Decoding raw webhook bodies into {@link WebhookEvent}s: the behaviour that
 * goes with the pure schemas of `schema/WebhookEvent.ts`. Decoding dispatches
 * on `topic` to one member's JIT-compiled decoder instead of trying every
 * member of the union, and runs synchronously ({@link decodeResult}) so a
 * receiver spends no fiber per delivery.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import {
  type KnownWebhookEvent,
  knownWebhookEvents,
  topics,
  UnknownWebhookEvent,
  type WebhookEvent as Event,
  type WebhookEventMap,
  type WebhookEventOf,
  WebhookEventSchema,
  type WebhookTopic
} from "../schema/WebhookEvent.js"
import { compiled } from "../internal/compiled.js"
import { WebhookPayloadError } from "../WithalloError.js"

export { type KnownWebhookEvent, UnknownWebhookEvent, type WebhookEventMap, type WebhookEventOf, type WebhookTopic }

/** Any webhook event: one of the known topics, or {@link UnknownWebhookEvent}. */
export type WebhookEvent = Event

// Every schema is JIT-compiled where it is bound (members, then the unknown
// member, then the union and its copy), not in a top-level loop: the module
// keeps no statement a bundler would have to run (test/package).

/** Member schema by topic: decoding dispatches here instead of trying every member. */
const memberByTopic: ReadonlyMap<string, Schema.Decoder<KnownWebhookEvent>> = new Map(
  knownWebhookEvents.map((member) => [member.fields.topic.literal, compiled(member)] as const)
)

const unknownMember = compiled(UnknownWebhookEvent)

/** The schema users see, with the decoding functions attached below (a copy: the pure schema stays as it is). */
const schema = compiled(compiled(WebhookEventSchema).annotate({ identifier: "WebhookEvent" }))

const isJsonObject = (u: unknown): u is Record<string, unknown> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/**
 * A decoder on the synchronous path, which runs the JIT-compiled parser with
 * no fiber (`decodeUnknownResult` runs one per call); it throws on invalid
 * input, so only a failure is decoded again for its readable issue.
 */
const fastDecoder = <A>(decoder: Schema.Decoder<A>) => {
  const sync = Schema.decodeUnknownSync(decoder)
  const detailed = Schema.decodeUnknownResult(decoder)
  return (input: unknown): Result.Result<A, Schema.SchemaError> => {
    try {
      return Result.succeed(sync(input))
    } catch {
      return detailed(input)
    }
  }
}

const decodeUnknownMember = fastDecoder(unknownMember)
const decoderByTopic = new Map(
  Array.from(memberByTopic, ([topic, member]) => [topic, fastDecoder<WebhookEvent>(member)] as const)
)

const utf8 = new TextDecoder()

const payloadError = (message: string) => Result.fail(new WebhookPayloadError({ message: `WebhookEvent.decode: ${message}` }))

const parseJson = (text: string): Result.Result<unknown, WebhookPayloadError> => {
  try {
    return Result.succeed(JSON.parse(text))
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : "unparseable"
    return payloadError(`body is not valid JSON (${reason})`)
  }
}

const describe = (u: unknown): string => (u === null ? "null" : Array.isArray(u) ? "an array" : `a ${typeof u}`)

/**
 * Decodes a raw body synchronously; {@link decode} wraps this. Exposed for
 * adapters that want to avoid an effect per request. Takes `unknown` so a
 * JavaScript caller passing something other than the raw body gets a
 * `WebhookPayloadError`, not a crash.
 */
export const decodeResult = (body: string | Uint8Array): Result.Result<WebhookEvent, WebhookPayloadError> => {
  const raw: unknown = body
  if (typeof raw !== "string" && !(raw instanceof Uint8Array)) {
    return payloadError(`expected the raw request body (a string or Uint8Array), got ${describe(raw)}`)
  }
  const json = parseJson(typeof raw === "string" ? raw : utf8.decode(raw))
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

/**
 * The schema of any webhook event (a union discriminated on `topic`), with
 * {@link decode}, {@link decodeResult}, {@link isKnown}, {@link isTopic}
 * and {@link topics} attached.
 */
export const WebhookEvent = Object.assign(schema, { decode, decodeResult, isKnown, isTopic, topics })
