/**
 * Standard Webhooks signatures, as Allo's v2 deliveries carry them:
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (space-separated `v1,<base64>` entries, several during a secret rotation).
 * The signature is HMAC-SHA256 over `${id}.${timestamp}.${rawBody}`, keyed
 * with the base64-decoded secret after its `whsec_` prefix.
 *
 * Every HMAC goes through the `CryptoProvider` seam (`crypto/`):
 * `node:crypto` when the runtime has it (synchronous: a receiver's hot path
 * takes no promise), Web Crypto elsewhere. Inputs are checked as `unknown`,
 * so a JavaScript caller's `undefined` secret or parsed body is a
 * `WebhookSignatureError`, never a crash.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Tracer from "effect/Tracer"
import { WebhookSignatureError } from "../WithalloError.js"
import { CryptoProvider, type HmacSha256, type MessageParts } from "./crypto/CryptoProvider.js"
import { base64Decode, base64Encode } from "./crypto/encode.js"
import { fail, hmacFor } from "./secret.js"
import { readHeader, type WebhookHeaders } from "./headers.js"
import { describeValue, toleranceSeconds } from "./options.js"

/** A signing secret as Allo shows it (`whsec_…`), with or without the prefix; plain or `Redacted`. */
export type WebhookSecret = string | Redacted.Redacted<string>

/** What {@link verify} needs. */
export interface VerifyOptions {
  /** The raw body exactly as received: never a parsed and re-serialised object. */
  readonly body: string | Uint8Array
  readonly headers: WebhookHeaders
  readonly secret: WebhookSecret
  /** How far `webhook-timestamp` may be from now, either way. Default 5 minutes. */
  readonly tolerance?: Duration.Input | undefined
}

/** What {@link sign} needs. */
export interface SignOptions {
  /** The `webhook-id`, e.g. `msg_2NfDKEm9sF8xK3pQr1Zt`. */
  readonly id: string
  /** A `Date` or Unix seconds. */
  readonly timestamp: Date | number
  readonly body: string | Uint8Array
  readonly secret: WebhookSecret
}

/** Compares in time independent of where the inputs differ; inputs of different lengths never match. */
export const timingSafeEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/** The MAC of `message`: synchronously when the provider can, else through its promise. */
const digest = (
  hmac: HmacSha256,
  message: MessageParts,
  onError: () => WebhookSignatureError
): Effect.Effect<Uint8Array, WebhookSignatureError> => {
  if (hmac.digestSync === undefined) return Effect.tryPromise({ try: () => hmac.digest(message), catch: onError })
  const digestSync = hmac.digestSync
  return Effect.try({ try: () => digestSync(message), catch: onError })
}

const isBody = (body: unknown): body is string | Uint8Array => typeof body === "string" || body instanceof Uint8Array

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

/** The `v1` signatures in a `webhook-signature` header, decoded; other versions are ignored. */
const candidateSignatures = (header: string): ReadonlyArray<Uint8Array> => {
  const out: Array<Uint8Array> = []
  for (const entry of header.split(" ")) {
    const comma = entry.indexOf(",")
    if (comma < 0 || entry.slice(0, comma) !== "v1") continue
    const bytes = base64Decode(entry.slice(comma + 1))
    if (bytes !== undefined) out.push(bytes)
  }
  return out
}

/** What is left to do once the headers, timestamp and secret have passed: compute and compare. */
interface Pending {
  readonly hmac: HmacSha256
  readonly message: MessageParts
  readonly candidates: ReadonlyArray<Uint8Array>
}

/** Every check before the HMAC, synchronously: what to compute, or why the delivery is refused. */
const prepare = (options: unknown, nowMillis: number, provider: CryptoProvider): Pending | WebhookSignatureError => {
  if (!isRecord(options)) {
    return fail("verify", "no-secret", `expected options { body, headers, secret }, got ${describeValue(options)}`)
  }
  const hmac = hmacFor(provider, options.secret, "verify")
  if (Result.isFailure(hmac)) return hmac.failure
  const body = options.body
  if (!isBody(body)) {
    return fail(
      "verify",
      "bad-signature",
      `body must be the raw request body (a string or Uint8Array, byte for byte), got ${describeValue(body)}: ` +
        "a parsed body cannot be verified"
    )
  }
  const tolerance = toleranceSeconds(options.tolerance)
  if (tolerance === undefined) {
    return fail("verify", "timestamp-out-of-range", "tolerance must be a finite, non-negative duration such as \"5 minutes\"")
  }
  const id = readHeader(options.headers, "webhook-id")
  const timestamp = readHeader(options.headers, "webhook-timestamp")
  const signature = readHeader(options.headers, "webhook-signature")
  if (id === undefined || timestamp === undefined || signature === undefined) {
    const missing = [
      id === undefined ? "webhook-id" : undefined,
      timestamp === undefined ? "webhook-timestamp" : undefined,
      signature === undefined ? "webhook-signature" : undefined
    ].filter((name) => name !== undefined)
    return fail(
      "verify",
      "missing-header",
      `missing ${missing.join(", ")} header${missing.length > 1 ? "s" : ""}: an unsigned (v1) delivery, ` +
        "or a proxy dropped them"
    )
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return fail("verify", "timestamp-out-of-range", "webhook-timestamp is not a Unix time in seconds")
  }
  const drift = nowMillis / 1000 - Number(timestamp)
  if (Math.abs(drift) > tolerance) {
    return fail(
      "verify",
      "timestamp-out-of-range",
      `webhook-timestamp is ${Math.round(Math.abs(drift))} s in the ${drift > 0 ? "past" : "future"} ` +
        `(tolerance ${tolerance} s): a replayed delivery, or this server's clock is wrong`
    )
  }
  const candidates = candidateSignatures(signature)
  if (candidates.length === 0) {
    return fail("verify", "bad-signature", "webhook-signature holds no `v1,<base64>` entry")
  }
  return { hmac: hmac.success, message: [`${id}.${timestamp}.`, body], candidates }
}

/** Accepts when any candidate matches; every candidate is compared, in constant time. */
const compare = (expected: Uint8Array, candidates: ReadonlyArray<Uint8Array>): Effect.Effect<void, WebhookSignatureError> => {
  let matched = false
  for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched
  return matched ? Effect.void : Effect.fail(fail(
    "verify",
    "bad-signature",
    `none of the ${candidates.length} signature(s) match. Usual causes: the body was parsed or re-serialised ` +
      "before verifying (pass the raw request body, byte for byte), or the secret is another endpoint's or outdated"
  ))
}

const verifyWith = (options: VerifyOptions, nowMillis: number, provider: CryptoProvider) => {
  const pending = prepare(options, nowMillis, provider)
  if (pending instanceof WebhookSignatureError) return Effect.fail(pending)
  return Effect.flatMap(
    digest(pending.hmac, pending.message, () => fail("verify", "bad-signature", "the runtime's crypto failed to compute the HMAC")),
    (expected) => compare(expected, pending.candidates)
  )
}

/**
 * Verifies a Standard Webhooks signature on a raw body. Fails closed with
 * `WebhookSignatureError`: `"no-secret"` (secret missing, empty or
 * malformed), `"missing-header"`, `"timestamp-out-of-range"` (more than
 * `tolerance` from `Clock`, so `TestClock` drives it) or `"bad-signature"`.
 * Any of several `v1,` entries may match (secret rotation); the comparison
 * is constant-time.
 *
 * @example
 * ```ts
 * yield* WebhookReceiver.verify({ body: rawBody, headers: request.headers, secret: "whsec_…" })
 * ```
 */
export const verify = (options: VerifyOptions): Effect.Effect<void, WebhookSignatureError> => {
  const checked = Effect.flatMap(
    Clock.currentTimeMillis,
    (now) => Effect.withFiber((fiber) => verifyWith(options, now, fiber.getRef(CryptoProvider)))
  )
  // A span without `Effect.fn`'s call-site capture (a `new Error()` per call),
  // and none at all when no tracer is installed (effect's own advice: nothing
  // could observe it): a receiver verifies every delivery, and the span cost
  // about as much as the check.
  return Effect.withFiber((fiber) =>
    fiber.getRef(Tracer.Tracer) === Tracer.nativeTracer
      ? checked
      : Effect.withSpan(checked, "WebhookReceiver.verify", {
        attributes: { "webhook.id": isRecord(options) ? readHeader(options.headers, "webhook-id") : undefined }
      })
  )
}

const ID = /^[^\s\x00-\x1f\x7f]+$/

/** The options of {@link sign}, checked: id, Unix seconds, body and prepared key. */
const signInputs = (options: unknown, provider: CryptoProvider) => {
  if (!isRecord(options)) {
    return fail("sign", "no-secret", `expected options { id, timestamp, body, secret }, got ${describeValue(options)}`)
  }
  const hmac = hmacFor(provider, options.secret, "sign")
  if (Result.isFailure(hmac)) return hmac.failure
  const { body, id, timestamp } = options
  if (typeof id !== "string" || !ID.test(id)) {
    return fail("sign", "missing-header", `id (the webhook-id) must be a non-empty string without spaces, got ${describeValue(id)}`)
  }
  const seconds = timestamp instanceof Date ? timestamp.getTime() / 1000 : timestamp
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0 || seconds >= 1e12) {
    return fail("sign", "timestamp-out-of-range", `timestamp must be a valid Date or Unix seconds, got ${describeValue(timestamp)}`)
  }
  if (!isBody(body)) {
    return fail("sign", "bad-signature", `body must be the raw body (a string or Uint8Array), got ${describeValue(body)}`)
  }
  return { hmac: hmac.success, id, timestamp: String(Math.floor(seconds)), body }
}

/**
 * Signs a body the way Allo does and returns the three `webhook-*` headers:
 * for tests of a receiver, or to replay a delivery. Fails with
 * `WebhookSignatureError` (its message starting `WebhookReceiver.sign:`) on a
 * missing or malformed secret or an invalid id, timestamp or body.
 *
 * @example
 * ```ts
 * const headers = yield* WebhookReceiver.sign({ id: "msg_1", timestamp: new Date(), body, secret })
 * ```
 */
export const sign = (options: SignOptions): Effect.Effect<Record<string, string>, WebhookSignatureError> =>
  Effect.withSpan(signWith(options), "WebhookReceiver.sign", { captureStackTrace: false })

const signWith = (options: SignOptions) =>
  Effect.withFiber((fiber) => {
    const inputs = signInputs(options, fiber.getRef(CryptoProvider))
    if (inputs instanceof WebhookSignatureError) return Effect.fail(inputs)
    const onError = () => fail("sign", "bad-signature", "the runtime's crypto failed to compute the HMAC")
    return Effect.map(digest(inputs.hmac, [`${inputs.id}.${inputs.timestamp}.`, inputs.body], onError), (mac) => {
      const headers: Record<string, string> = {
        "webhook-id": inputs.id,
        "webhook-timestamp": inputs.timestamp,
        "webhook-signature": `v1,${base64Encode(mac)}`
      }
      return headers
    })
  })
