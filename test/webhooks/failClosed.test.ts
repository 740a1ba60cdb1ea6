/**
 * A receiver fails closed (issue 17): no usable secret means no delivery is
 * accepted unless `allowUnsigned: true` says so; options that cannot work are
 * typed errors naming the option; nothing a handler or a JavaScript caller
 * does makes `handle` die.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Redacted } from "effect"
import { TestClock } from "effect/testing"
import { CryptoProvider } from "../../src/webhooks/crypto/CryptoProvider.js"
import * as WebhookReceiver from "../../src/webhooks/WebhookReceiver.js"
import { bodies, captureLogs, otherSecret, providers, signed, untyped, v1SmsBody } from "./support.js"

const NOW = 1_800_000_000_000
const secret = signed.secret
const callReceived = bodies.webhook_v2_call_received_with_contact!

const signedWith = (key: string, body = callReceived, id = "msg_1") =>
  Effect.gen(function*() {
    yield* TestClock.setTime(NOW)
    return { body, headers: yield* WebhookReceiver.sign({ id, timestamp: NOW / 1000, body, secret: key }) }
  })

const recorder = () => {
  const ran: Array<string> = []
  const handlers = {
    "call.received": () => Effect.sync(() => void ran.push("call.received")),
    SMS_RECEIVED: () => Effect.sync(() => void ran.push("SMS_RECEIVED"))
  }
  return { ran, handlers }
}

const jsMake = untyped<WebhookReceiver.WebhookReceiver>(WebhookReceiver, "make")
const jsMakeEffect = untyped<Effect.Effect<WebhookReceiver.WebhookReceiver, WebhookReceiver.WebhookConfigError>>(
  WebhookReceiver,
  "makeEffect"
)

describe("WebhookReceiver.make fails closed without a secret", () => {
  for (const missing of [undefined, null, "", "  ", Redacted.make("")]) {
    it.effect(`refuses every delivery with 401 when secret is ${JSON.stringify(String(missing))}, and says why`, () => {
      const logs = captureLogs()
      return Effect.gen(function*() {
        const { ran, handlers } = recorder()
        const receiver = jsMake({ secret: missing, handlers })
        const unsigned = yield* receiver.handle({ body: v1SmsBody, headers: {} })
        const forged = yield* receiver.handle(yield* signedWith(otherSecret))
        assert.deepStrictEqual([unsigned.status, forged.status], [401, 401])
        assert.include(unsigned.body, "no-secret")
        assert.deepStrictEqual(ran, [])
        assert.include(logs.text(), "allowUnsigned: true")
      }).pipe(Effect.provide(logs.layer))
    })
  }

  it.effect("makeEffect fails at construction with a WebhookConfigError naming the secret", () =>
    Effect.gen(function*() {
      for (const missing of [undefined, null, "", Redacted.make(" ")]) {
        const error = yield* Effect.flip(jsMakeEffect({ secret: missing, handlers: {} }))
        assert.strictEqual(error._tag, "WebhookConfigError")
        assert.strictEqual(error.option, "secret")
        assert.match(error.message, /^WebhookReceiver\.make: no signing secret/)
      }
    }))

  it.effect("refuses a malformed secret even with allowUnsigned, giving the reason and never the secret", () =>
    Effect.gen(function*() {
      for (const malformed of ["notasecret!", "whsec_not base64", "whsec_%%%", 42]) {
        const error = yield* Effect.flip(jsMakeEffect({ secret: malformed, allowUnsigned: true, handlers: {} }))
        assert.strictEqual(error.option, "secret")
        assert.notInclude(error.message, "notasecret")
        const receiver = jsMake({ secret: malformed, allowUnsigned: true, handlers: {} })
        const logs = captureLogs()
        const response = yield* receiver.handle({ body: v1SmsBody, headers: {} }).pipe(Effect.provide(logs.layer))
        assert.strictEqual(response.status, 401)
      }
      const notBase64 = yield* Effect.flip(WebhookReceiver.makeEffect({ secret: "whsec_%%%", handlers: {} }))
      assert.include(notBase64.message, "not base64 after whsec_")
    }))
})

describe("allowUnsigned: true", () => {
  it.effect("without a secret: unsigned deliveries run, signed ones are refused (nothing to verify them with)", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const { ran, handlers } = recorder()
      const receiver = WebhookReceiver.make({ secret: undefined, allowUnsigned: true, handlers })
      assert.strictEqual((yield* receiver.handle({ body: v1SmsBody, headers: {} })).status, 200)
      const signedDelivery = yield* receiver.handle(yield* signedWith(secret))
      assert.strictEqual(signedDelivery.status, 401)
      assert.include(signedDelivery.body, "no-secret")
      assert.deepStrictEqual(ran, ["SMS_RECEIVED"])
    }).pipe(Effect.provide(logs.layer))
  })

  it.effect("with a secret: signed deliveries are still verified; a bad signature or a partial header set is 401", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const { ran, handlers } = recorder()
      const receiver = WebhookReceiver.make({ secret, allowUnsigned: true, handlers })
      assert.strictEqual((yield* receiver.handle(yield* signedWith(secret, callReceived, "good"))).status, 200)
      assert.strictEqual((yield* receiver.handle(yield* signedWith(otherSecret, callReceived, "forged"))).status, 401)
      const partial = yield* receiver.handle({ body: callReceived, headers: { "webhook-id": "msg_x" } })
      assert.strictEqual(partial.status, 401)
      assert.include(partial.body, "missing-header")
      assert.strictEqual((yield* receiver.handle({ body: v1SmsBody, headers: {} })).status, 200)
      assert.deepStrictEqual(ran, ["call.received", "SMS_RECEIVED"])
    }).pipe(Effect.provide(logs.layer))
  })

  for (const provider of providers) {
    it.effect(`verifies through the ${provider.name} provider`, () => {
      const logs = captureLogs()
      return Effect.gen(function*() {
        const { ran, handlers } = recorder()
        const receiver = WebhookReceiver.make({ secret, handlers })
        const good = yield* signedWith(secret, callReceived, `msg_${provider.name}`)
        assert.strictEqual((yield* receiver.handle(good)).status, 200)
        assert.strictEqual((yield* receiver.handle({ ...good, body: good.body.replace("Marie", "Eve") })).status, 401)
        assert.deepStrictEqual(ran, ["call.received"])
      }).pipe(Effect.provideService(CryptoProvider, provider), Effect.provide(logs.layer))
    })
  }
})

describe("WebhookReceiver.make rejects options that cannot work", () => {
  const invalid: ReadonlyArray<readonly [string, Record<string, unknown>]> = [
    ["tolerance", { tolerance: "" }],
    ["tolerance", { tolerance: "soon" }],
    ["tolerance", { tolerance: -1 }],
    ["maxBodySize", { maxBodySize: "1mb" }],
    ["maxBodySize", { maxBodySize: -1 }],
    ["maxBodySize", { maxBodySize: 0 }],
    ["maxBodySize", { maxBodySize: 1.5 }],
    ["maxBodySize", { maxBodySize: Number.NaN }],
    ["handlers", { handlers: null }],
    ["handlers", { handlers: [() => Effect.void] }],
    [`handlers["call.recieved"]`, { handlers: { "call.recieved": () => Effect.void } }],
    [`handlers["SMS_SENT"]`, { handlers: { SMS_SENT: "done" } }],
    ["onUnknown", { onUnknown: 42 }],
    ["dedupe", { dedupe: {} }],
    ["dedupe", { dedupe: true }],
    ["allowUnsigned", { allowUnsigned: "yes" }]
  ]
  for (const [option, override] of invalid) {
    it.effect(`${option}: ${JSON.stringify(Object.values(override)[0]) ?? "a function"}`, () => {
      const logs = captureLogs()
      return Effect.gen(function*() {
        const { ran, handlers } = recorder()
        const options = { secret, handlers, ...override }
        const error = yield* Effect.flip(jsMakeEffect(options))
        assert.strictEqual(error._tag, "WebhookConfigError")
        assert.strictEqual(error.option, option)
        assert.include(error.message, option.replace(/\[.*$/, ""))
        // make itself never throws: the receiver refuses every delivery, so Allo keeps them for later.
        const receiver = jsMake(options)
        const response = yield* receiver.handle(yield* signedWith(secret))
        assert.strictEqual(response.status, 500)
        assert.include(response.body, option)
        assert.deepStrictEqual(ran, [])
        assert.include(logs.text(), error.message)
      }).pipe(Effect.provide(logs.layer))
    })
  }

  it.effect("accepts every valid form of the options", () =>
    Effect.gen(function*() {
      const { handlers } = recorder()
      for (const extra of [{}, { tolerance: "1 minute" }, { tolerance: 0 }, { maxBodySize: 1 }, { dedupe: false }, { onUnknown: () => Effect.void }] as const) {
        const receiver = yield* WebhookReceiver.makeEffect({ secret: Redacted.make(secret), handlers, ...extra })
        assert.isNumber(receiver.maxBodySize)
      }
    }))
})

describe("WebhookReceiver.handle never dies", () => {
  const misbehaving: ReadonlyArray<readonly [string, () => unknown, RegExp]> = [
    ["throws", () => {
      throw new Error("sync bug")
    }, /sync bug/],
    ["returns a Promise", () => Promise.resolve("done"), /returned a Promise, not an Effect/],
    ["returns a rejected Promise", () => Promise.reject(new Error("async bug")), /returned a Promise, not an Effect/],
    ["returns a plain value", () => "done", /returned a string, not an Effect/],
    ["returns undefined", () => undefined, /returned undefined, not an Effect/]
  ]
  for (const [name, handler, logged] of misbehaving) {
    it.effect(`answers 500 when a handler ${name}, and runs it again on redelivery`, () => {
      const logs = captureLogs()
      return Effect.gen(function*() {
        let calls = 0
        const receiver = jsMake({
          secret,
          handlers: {
            "call.received": () => {
              calls++
              return handler()
            }
          }
        })
        const delivery = yield* signedWith(secret, callReceived, `msg_${calls}`)
        const exit = yield* Effect.exit(receiver.handle(delivery))
        assert.isTrue(Exit.isSuccess(exit))
        if (Exit.isSuccess(exit)) assert.strictEqual(exit.value.status, 500)
        assert.strictEqual((yield* receiver.handle(delivery)).status, 500)
        assert.strictEqual(calls, 2)
        assert.match(logs.text(), logged)
      }).pipe(Effect.provide(logs.layer))
    })
  }

  it.effect("answers 400 to a request that is not { body, headers } with a raw body", () =>
    Effect.gen(function*() {
      const receiver = WebhookReceiver.make({ secret, allowUnsigned: true, handlers: {} })
      const jsHandle = untyped<Effect.Effect<WebhookReceiver.WebhookResponse>>(receiver, "handle")
      for (const request of [undefined, null, 42, {}, { body: { topic: "PING", data: {} }, headers: {} }, { body: null }]) {
        assert.strictEqual((yield* jsHandle(request)).status, 400)
      }
      const noHeaders = yield* jsHandle({ body: v1SmsBody })
      assert.strictEqual(noHeaders.status, 200)
    }))

  it.effect("answers 500 when a dedupe store throws or answers nonsense, without running the handler", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const { ran, handlers } = recorder()
      const stores = [
        {
          claim: () => {
            throw new Error("store bug")
          },
          complete: () => Effect.void,
          release: () => Effect.void
        },
        { claim: () => Effect.succeed("maybe"), complete: () => Effect.void, release: () => Effect.void }
      ]
      for (const dedupe of stores) {
        const receiver = jsMake({ secret, dedupe, handlers })
        assert.strictEqual((yield* receiver.handle(yield* signedWith(secret))).status, 500)
      }
      assert.deepStrictEqual(ran, [])
    }).pipe(Effect.provide(logs.layer))
  })
})
