/**
 * Signing secrets: Allo's `whsec_<base64>` text (plain or `Redacted`) to key
 * bytes, with the reason when it cannot be used, and the prepared HMAC keys
 * cached per secret.
 *
 * @internal
 */
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import { WebhookSignatureError, type WebhookSignatureReason } from "../WithalloError.js"
import type { CryptoProvider, HmacSha256 } from "./crypto/CryptoProvider.js"
import { base64Decode } from "./crypto/encode.js"
import { describeValue } from "./options.js"

/** Which function an error comes from: its message starts with `WebhookReceiver.<operation>:`. */
export type SignatureOperation = "verify" | "sign" | "make"

const PREFIX = "whsec_"

/** A signature error whose message says which function refused. */
export const fail = (operation: SignatureOperation, reason: WebhookSignatureReason, message: string) =>
  new WebhookSignatureError({ reason, message: `WebhookReceiver.${operation}: ${message}` })

/**
 * The key bytes of a secret, or why it cannot be used. The messages name the
 * usual mistakes (an unset environment variable, a trailing newline, another
 * format) without ever echoing the secret.
 */
export const secretBytes = (
  secret: unknown,
  operation: SignatureOperation
): Result.Result<Uint8Array<ArrayBuffer>, WebhookSignatureError> => {
  const raw: unknown = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
  if (raw === undefined || raw === null) {
    return Result.fail(fail(operation, "no-secret", `no signing secret configured (secret is ${raw}); pass the endpoint's whsec_… secret`))
  }
  if (typeof raw !== "string") {
    return Result.fail(fail(operation, "no-secret", `the signing secret must be a string, got ${describeValue(raw)}`))
  }
  if (raw.trim() === "") return Result.fail(fail(operation, "no-secret", "the signing secret is empty"))
  if (/\s/.test(raw)) {
    return Result.fail(fail(
      operation,
      "no-secret",
      "the signing secret contains whitespace (a trailing newline from an env file, or a space pasted with it?); remove it"
    ))
  }
  const bytes = base64Decode(raw.startsWith(PREFIX) ? raw.slice(PREFIX.length) : raw)
  if (bytes === undefined || bytes.length === 0) {
    return Result.fail(fail(
      operation,
      "no-secret",
      "the signing secret is not Allo's `whsec_<base64>` form (not base64 after whsec_); copy it again from Settings > Webhooks"
    ))
  }
  return Result.succeed(bytes)
}

// Prepared keys by provider and secret text, so the usual case (one secret,
// many deliveries) decodes and imports the key once. Bounded so a misuse (a
// secret per request) cannot grow it forever.
const preparedKeys = new WeakMap<CryptoProvider, Map<string, HmacSha256>>()
const KEY_CACHE_LIMIT = 64

/** The prepared HMAC for a secret under a provider (cached), or why the secret cannot be used. */
export const hmacFor = (
  provider: CryptoProvider,
  secret: unknown,
  operation: SignatureOperation
): Result.Result<HmacSha256, WebhookSignatureError> => {
  const text = Redacted.isRedacted(secret) ? Redacted.value(secret) : secret
  let cache = preparedKeys.get(provider)
  const cached = typeof text === "string" ? cache?.get(text) : undefined
  if (cached !== undefined) return Result.succeed(cached)
  const bytes = secretBytes(secret, operation)
  if (Result.isFailure(bytes)) return Result.fail(bytes.failure)
  const hmac = provider.hmacSha256(bytes.success)
  if (typeof text === "string") {
    if (cache === undefined) preparedKeys.set(provider, cache = new Map())
    if (cache.size >= KEY_CACHE_LIMIT) cache.clear()
    cache.set(text, hmac)
  }
  return Result.succeed(hmac)
}

