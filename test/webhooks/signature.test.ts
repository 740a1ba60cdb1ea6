import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted } from "effect"
import { Headers } from "effect/http"
import { TestClock } from "effect/testing"
import { sign, verify } from "../../src/webhooks/signature.js"
import { otherSecret, signed } from "./support.js"

const atSignedTime = TestClock.setTime(signed.nowMillis)
const verifyError = (options: Parameters<typeof verify>[0]) => Effect.flip(verify(options))

describe("WebhookReceiver.verify", () => {
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

describe("WebhookReceiver.sign", () => {
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
})
