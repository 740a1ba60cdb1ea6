/**
 * The HMAC seam itself: which provider a runtime gets, and that verify and
 * sign go through the one in context (the per-provider signature tests are
 * in signature.test.ts).
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { TestClock } from "effect/testing"
import { createHmac } from "node:crypto"
import { CryptoProvider, defaultCryptoProvider, detectCryptoProvider } from "../../src/webhooks/crypto/CryptoProvider.js"
import { pureJsCryptoProvider } from "../../src/webhooks/crypto/PureJsCryptoProvider.js"
import * as Signature from "../../src/webhooks/signature.js"
import { signed } from "./support.js"

describe("the HMAC seam", () => {
  const nodeCrypto = { getBuiltinModule: (id: string) => (id === "node:crypto" ? { createHmac } : undefined) }

  it("uses node:crypto where process.getBuiltinModule has it, else Web Crypto, else pure JS", () => {
    assert.strictEqual(detectCryptoProvider(globalThis).name, "node:crypto")
    assert.strictEqual(defaultCryptoProvider().name, "node:crypto")
    const subtle = globalThis.crypto.subtle
    assert.strictEqual(detectCryptoProvider({ process: nodeCrypto, crypto: { subtle } }).name, "node:crypto")
    assert.strictEqual(detectCryptoProvider({ process: { getBuiltinModule: () => undefined }, crypto: { subtle } }).name, "web-crypto")
    const throwing = { getBuiltinModule: () => assert.fail("no node: modules here") }
    assert.strictEqual(detectCryptoProvider({ process: throwing, crypto: { subtle } }).name, "web-crypto")
    assert.strictEqual(detectCryptoProvider({ process: {}, crypto: { subtle } }).name, "web-crypto")
    assert.strictEqual(detectCryptoProvider({ crypto: {} }).name, "pure-js")
    assert.strictEqual(detectCryptoProvider({}).name, "pure-js")
  })

  it.effect("verify and sign compute every HMAC through the provider in context", () =>
    Effect.gen(function*() {
      const used: Array<string> = []
      const counting: CryptoProvider = {
        name: "pure-js",
        hmacSha256: (key) => {
          const inner = pureJsCryptoProvider.hmacSha256(key)
          return {
            digestSync: undefined,
            digest: (message) => {
              used.push(String(message[0]))
              return inner.digest(message)
            }
          }
        }
      }
      yield* TestClock.setTime(signed.nowMillis)
      const headers = yield* Effect.provideService(
        Signature.sign({ id: "msg_seam", timestamp: signed.nowMillis / 1000, body: signed.body, secret: signed.secret }),
        CryptoProvider,
        counting
      )
      yield* Effect.provideService(Signature.verify({ body: signed.body, headers, secret: signed.secret }), CryptoProvider, counting)
      assert.deepStrictEqual(used, ["msg_seam.1710510600.", "msg_seam.1710510600."])
    }))

  it.effect("a provider whose crypto rejects is a typed failure, not a defect", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(signed.nowMillis)
      const broken: CryptoProvider = {
        name: "web-crypto",
        hmacSha256: () => ({ digestSync: undefined, digest: () => Promise.reject(new Error("OperationError")) })
      }
      const error = yield* Effect.flip(
        Effect.provideService(Signature.verify({ body: signed.body, headers: signed.headers, secret: signed.secret }), CryptoProvider, broken)
      )
      assert.strictEqual(error.reason, "bad-signature")
      const signError = yield* Effect.flip(
        Effect.provideService(Signature.sign({ id: "m", timestamp: 1, body: "{}", secret: signed.secret }), CryptoProvider, broken)
      )
      assert.match(signError.message, /^WebhookReceiver\.sign: /)
    }))
})
