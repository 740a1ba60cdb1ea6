/**
 * Standard Webhooks signatures, as Allo's v2 deliveries carry them:
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature`
 * (space-separated `v1,<base64>` entries, several during a secret rotation).
 * The signature is HMAC-SHA256 over `${id}.${timestamp}.${rawBody}`, keyed
 * with the base64-decoded secret after its `whsec_` prefix.
 *
 * No `node:crypto`, so this runs on edge runtimes as well as Node: signing
 * uses Web Crypto (`globalThis.crypto.subtle`); verifying, the hot path of a
 * receiver, uses a synchronous pure-JS HMAC-SHA256 (`hmacSha256.ts`), because
 * Web Crypto's asynchronous HMAC costs 25–60 µs per call on Node — more than
 * decoding the event — and the synchronous one a few.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Tracer from "effect/Tracer"
import { WebhookSignatureError, type WebhookSignatureReason } from "../WithalloError.js"
import { readHeader, type WebhookHeaders } from "./headers.js"
import { type HmacKey, hmacKey, hmacSha256 } from "./hmacSha256.js"
import { operation } from "../internal/operation.js"

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

const PREFIX = "whsec_"
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/
const DEFAULT_TOLERANCE = Duration.minutes(5)
const encoder = new TextEncoder()

const fail = (reason: WebhookSignatureReason, message: string) =>
  new WebhookSignatureError({ reason, message: `WebhookReceiver.verify: ${message}` })

/** Decodes strict base64 (no whitespace, padding optional); `undefined` when malformed. */
const base64Decode = (text: string): Uint8Array | undefined => {
  if (!BASE64.test(text)) return undefined
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

const base64Encode = (bytes: Uint8Array): string => {
  let binary = ""
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/** Compares in time independent of where the inputs differ. */
const timingSafeEqual = (a: Uint8Array, b: Uint8Array): boolean => {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0)
  return diff === 0
}

/**
 * The key bytes of a secret, or why it cannot be used. The messages name
 * the usual mistakes without ever echoing the secret.
 */
const secretBytes = (secret: WebhookSecret): Result.Result<Uint8Array<ArrayBuffer>, WebhookSignatureError> => {
  const raw = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
  if (raw.trim() === "") return Result.fail(fail("no-secret", "no signing secret configured"))
  if (/\s/.test(raw)) {
    return Result.fail(fail(
      "no-secret",
      "the signing secret contains whitespace (a trailing newline from an env file, or a space pasted with it?); remove it"
    ))
  }
  const encoded = raw.startsWith(PREFIX) ? raw.slice(PREFIX.length) : raw
  const bytes = base64Decode(encoded)
  if (bytes === undefined || bytes.length === 0) {
    return Result.fail(fail(
      "no-secret",
      "the signing secret is not Allo's `whsec_<base64>` form; copy it again from Settings > Webhooks"
    ))
  }
  return Result.succeed(new Uint8Array(bytes))
}

// Importing a key is the slow part of an HMAC with Web Crypto: keep one per
// secret (resolved keys separately, so the usual case skips an await).
// Bounded so a misuse (a secret per request) cannot grow it forever.
const keyCache = new Map<string, Promise<CryptoKey>>()
const resolvedKeys = new Map<string, CryptoKey>()
const KEY_CACHE_LIMIT = 64

const importKey = (secret: WebhookSecret): Effect.Effect<CryptoKey, WebhookSignatureError> =>
  Effect.suspend(() => {
    const bytes = secretBytes(secret)
    if (Result.isFailure(bytes)) return Effect.fail(bytes.failure)
    const cacheKey = base64Encode(bytes.success)
    const resolved = resolvedKeys.get(cacheKey)
    if (resolved !== undefined) return Effect.succeed(resolved)
    let key = keyCache.get(cacheKey)
    if (key === undefined) {
      if (keyCache.size >= KEY_CACHE_LIMIT) {
        keyCache.clear()
        resolvedKeys.clear()
      }
      key = globalThis.crypto.subtle.importKey("raw", bytes.success, { name: "HMAC", hash: "SHA-256" }, false, [
        "sign"
      ])
      keyCache.set(cacheKey, key)
      key.then((imported) => resolvedKeys.set(cacheKey, imported), () => keyCache.delete(cacheKey))
    }
    const pending = key
    return Effect.tryPromise({
      try: () => pending,
      catch: () => fail("no-secret", "the signing secret could not be imported as an HMAC key")
    })
  })

// Verification keys by secret text, so the usual case (one secret, many
// deliveries) decodes and pads the key once. Bounded like the Web Crypto cache.
const verificationKeys = new Map<string, HmacKey>()

const verificationKey = (secret: WebhookSecret): Result.Result<HmacKey, WebhookSignatureError> => {
  const raw = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
  const cached = verificationKeys.get(raw)
  if (cached !== undefined) return Result.succeed(cached)
  const bytes = secretBytes(raw)
  if (Result.isFailure(bytes)) return Result.fail(bytes.failure)
  if (verificationKeys.size >= KEY_CACHE_LIMIT) verificationKeys.clear()
  const key = hmacKey(bytes.success)
  verificationKeys.set(raw, key)
  return Result.succeed(key)
}

const signedContent = (id: string, timestamp: string, body: string | Uint8Array): Uint8Array<ArrayBuffer> => {
  if (typeof body === "string") return encoder.encode(`${id}.${timestamp}.${body}`)
  const prefix = encoder.encode(`${id}.${timestamp}.`)
  const content = new Uint8Array(prefix.length + body.length)
  content.set(prefix, 0)
  content.set(body, prefix.length)
  return content
}

// Verification encodes into one reused buffer (the HMAC reads it
// synchronously, then it is free again): no allocation per delivery.
let scratch = new Uint8Array(4096)

const contentToVerify = (id: string, timestamp: string, body: string | Uint8Array): Uint8Array => {
  if (typeof body !== "string") return signedContent(id, timestamp, body)
  const text = `${id}.${timestamp}.${body}`
  if (scratch.length < text.length * 3) scratch = new Uint8Array(text.length * 3)
  return scratch.subarray(0, encoder.encodeInto(text, scratch).written)
}

const hmac = (key: CryptoKey, content: Uint8Array<ArrayBuffer>) =>
  Effect.tryPromise({
    try: () => globalThis.crypto.subtle.sign("HMAC", key, content),
    catch: () => fail("bad-signature", "the signature could not be computed")
  }).pipe(Effect.map((digest) => new Uint8Array(digest)))

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

/**
 * Verifies a Standard Webhooks signature on a raw body. Fails closed with
 * `WebhookSignatureError`: `"no-secret"` (secret empty or malformed),
 * `"missing-header"`, `"timestamp-out-of-range"` (more than `tolerance` from
 * `Clock`, so `TestClock` drives it) or `"bad-signature"`. Any of several
 * `v1,` entries may match (secret rotation); the comparison is constant-time.
 *
 * @example
 * ```ts
 * yield* WebhookReceiver.verify({ body: rawBody, headers: request.headers, secret: "whsec_…" })
 * ```
 */
export const verify = (options: VerifyOptions): Effect.Effect<void, WebhookSignatureError> => {
  const checked = Effect.flatMap(Clock.currentTimeMillis, (now) => {
    const result = check(options, now)
    return typeof result === "string" ? Effect.void : Effect.fail(result)
  })
  // A span without `Effect.fn`'s call-site capture (a `new Error()` per call),
  // and none at all when no tracer is installed (effect's own advice: nothing
  // could observe it): a receiver verifies every delivery, and the span cost
  // about as much as the check.
  return Effect.withFiber((fiber) =>
    fiber.getRef(Tracer.Tracer) === Tracer.nativeTracer
      ? checked
      : Effect.withSpan(checked, "WebhookReceiver.verify", {
        attributes: { "webhook.id": readHeader(options.headers, "webhook-id") }
      })
  )
}

const DEFAULT_TOLERANCE_SECONDS = Duration.toSeconds(DEFAULT_TOLERANCE)

/**
 * The whole verification, synchronously: the delivery's `webhook-id` when
 * the signature holds, else the error. One function rather than a chain of
 * effects, because a receiver runs it for every delivery.
 */
const check = (options: VerifyOptions, nowMillis: number): string | WebhookSignatureError => {
  const key = verificationKey(options.secret)
  if (Result.isFailure(key)) return key.failure
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
      "missing-header",
      `missing ${missing.join(", ")} header${missing.length > 1 ? "s" : ""}: an unsigned (v1) delivery, ` +
        "or a proxy dropped them"
    )
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return fail("timestamp-out-of-range", "webhook-timestamp is not a Unix time in seconds")
  }
  const toleranceSeconds = options.tolerance === undefined
    ? DEFAULT_TOLERANCE_SECONDS
    : Duration.toSeconds(Duration.fromInputUnsafe(options.tolerance))
  const drift = nowMillis / 1000 - Number(timestamp)
  if (Math.abs(drift) > toleranceSeconds) {
    return fail(
      "timestamp-out-of-range",
      `webhook-timestamp is ${Math.round(Math.abs(drift))} s in the ${drift > 0 ? "past" : "future"} ` +
        `(tolerance ${toleranceSeconds} s): a replayed delivery, or this server's clock is wrong`
    )
  }
  const candidates = candidateSignatures(signature)
  if (candidates.length === 0) {
    return fail("bad-signature", "webhook-signature holds no `v1,<base64>` entry")
  }
  const expected = hmacSha256(key.success, contentToVerify(id, timestamp, options.body))
  let matched = false
  for (const candidate of candidates) matched = timingSafeEqual(expected, candidate) || matched
  if (!matched) {
    return fail(
      "bad-signature",
      `none of the ${candidates.length} signature(s) match. Usual causes: the body was parsed or re-serialised ` +
        "before verifying (pass the raw request body, byte for byte), or the secret is another endpoint's or outdated"
    )
  }
  return id
}

/**
 * Signs a body the way Allo does and returns the three `webhook-*` headers:
 * for tests of a receiver, or to replay a delivery.
 *
 * @example
 * ```ts
 * const headers = yield* WebhookReceiver.sign({ id: "msg_1", timestamp: new Date(), body, secret })
 * ```
 */
export const sign = operation("WebhookReceiver.sign")(function*(options: SignOptions) {
  const key = yield* importKey(options.secret)
  const timestamp = String(
    typeof options.timestamp === "number" ? Math.floor(options.timestamp) : Math.floor(options.timestamp.getTime() / 1000)
  )
  const digest = yield* hmac(key, signedContent(options.id, timestamp, options.body))
  const headers: Record<string, string> = {
    "webhook-id": options.id,
    "webhook-timestamp": timestamp,
    "webhook-signature": `v1,${base64Encode(digest)}`
  }
  return headers
})
