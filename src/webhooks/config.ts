/**
 * A receiver's options, checked once when it is built. The receiver fails
 * closed: without a usable signing secret nothing is accepted unless the
 * caller opts in to unsigned deliveries with `allowUnsigned: true`, and an
 * option that cannot work (`tolerance: ""`, `maxBodySize: -1`, a misspelt
 * topic among the handlers) is a {@link WebhookConfigError} naming it.
 *
 * @since 0.1.0
 */
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { topics } from "../schema/WebhookEvent.js"
import type { WebhookDedupeStore } from "./dedupe.js"
import { describeValue, isByteLimit, toleranceSeconds } from "./options.js"
import { secretBytes } from "./secret.js"
import type { WebhookSecret } from "./signature.js"

/** A receiver option that cannot work; `option` names it (`"secret"`, `"maxBodySize"`, `handlers["call.recieved"]`…). */
export class WebhookConfigError extends Schema.TaggedError<WebhookConfigError>()("WebhookConfigError", {
  option: Schema.String,
  message: Schema.String
}) {}

/** A receiver's options once checked. */
export interface ReceiverConfig {
  /** `undefined` only with `allowUnsigned`. */
  readonly secret: WebhookSecret | undefined
  readonly allowUnsigned: boolean
  readonly maxBodySize: number
  /** Seconds. */
  readonly toleranceSeconds: number
  /** `undefined`: dedupe off. */
  readonly dedupe: WebhookDedupeStore | undefined
}

const configError = (option: string, problem: string) =>
  Result.fail(new WebhookConfigError({ option, message: `WebhookReceiver.make: ${problem}` }))

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** No secret at all: unset, `null`, or only whitespace (an empty environment variable). */
const isAbsent = (secret: unknown): boolean => {
  const raw: unknown = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
  return raw === undefined || raw === null || (typeof raw === "string" && raw.trim() === "")
}

const isDedupeStore = (u: unknown): u is WebhookDedupeStore =>
  isRecord(u) && typeof u.claim === "function" && typeof u.complete === "function" && typeof u.release === "function"

const knownTopics: ReadonlySet<string> = new Set(topics)

/**
 * Checks a receiver's options, read as `unknown` (JavaScript callers and
 * environment variables send anything), with the dedupe store to use when
 * none is given.
 */
export const checkOptions = (
  options: unknown,
  defaultDedupe: () => WebhookDedupeStore
): Result.Result<ReceiverConfig, WebhookConfigError> => {
  if (!isRecord(options)) return configError("options", `expected options { secret, handlers }, got ${describeValue(options)}`)
  const { allowUnsigned = false, dedupe, handlers, maxBodySize, onUnknown, secret, tolerance } = options
  if (typeof allowUnsigned !== "boolean") {
    return configError("allowUnsigned", `allowUnsigned must be true or false, got ${describeValue(allowUnsigned)}`)
  }
  const absent = isAbsent(secret)
  if (absent && !allowUnsigned) {
    return configError(
      "secret",
      `no signing secret (secret is ${describeValue(secret)}; an unset environment variable?): pass the endpoint's ` +
        "whsec_… secret, or allowUnsigned: true to accept unsigned (v1) deliveries without verifying them"
    )
  }
  if (!absent) {
    const bytes = secretBytes(secret, "make")
    if (Result.isFailure(bytes)) return configError("secret", bytes.failure.message.replace(/^WebhookReceiver\.make: /, ""))
  }
  if (!isRecord(handlers)) {
    return configError("handlers", `handlers must be an object of functions by topic, got ${describeValue(handlers)}`)
  }
  for (const [topic, handler] of Object.entries(handlers)) {
    if (!knownTopics.has(topic)) {
      return configError(
        `handlers["${topic}"]`,
        `handlers has "${topic}", which is not a topic the SDK knows (a typo?); handle topics it does not know with onUnknown`
      )
    }
    if (handler !== undefined && typeof handler !== "function") {
      return configError(`handlers["${topic}"]`, `handlers["${topic}"] must be a function returning an Effect, got ${describeValue(handler)}`)
    }
  }
  if (onUnknown !== undefined && typeof onUnknown !== "function") {
    return configError("onUnknown", `onUnknown must be a function, got ${describeValue(onUnknown)}`)
  }
  if (dedupe !== undefined && dedupe !== false && !isDedupeStore(dedupe)) {
    return configError("dedupe", "dedupe must be false or a store with claim, complete and release (e.g. WebhookDedupe.memory())")
  }
  if (maxBodySize !== undefined && !isByteLimit(maxBodySize)) {
    return configError("maxBodySize", `maxBodySize must be a positive whole number of bytes, got ${describeValue(maxBodySize)}`)
  }
  const seconds = toleranceSeconds(tolerance)
  if (seconds === undefined) {
    return configError("tolerance", "tolerance must be a finite, non-negative duration such as \"5 minutes\" or 300000 (ms)")
  }
  return Result.succeed({
    secret: absent || !isSecret(secret) ? undefined : secret,
    allowUnsigned,
    maxBodySize: maxBodySize ?? DEFAULT_MAX_BODY_SIZE,
    toleranceSeconds: seconds,
    dedupe: dedupe === false ? undefined : dedupe ?? defaultDedupe()
  })
}

const isSecret = (u: unknown): u is WebhookSecret => typeof u === "string" || Redacted.isRedacted(u)

/** Default body size limit: 1 MiB (Allo's events are a few KB). */
export const DEFAULT_MAX_BODY_SIZE = 1024 * 1024
