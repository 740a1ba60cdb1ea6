/**
 * Standard Webhooks signatures, through each provider of the HMAC seam
 * (node:crypto, Web Crypto, pure JS): every test below runs three times.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Headers } from "effect/http"
import { TestClock } from "effect/testing"
import { createHmac } from "node:crypto"
import { CryptoProvider } from "../../src/webhooks/crypto/CryptoProvider.js"
import * as Signature from "../../src/webhooks/signature.js"
import type { WebhookSignatureError } from "../../src/WithalloError.js"
import { otherSecret, providers, signed, untyped } from "./support.js"

const atSignedTime = TestClock.setTime(signed.nowMillis)

for (const provider of providers) {
  const using = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.provideService(effect, CryptoProvider, provider)
  const verify = (options: Signature.VerifyOptions) => using(Signature.verify(options))
  const sign = (options: Signature.SignOptions) => using(Signature.sign(options))
  const verifyError = (options: Signature.VerifyOptions) => Effect.flip(verify(options))

  describe(`WebhookReceiver.verify (${provider.name})`, () => {
    it.effect("accepts the real signed delivery at its timestamp", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        yield* verify({ body: signed.body, headers: signed.headers, secret: signed.secret })
      }))

    it.effect("accepts the raw bytes, a Redacted secret, and the secret without whsec_", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const bytes = new TextEncoder().encode(signed.body)
        yield* verify({ body: bytes, headers: signed.headers, secret: Redacted.make(signed.secret) })
        yield* verify({ body: signed.body, headers: signed.headers, secret: signed.secret.slice("whsec_".length) })
      }))

    it.effect("reads header names case-insensitively from records, web Headers and effect Headers", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const upper = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toUpperCase(), v]))
        yield* verify({ body: signed.body, headers: upper, secret: signed.secret })
        yield* verify({ body: signed.body, headers: new globalThis.Headers(upper), secret: signed.secret })
        yield* verify({ body: signed.body, headers: Headers.fromInput(upper), secret: signed.secret })
      }))

    it.effect("accepts up to 5 minutes of drift either way, refuses 6", () =>
      Effect.gen(function*() {
        for (const offset of [-300_000, 300_000]) {
          yield* TestClock.setTime(signed.nowMillis + offset)
          yield* verify({ body: signed.body, headers: signed.headers, secret: signed.secret })
        }
        for (const offset of [-360_000, 360_000]) {
          yield* TestClock.setTime(signed.nowMillis + offset)
          const error = yield* verifyError({ body: signed.body, headers: signed.headers, secret: signed.secret })
          assert.strictEqual(error.reason, "timestamp-out-of-range")
          assert.include(error.message, offset > 0 ? "360 s in the past" : "360 s in the future")
        }
      }))

    it.effect("honours a custom tolerance", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(signed.nowMillis + 60_000)
        const error = yield* verifyError({ body: signed.body, headers: signed.headers, secret: signed.secret, tolerance: "30 seconds" })
        assert.strictEqual(error.reason, "timestamp-out-of-range")
        yield* verify({ body: signed.body, headers: signed.headers, secret: signed.secret, tolerance: "2 minutes" })
      }))

    it.effect("refuses a tampered body and names the re-serialisation mistake", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const reserialised = JSON.stringify(JSON.parse(signed.body), null, 2)
        for (const body of [signed.body.replace("+33612345678", "+33699999999"), reserialised, signed.body + "\n"]) {
          const error = yield* verifyError({ body, headers: signed.headers, secret: signed.secret })
          assert.strictEqual(error.reason, "bad-signature")
          assert.include(error.message, "raw request body")
        }
      }))

    it.effect("refuses the wrong secret without ever printing a secret", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const error = yield* verifyError({ body: signed.body, headers: signed.headers, secret: otherSecret })
        assert.strictEqual(error.reason, "bad-signature")
        assert.include(error.message, "secret")
        for (const secret of [signed.secret, otherSecret]) {
          assert.notInclude(error.message, secret.slice("whsec_".length, 20))
          assert.notInclude(String(error), secret.slice("whsec_".length, 20))
        }
      }))

    it.effect("accepts a rotated secret when the second signature matches", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const old = yield* sign({ id: signed.headers["webhook-id"], timestamp: 1710510600, body: signed.body, secret: otherSecret })
        const headers = {
          ...signed.headers,
          "webhook-signature": `${old["webhook-signature"]} v2,ignored= ${signed.headers["webhook-signature"]}`
        }
        yield* verify({ body: signed.body, headers, secret: signed.secret })
        yield* verify({ body: signed.body, headers, secret: otherSecret })
      }))

    it.effect("rejects a MAC with a byte appended or removed (the length check of the constant-time compare)", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const mac = Uint8Array.from(atob(signed.headers["webhook-signature"].slice("v1,".length)), (c) => c.charCodeAt(0))
        const variants = [new Uint8Array([...mac, 0]), new Uint8Array([...mac, mac[0]!]), mac.subarray(0, 31), new Uint8Array(0)]
        for (const variant of variants) {
          const header = `v1,${btoa(String.fromCharCode(...variant))}`
          const error = yield* verifyError({ body: signed.body, headers: { ...signed.headers, "webhook-signature": header }, secret: signed.secret })
          assert.strictEqual(error.reason, "bad-signature", `${variant.length} bytes`)
        }
      }))

    it.effect("signs and verifies bodies over 4 KB, as text and bytes, agreeing with node:crypto", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(1_800_000_000_000)
        const key = Uint8Array.from(atob(otherSecret.slice("whsec_".length)), (c) => c.charCodeAt(0))
        for (const size of [4_095, 4_097, 10_000, 70_000]) {
          const text = JSON.stringify({ topic: "PING", data: { pad: "é☎x".repeat(size / 3) } }).slice(0, size)
          for (const body of [text, new TextEncoder().encode(text)]) {
            const headers = yield* sign({ id: "msg_big", timestamp: 1_800_000_000, body, secret: otherSecret })
            const expected = createHmac("sha256", key).update("msg_big.1800000000.").update(body).digest("base64")
            assert.strictEqual(headers["webhook-signature"], `v1,${expected}`, `${size} bytes`)
            yield* verify({ body, headers, secret: otherSecret })
            const flipped = typeof body === "string" ? body.slice(0, -1) + "!" : body.map((b, i) => (i === 4_096 ? b ^ 1 : b))
            assert.strictEqual((yield* verifyError({ body: flipped, headers, secret: otherSecret })).reason, "bad-signature")
          }
        }
      }))

    it.effect("accepts a header whose last of several signatures matches; refuses one where none does", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const good = signed.headers["webhook-signature"]
        const forged = `v1,${btoa("x".repeat(32))}`
        for (const header of [`${forged} ${forged} ${good}`, `v1,@@@ ${good}`, `${good} ${forged}`]) {
          yield* verify({ body: signed.body, headers: { ...signed.headers, "webhook-signature": header }, secret: signed.secret })
        }
        const none = yield* verifyError({ body: signed.body, headers: { ...signed.headers, "webhook-signature": `${forged} ${forged}` }, secret: signed.secret })
        assert.strictEqual(none.reason, "bad-signature")
        assert.include(none.message, "none of the 2 signature(s) match")
      }))

    it.effect("fails with no-secret, never dies, on an undefined, null or non-string secret (a JavaScript caller)", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const jsVerify = untyped<Effect.Effect<void, WebhookSignatureError>>(Signature, "verify")
        for (const secret of [undefined, null, 123, {}, ["whsec_x"], Redacted.make(42)]) {
          const error = yield* Effect.flip(using(jsVerify({ body: signed.body, headers: signed.headers, secret })))
          assert.strictEqual(error.reason, "no-secret")
          assert.match(error.message, /^WebhookReceiver\.verify: /)
        }
        for (const options of [undefined, null, "whsec_x"]) {
          assert.strictEqual((yield* Effect.flip(using(jsVerify(options))))._tag, "WebhookSignatureError")
        }
      }))

    it.effect("refuses a parsed body or missing headers as typed failures naming the mistake", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const jsVerify = untyped<Effect.Effect<void, WebhookSignatureError>>(Signature, "verify")
        const parsed = yield* Effect.flip(using(jsVerify({ body: JSON.parse(signed.body), headers: signed.headers, secret: signed.secret })))
        assert.strictEqual(parsed.reason, "bad-signature")
        assert.include(parsed.message, "a parsed body cannot be verified")
        for (const headers of [undefined, null, 42, { "webhook-id": 1, "webhook-timestamp": [2], "webhook-signature": {} }]) {
          const error = yield* Effect.flip(using(jsVerify({ body: signed.body, headers, secret: signed.secret })))
          assert.strictEqual(error.reason, "missing-header")
        }
      }))

    it.effect("refuses a tolerance that is not a finite, non-negative duration", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const jsVerify = untyped<Effect.Effect<void, WebhookSignatureError>>(Signature, "verify")
        for (const tolerance of ["", "abc", -1, "-5 minutes", Number.NaN, Number.POSITIVE_INFINITY, "Infinity", {}, { minutes: "5" }, null]) {
          const error = yield* Effect.flip(using(jsVerify({ body: signed.body, headers: signed.headers, secret: signed.secret, tolerance })))
          assert.strictEqual(error.reason, "timestamp-out-of-range", String(tolerance))
          assert.include(error.message, "tolerance must be")
        }
        yield* verify({ body: signed.body, headers: signed.headers, secret: signed.secret, tolerance: { minutes: 1 } })
      }))

    it.effect("fails closed on each missing header, naming it", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        for (const name of ["webhook-id", "webhook-timestamp", "webhook-signature"] as const) {
          const headers: Record<string, string> = { ...signed.headers }
          delete headers[name]
          const error = yield* verifyError({ body: signed.body, headers, secret: signed.secret })
          assert.strictEqual(error.reason, "missing-header")
          assert.include(error.message, name)
        }
        const empty = yield* verifyError({ body: signed.body, headers: { ...signed.headers, "webhook-signature": " " }, secret: signed.secret })
        assert.strictEqual(empty.reason, "missing-header")
      }))

    it.effect("fails closed on a malformed signature or timestamp", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        const noV1 = yield* verifyError({ body: signed.body, headers: { ...signed.headers, "webhook-signature": "v2,abc sig" }, secret: signed.secret })
        assert.strictEqual(noV1.reason, "bad-signature")
        const notBase64 = yield* verifyError({ body: signed.body, headers: { ...signed.headers, "webhook-signature": "v1,@@@" }, secret: signed.secret })
        assert.strictEqual(notBase64.reason, "bad-signature")
        const badTs = yield* verifyError({ body: signed.body, headers: { ...signed.headers, "webhook-timestamp": "2024-03-15" }, secret: signed.secret })
        assert.strictEqual(badTs.reason, "timestamp-out-of-range")
      }))

    it.effect("refuses a missing, blank or malformed secret as no-secret, naming whitespace", () =>
      Effect.gen(function*() {
        yield* atSignedTime
        for (const secret of ["", "   ", Redacted.make("")]) {
          const error = yield* verifyError({ body: signed.body, headers: signed.headers, secret })
          assert.strictEqual(error.reason, "no-secret")
        }
        const newline = yield* verifyError({ body: signed.body, headers: signed.headers, secret: signed.secret + "\n" })
        assert.strictEqual(newline.reason, "no-secret")
        assert.include(newline.message, "whitespace")
        assert.notInclude(newline.message, signed.secret)
        const garbage = yield* verifyError({ body: signed.body, headers: signed.headers, secret: "whsec_not*base64" })
        assert.strictEqual(garbage.reason, "no-secret")
        assert.include(garbage.message, "whsec_<base64>")
      }))
  })

  describe(`WebhookReceiver.sign (${provider.name})`, () => {
    it.effect("reproduces the fixture's signature", () =>
      Effect.gen(function*() {
        const headers = yield* sign({
          id: "msg_2NfDKEm9sF8xK3pQr1Zt",
          timestamp: new Date(signed.nowMillis),
          body: signed.body,
          secret: signed.secret
        })
        assert.deepStrictEqual(headers, {
          "webhook-id": signed.headers["webhook-id"],
          "webhook-timestamp": signed.headers["webhook-timestamp"],
          "webhook-signature": signed.headers["webhook-signature"]
        })
      }))

    it.effect("round-trips with verify for text and bytes", () =>
      Effect.gen(function*() {
        yield* TestClock.setTime(1_800_000_000_000)
        for (const body of ["{\"topic\":\"PING\",\"data\":{}}", new Uint8Array([0x7b, 0xff, 0x00, 0x7d]), "héllo ✓"]) {
          const headers = yield* sign({ id: "msg_x", timestamp: 1_800_000_000, body, secret: otherSecret })
          yield* verify({ body, headers, secret: otherSecret })
        }
      }))

    it.effect("fails with no-secret labelled as sign's, never dies, on a missing or malformed secret", () =>
      Effect.gen(function*() {
        const jsSign = untyped<Effect.Effect<Record<string, string>, WebhookSignatureError>>(Signature, "sign")
        for (const secret of [undefined, null, 123, "", "  ", "notasecret!", "whsec_not base64", Redacted.make("")]) {
          const error = yield* Effect.flip(using(jsSign({ id: "msg_1", timestamp: 1_800_000_000, body: "{}", secret })))
          assert.strictEqual(error.reason, "no-secret")
          assert.match(error.message, /^WebhookReceiver\.sign: /)
          assert.notInclude(error.message, "verify")
        }
        const malformed = yield* Effect.flip(sign({ id: "msg_1", timestamp: 1, body: "{}", secret: "whsec_%%%" }))
        assert.include(malformed.message, "not base64 after whsec_")
      }))

    it.effect("refuses an invalid id, timestamp or body with a typed failure", () =>
      Effect.gen(function*() {
        const jsSign = untyped<Effect.Effect<Record<string, string>, WebhookSignatureError>>(Signature, "sign")
        const valid = { id: "msg_1", timestamp: 1_800_000_000, body: "{}", secret: otherSecret }
        const cases: ReadonlyArray<readonly [string, unknown, string]> = [
          ["id", "", "missing-header"],
          ["id", "msg 1", "missing-header"],
          ["id", "msg\r\n1", "missing-header"],
          ["id", 7, "missing-header"],
          ["timestamp", new Date(Number.NaN), "timestamp-out-of-range"],
          ["timestamp", Number.NaN, "timestamp-out-of-range"],
          ["timestamp", -1, "timestamp-out-of-range"],
          ["timestamp", "1800000000", "timestamp-out-of-range"],
          ["body", { topic: "PING" }, "bad-signature"],
          ["body", undefined, "bad-signature"]
        ]
        for (const [field, value, reason] of cases) {
          const error = yield* Effect.flip(using(jsSign({ ...valid, [field]: value })))
          assert.strictEqual(error.reason, reason, `${field}: ${String(value)}`)
          assert.include(error.message, field)
        }
      }))
  })
}
