/**
 * What `verify` and `sign` tell a user who got something wrong: the reason
 * and the whole message, one row per mistake. The message is what a user
 * reads in a log to fix a receiver, so each is pinned word for word (none
 * ever echoes the secret). Also: the prepared-key cache (one key import per
 * secret, bounded), and the base64 the secret and signatures are read with.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Redacted, Tracer } from "effect"
import { TestClock } from "effect/testing"
import { CryptoProvider, detectCryptoProvider } from "../../src/webhooks/crypto/CryptoProvider.js"
import { base64Decode } from "../../src/webhooks/crypto/encode.js"
import { loadNodeCrypto, nodeCryptoProvider } from "../../src/webhooks/crypto/NodeCryptoProvider.js"
import { pureJsCryptoProvider } from "../../src/webhooks/crypto/PureJsCryptoProvider.js"
import * as Signature from "../../src/webhooks/signature.js"
import { signed, untyped } from "./support.js"

const verify = untyped<ReturnType<typeof Signature.verify>>(Signature, "verify")
const sign = untyped<ReturnType<typeof Signature.sign>>(Signature, "sign")
const { body, headers, secret, nowMillis } = signed
const NOW_SECONDS = nowMillis / 1000
const NO_V1 = "WebhookReceiver.verify: webhook-signature holds no `v1,<base64>` entry"

const refusal = (effect: Effect.Effect<unknown, { readonly reason: string; readonly message: string }>) =>
  Effect.gen(function*() {
    yield* TestClock.setTime(nowMillis)
    const error = yield* Effect.flip(effect)
    return { reason: error.reason, message: error.message }
  })

const secretRows: ReadonlyArray<readonly [string, unknown, string]> = [
  ["undefined", undefined, "no signing secret configured (secret is undefined); pass the endpoint's whsec_… secret"],
  ["null", null, "no signing secret configured (secret is null); pass the endpoint's whsec_… secret"],
  ["a number", 42, "the signing secret must be a string, got the number 42"],
  ["an object", { key: "whsec_x" }, "the signing secret must be a string, got an object"],
  ["empty", "", "the signing secret is empty"],
  ["blank", "   ", "the signing secret is empty"],
  ["Redacted empty", Redacted.make(""), "the signing secret is empty"],
  [
    "a trailing newline",
    `${secret}\n`,
    "the signing secret contains whitespace (a trailing newline from an env file, or a space pasted with it?); remove it"
  ],
  [
    "not base64",
    "whsec_not*base64",
    "the signing secret is not Allo's `whsec_<base64>` form (not base64 after whsec_); copy it again from Settings > Webhooks"
  ],
  [
    "the prefix alone",
    "whsec_",
    "the signing secret is not Allo's `whsec_<base64>` form (not base64 after whsec_); copy it again from Settings > Webhooks"
  ]
]

describe("the secret", () => {
  for (const [name, value, message] of secretRows) {
    it.effect(`${name}: verify and sign refuse it with reason no-secret, each naming itself`, () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* refusal(verify({ body, headers, secret: value })), {
          reason: "no-secret",
          message: `WebhookReceiver.verify: ${message}`
        })
        assert.deepStrictEqual(yield* refusal(sign({ id: "msg_1", timestamp: NOW_SECONDS, body, secret: value })), {
          reason: "no-secret",
          message: `WebhookReceiver.sign: ${message}`
        })
      }))
  }
})

describe("verify: what each refusal says", () => {
  const without = (...names: ReadonlyArray<string>) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)))
  const withSignature = (signature: string) => ({ ...headers, "webhook-signature": signature })
  const v1 = headers["webhook-signature"]
  const rows: ReadonlyArray<readonly [string, unknown, string, string]> = [
    ["no options", undefined, "no-secret", "WebhookReceiver.verify: expected options { body, headers, secret }, got undefined"],
    ["options null", null, "no-secret", "WebhookReceiver.verify: expected options { body, headers, secret }, got null"],
    [
      "a parsed body",
      { body: JSON.parse(body), headers, secret },
      "bad-signature",
      "WebhookReceiver.verify: body must be the raw request body (a string or Uint8Array, byte for byte), got an object: " +
      "a parsed body cannot be verified"
    ],
    [
      "a negative tolerance",
      { body, headers, secret, tolerance: -1 },
      "timestamp-out-of-range",
      "WebhookReceiver.verify: tolerance must be a finite, non-negative duration such as \"5 minutes\""
    ],
    [
      "no webhook-id",
      { body, headers: without("webhook-id"), secret },
      "missing-header",
      "WebhookReceiver.verify: missing webhook-id header: an unsigned (v1) delivery, or a proxy dropped them"
    ],
    [
      "no webhook-timestamp",
      { body, headers: without("webhook-timestamp"), secret },
      "missing-header",
      "WebhookReceiver.verify: missing webhook-timestamp header: an unsigned (v1) delivery, or a proxy dropped them"
    ],
    [
      "no webhook-signature",
      { body, headers: without("webhook-signature"), secret },
      "missing-header",
      "WebhookReceiver.verify: missing webhook-signature header: an unsigned (v1) delivery, or a proxy dropped them"
    ],
    [
      "no headers at all",
      { body, headers: {}, secret },
      "missing-header",
      "WebhookReceiver.verify: missing webhook-id, webhook-timestamp, webhook-signature headers: an unsigned (v1) delivery, " +
      "or a proxy dropped them"
    ],
    [
      "a timestamp in milliseconds-with-fraction form",
      { body, headers: { ...headers, "webhook-timestamp": "1710510600.5" }, secret },
      "timestamp-out-of-range",
      "WebhookReceiver.verify: webhook-timestamp is not a Unix time in seconds"
    ],
    [
      "a delivery 10 minutes old",
      { body, headers: { ...headers, "webhook-timestamp": String(NOW_SECONDS - 600) }, secret },
      "timestamp-out-of-range",
      "WebhookReceiver.verify: webhook-timestamp is 600 s in the past (tolerance 300 s): a replayed delivery, or this server's clock is wrong"
    ],
    [
      "a delivery 10 minutes ahead",
      { body, headers: { ...headers, "webhook-timestamp": String(NOW_SECONDS + 600) }, secret },
      "timestamp-out-of-range",
      "WebhookReceiver.verify: webhook-timestamp is 600 s in the future (tolerance 300 s): a replayed delivery, or this server's clock is wrong"
    ],
    ["only a v2 signature", { body, headers: withSignature(v1.replace("v1,", "v2,")), secret }, "bad-signature", NO_V1],
    ["a v1 signature without its comma", { body, headers: withSignature("v1abc"), secret }, "bad-signature", NO_V1],
    ["a v1 signature without its comma, base64-like", { body, headers: withSignature("v1X"), secret }, "bad-signature", NO_V1],
    ["an entry starting with a comma", { body, headers: withSignature(",abcd"), secret }, "bad-signature", NO_V1],
    ["a v1 entry that is not base64", { body, headers: withSignature("v1,****"), secret }, "bad-signature", NO_V1],
    [
      "an empty signature header (read as missing)",
      { body, headers: withSignature(""), secret },
      "missing-header",
      "WebhookReceiver.verify: missing webhook-signature header: an unsigned (v1) delivery, or a proxy dropped them"
    ],
    [
      "two signatures, neither right",
      { body: `${body} `, headers: withSignature(`${v1} ${v1}`), secret },
      "bad-signature",
      "WebhookReceiver.verify: none of the 2 signature(s) match. Usual causes: the body was parsed or re-serialised before " +
      "verifying (pass the raw request body, byte for byte), or the secret is another endpoint's or outdated"
    ]
  ]
  for (const [name, options, reason, message] of rows) {
    it.effect(name, () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* refusal(verify(options)), { reason, message })
      }))
  }

  it.effect("a delivery exactly at the tolerance's edge is accepted; one second past it is not", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(nowMillis + 300_000)
      yield* verify({ body, headers, secret })
      yield* TestClock.setTime(nowMillis - 300_000)
      yield* verify({ body, headers, secret })
      yield* TestClock.setTime(nowMillis + 301_000)
      const error = yield* Effect.flip(verify({ body, headers, secret }))
      assert.strictEqual(error.reason, "timestamp-out-of-range")
    }))
})

describe("sign: what each refusal says", () => {
  const rows: ReadonlyArray<readonly [string, unknown, string, string]> = [
    ["no options", undefined, "no-secret", "WebhookReceiver.sign: expected options { id, timestamp, body, secret }, got undefined"],
    ["options a string", "msg_1", "no-secret", "WebhookReceiver.sign: expected options { id, timestamp, body, secret }, got a string"],
    [
      "an id with a space",
      { id: "msg 1", timestamp: NOW_SECONDS, body, secret },
      "missing-header",
      "WebhookReceiver.sign: id (the webhook-id) must be a non-empty string without spaces, got a string"
    ],
    [
      "no id",
      { timestamp: NOW_SECONDS, body, secret },
      "missing-header",
      "WebhookReceiver.sign: id (the webhook-id) must be a non-empty string without spaces, got undefined"
    ],
    [
      "a negative timestamp",
      { id: "msg_1", timestamp: -1, body, secret },
      "timestamp-out-of-range",
      "WebhookReceiver.sign: timestamp must be a valid Date or Unix seconds, got the number -1"
    ],
    [
      "a timestamp in milliseconds (10^12)",
      { id: "msg_1", timestamp: 1e12, body, secret },
      "timestamp-out-of-range",
      "WebhookReceiver.sign: timestamp must be a valid Date or Unix seconds, got the number 1000000000000"
    ],
    [
      "an invalid Date",
      { id: "msg_1", timestamp: new Date("nope"), body, secret },
      "timestamp-out-of-range",
      "WebhookReceiver.sign: timestamp must be a valid Date or Unix seconds, got an invalid Date"
    ],
    [
      "a timestamp string",
      { id: "msg_1", timestamp: "1710510600", body, secret },
      "timestamp-out-of-range",
      "WebhookReceiver.sign: timestamp must be a valid Date or Unix seconds, got a string"
    ],
    [
      "a parsed body",
      { id: "msg_1", timestamp: NOW_SECONDS, body: { ok: true }, secret },
      "bad-signature",
      "WebhookReceiver.sign: body must be the raw body (a string or Uint8Array), got an object"
    ]
  ]
  for (const [name, options, reason, message] of rows) {
    it.effect(name, () =>
      Effect.gen(function*() {
        assert.deepStrictEqual(yield* refusal(sign(options)), { reason, message })
      }))
  }

  it.effect("the Unix epoch and the last second below 10^12 are valid timestamps, signed as whole seconds", () =>
    Effect.gen(function*() {
      const epoch = yield* Signature.sign({ id: "msg_1", timestamp: 0, body, secret })
      assert.strictEqual(epoch["webhook-timestamp"], "0")
      const last = yield* Signature.sign({ id: "msg_1", timestamp: 999_999_999_999.9, body, secret })
      assert.strictEqual(last["webhook-timestamp"], "999999999999")
      const date = yield* Signature.sign({ id: "msg_1", timestamp: new Date(nowMillis + 999), body, secret })
      assert.strictEqual(date["webhook-timestamp"], String(NOW_SECONDS))
    }))
})

describe("a runtime whose crypto fails", () => {
  const failing: ReadonlyArray<CryptoProvider> = [
    { name: "web-crypto", hmacSha256: () => ({ digestSync: undefined, digest: () => Promise.reject(new Error("OperationError")) }) },
    {
      name: "node:crypto",
      hmacSha256: () => ({
        digestSync: () => {
          throw new Error("boom")
        },
        digest: () => Promise.reject(new Error("boom"))
      })
    }
  ]
  for (const provider of failing) {
    it.effect(`${provider.name}: verify and sign fail with bad-signature, saying the crypto failed`, () =>
      Effect.gen(function*() {
        const verifyError = yield* refusal(Effect.provideService(verify({ body, headers, secret }), CryptoProvider, provider))
        assert.deepStrictEqual(verifyError, {
          reason: "bad-signature",
          message: "WebhookReceiver.verify: the runtime's crypto failed to compute the HMAC"
        })
        const signError = yield* refusal(
          Effect.provideService(sign({ id: "m", timestamp: NOW_SECONDS, body, secret }), CryptoProvider, provider)
        )
        assert.deepStrictEqual(signError, {
          reason: "bad-signature",
          message: "WebhookReceiver.sign: the runtime's crypto failed to compute the HMAC"
        })
      }))
  }
})

describe("spans", () => {
  const recording = () => {
    const spans: Array<{ name: string; attributes: Record<string, unknown> }> = []
    const tracer = Tracer.make({
      span: (options) => {
        const span = new Tracer.NativeSpan(options)
        spans.push({ name: options.name, attributes: {} })
        const record = spans.at(-1)!
        const attribute = span.attribute.bind(span)
        span.attribute = (key, value) => {
          record.attributes[key] = value
          attribute(key, value)
        }
        return span
      }
    })
    return { spans, tracer }
  }

  it.effect("with a tracer installed, verify and sign each record one span (the delivery's id, never the secret)", () =>
    Effect.gen(function*() {
      yield* TestClock.setTime(nowMillis)
      const { spans, tracer } = recording()
      yield* Signature.verify({ body, headers, secret }).pipe(Effect.withTracer(tracer))
      yield* Signature.sign({ id: "msg_1", timestamp: NOW_SECONDS, body, secret }).pipe(Effect.withTracer(tracer))
      assert.deepStrictEqual(spans.map((s) => s.name), ["WebhookReceiver.verify", "WebhookReceiver.sign"])
      assert.strictEqual(spans[0]!.attributes["webhook.id"], headers["webhook-id"])
      assert.notInclude(JSON.stringify(spans), secret.slice("whsec_".length, 16))
    }))
})

describe("the prepared-key cache", () => {
  /** A provider that counts the keys it prepares. */
  const counting = () => {
    let prepared = 0
    const provider: CryptoProvider = {
      name: "pure-js",
      hmacSha256: (key) => {
        prepared++
        return pureJsCryptoProvider.hmacSha256(key)
      }
    }
    return { provider, prepared: () => prepared }
  }
  const secretNumber = (n: number) => `whsec_${btoa(`secret-number-${String(n).padStart(4, "0")}-of-32-bytes!`)}`
  const signWith = (provider: CryptoProvider, key: unknown) =>
    Effect.provideService(sign({ id: "msg_1", timestamp: NOW_SECONDS, body, secret: key }), CryptoProvider, provider)

  it.effect("prepares a secret's key once for any number of deliveries, plain or Redacted", () =>
    Effect.gen(function*() {
      const { prepared, provider } = counting()
      const first = yield* signWith(provider, secret)
      yield* TestClock.setTime(nowMillis)
      for (let i = 0; i < 5; i++) {
        yield* Effect.provideService(Signature.verify({ body, headers: first, secret }), CryptoProvider, provider)
      }
      yield* signWith(provider, Redacted.make(secret))
      assert.strictEqual(prepared(), 1)
      // A bad secret is never cached as if it were good.
      assert.strictEqual((yield* Effect.flip(signWith(provider, "whsec_"))).reason, "no-secret")
      assert.strictEqual((yield* Effect.flip(signWith(provider, "whsec_"))).reason, "no-secret")
      assert.strictEqual(prepared(), 1)
    }))

  it.effect("holds 64 secrets; the 65th empties it (a secret per request cannot grow it forever)", () =>
    Effect.gen(function*() {
      const { prepared, provider } = counting()
      for (let n = 1; n <= 64; n++) yield* signWith(provider, secretNumber(n))
      assert.strictEqual(prepared(), 64)
      yield* signWith(provider, secretNumber(1))
      assert.strictEqual(prepared(), 64, "all 64 still cached")
      yield* signWith(provider, secretNumber(65))
      assert.strictEqual(prepared(), 65)
      yield* signWith(provider, secretNumber(65))
      assert.strictEqual(prepared(), 65, "the 65th is cached")
      yield* signWith(provider, secretNumber(1))
      assert.strictEqual(prepared(), 66, "the first 64 were dropped")
    }))

  it.effect("each provider has its own cache", () =>
    Effect.gen(function*() {
      const a = counting()
      const b = counting()
      yield* signWith(a.provider, secret)
      yield* signWith(b.provider, secret)
      assert.deepStrictEqual([a.prepared(), b.prepared()], [1, 1])
    }))
})

describe("strict base64 (secrets and signatures)", () => {
  const text = (bytes: Uint8Array | undefined) => bytes === undefined ? undefined : new TextDecoder().decode(bytes)
  const rows: ReadonlyArray<readonly [string, string | undefined]> = [
    ["", ""],
    ["QQ", "A"],
    ["QQ==", "A"],
    ["QUI", "AB"],
    ["QUI=", "AB"],
    ["QUJD", "ABC"],
    ["QUJDRA", "ABCD"],
    ["QUJDRA==", "ABCD"],
    ["QUJDREU", "ABCDE"],
    ["QUJDREVG", "ABCDEF"],
    ["Q", undefined],
    ["QUJDR", undefined],
    ["QQ=", undefined],
    ["QUI==", undefined],
    ["Q===", undefined],
    ["QQ==QQ==", undefined],
    ["QU JD", undefined],
    ["QUJD\n", undefined],
    ["QUJD-_", undefined],
    ["Q*JD", undefined]
  ]
  for (const [input, expected] of rows) {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => {
      assert.strictEqual(text(base64Decode(input)), expected)
    })
  }
})

describe("finding node:crypto", () => {
  const subtle = globalThis.crypto.subtle
  const withModule = (module: unknown) => ({ process: { getBuiltinModule: () => module }, crypto: { subtle } })

  it("takes only a module with a createHmac function; anything else falls back to Web Crypto", () => {
    for (const module of [null, "node:crypto", {}, { createHmac: "sha256" }, { createHash: () => undefined }]) {
      assert.isUndefined(loadNodeCrypto({ process: { getBuiltinModule: () => module } }), JSON.stringify(module))
      assert.strictEqual(detectCryptoProvider(withModule(module)).name, "web-crypto", JSON.stringify(module))
    }
    assert.isUndefined(loadNodeCrypto({}))
    assert.isUndefined(loadNodeCrypto({ process: undefined }))
    assert.isUndefined(loadNodeCrypto({ process: {} }))
  })

  it("its asynchronous digest gives the synchronous one's bytes", async () => {
    const provider = nodeCryptoProvider(loadNodeCrypto(globalThis))!
    const hmac = provider.hmacSha256(new TextEncoder().encode("key"))
    const parts = ["a.", new TextEncoder().encode("b")] as const
    assert.deepStrictEqual(await hmac.digest(parts), hmac.digestSync!(parts))
    assert.lengthOf(await hmac.digest(parts), 32)
  })
})
