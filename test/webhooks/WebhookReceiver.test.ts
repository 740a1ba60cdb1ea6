import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Fiber, Latch, Layer } from "effect"
import { TestClock } from "effect/testing"
import * as WebhookDedupe from "../../src/webhooks/dedupe.js"
import * as WebhookReceiver from "../../src/webhooks/WebhookReceiver.js"
import { bodies, signed, v1SmsBody } from "./support.js"

const NOW = 1_800_000_000_000
const secret = signed.secret

/** A signed v2 delivery at {@link NOW}. */
const delivery = (body: string, id = "msg_1") =>
  Effect.gen(function*() {
    yield* TestClock.setTime(NOW)
    const headers = yield* WebhookReceiver.sign({ id, timestamp: NOW / 1000, body, secret })
    return { body, headers }
  })

const callReceived = bodies.webhook_v2_call_received_with_contact!
const callCompleted = bodies.webhook_v2_call_completed_guess!

const counter = () => {
  const seen: Array<string> = []
  const handler = (label: string) => () => Effect.sync(() => void seen.push(label))
  return { seen, handler }
}

describe("WebhookReceiver.handle", () => {
  it.effect("runs the topic's handler with its typed event and the webhook-id: 200", () =>
    Effect.gen(function*() {
      const got: Array<string> = []
      const receiver = WebhookReceiver.make({
        secret,
        handlers: {
          "call.received": (event, { id }) => Effect.sync(() => void got.push(`${id}:${event.data.person?.name}`))
        }
      })
      const response = yield* receiver.handle(yield* delivery(callReceived, "msg_a"))
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(got, ["msg_a:Marie"])
    }))

  it.effect("answers 401 to a bad or missing signature when a secret is set, without running handlers", () =>
    Effect.gen(function*() {
      const { seen, handler } = counter()
      const receiver = WebhookReceiver.make({ secret, handlers: { "call.received": handler("call"), SMS_RECEIVED: handler("sms") } })
      const good = yield* delivery(callReceived)
      const tampered = yield* receiver.handle({ ...good, body: good.body.replace("Marie", "Mallory") })
      assert.strictEqual(tampered.status, 401)
      assert.include(tampered.body, "bad-signature")
      const unsigned = yield* receiver.handle({ body: v1SmsBody, headers: { "content-type": "application/json" } })
      assert.strictEqual(unsigned.status, 401)
      assert.include(unsigned.body, "missing-header")
      yield* TestClock.adjust("6 minutes")
      const late = yield* receiver.handle(good)
      assert.strictEqual(late.status, 401)
      assert.deepStrictEqual(seen, [])
    }))

  it.effect("accepts unsigned v1 deliveries only with allowUnsigned: true", () =>
    Effect.gen(function*() {
      const { seen, handler } = counter()
      const receiver = WebhookReceiver.make({ allowUnsigned: true, handlers: { SMS_RECEIVED: handler("sms") } })
      const response = yield* receiver.handle({ body: v1SmsBody, headers: {} })
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(seen, ["sms"])
    }))

  it.effect("answers 400 to a correctly signed but malformed payload", () =>
    Effect.gen(function*() {
      const receiver = WebhookReceiver.make({ secret, handlers: {} })
      for (const body of ["{oops", `{"topic":"call.received","data":[]}`, `{"topic":"SMS_SENT","data":{"content":1}}`]) {
        const response = yield* receiver.handle(yield* delivery(body))
        assert.strictEqual(response.status, 400)
        assert.include(response.body, "WebhookEvent.decode")
      }
    }))

  it.effect("answers 413 above maxBodySize (1 MiB by default) before verifying", () =>
    Effect.gen(function*() {
      const small = WebhookReceiver.make({ secret, handlers: {}, maxBodySize: 100 })
      assert.strictEqual((yield* small.handle(yield* delivery(callReceived))).status, 413)
      const byDefault = WebhookReceiver.make({ allowUnsigned: true, handlers: {} })
      assert.strictEqual(byDefault.maxBodySize, 1024 * 1024)
      const huge = `{"topic":"PING","data":{"x":"${"é".repeat(600_000)}"}}`
      assert.strictEqual((yield* byDefault.handle({ body: huge, headers: {} })).status, 413)
      assert.strictEqual((yield* byDefault.handle({ body: new Uint8Array(1024 * 1024 + 1), headers: {} })).status, 413)
    }))

  it.effect("acknowledges an unknown topic after onUnknown, and a topic without handler", () =>
    Effect.gen(function*() {
      const unknown: Array<unknown> = []
      const receiver = WebhookReceiver.make({
        secret,
        handlers: {},
        onUnknown: (event) => Effect.sync(() => void unknown.push([event.topic, event.data]))
      })
      const brandNew = yield* receiver.handle(yield* delivery(`{"topic":"voicemail.left","data":{"id":"v"}}`, "m1"))
      assert.strictEqual(brandNew.status, 200)
      assert.deepStrictEqual(unknown, [["voicemail.left", { id: "v" }]])
      const unhandled = yield* receiver.handle(yield* delivery(callCompleted, "m2"))
      assert.strictEqual(unhandled.status, 200)
      assert.include(unhandled.body, "no handler")
      const noOnUnknown = WebhookReceiver.make({ allowUnsigned: true, handlers: {} })
      assert.strictEqual((yield* noOnUnknown.handle({ body: `{"topic":"x","data":{}}`, headers: {} })).status, 200)
    }))

  it.effect("answers 200 to a redelivered webhook-id without running the handler again", () =>
    Effect.gen(function*() {
      const { seen, handler } = counter()
      const receiver = WebhookReceiver.make({ secret, handlers: { "call.received": handler("call") } })
      const request = yield* delivery(callReceived, "msg_dup")
      assert.strictEqual((yield* receiver.handle(request)).status, 200)
      const again = yield* receiver.handle(request)
      assert.strictEqual(again.status, 200)
      assert.include(again.body, "already handled")
      assert.deepStrictEqual(seen, ["call"])
      assert.strictEqual((yield* receiver.handle(yield* delivery(callReceived, "msg_other"))).status, 200)
      assert.deepStrictEqual(seen, ["call", "call"])
    }))

  it.effect("answers 500 when the handler fails or dies, and runs it again on redelivery", () =>
    Effect.gen(function*() {
      let attempts = 0
      const receiver = WebhookReceiver.make({
        secret,
        handlers: {
          "call.received": () =>
            Effect.suspend(() => {
              attempts++
              return attempts === 1 ? Effect.fail("database down") : attempts === 2 ? Effect.die("bug") : Effect.void
            })
        }
      })
      const request = yield* delivery(callReceived, "msg_retry")
      const first = yield* receiver.handle(request)
      assert.strictEqual(first.status, 500)
      assert.notInclude(first.body, "database down")
      assert.strictEqual((yield* receiver.handle(request)).status, 500)
      assert.strictEqual((yield* receiver.handle(request)).status, 200)
      assert.strictEqual((yield* receiver.handle(request)).status, 200)
      assert.strictEqual(attempts, 3)
    }))

  it.effect("keeps processing other topics when one handler fails", () =>
    Effect.gen(function*() {
      const { seen, handler } = counter()
      const receiver = WebhookReceiver.make({
        secret,
        handlers: { "call.completed": () => Effect.fail("boom"), "call.received": handler("call") }
      })
      assert.strictEqual((yield* receiver.handle(yield* delivery(callCompleted, "a"))).status, 500)
      assert.strictEqual((yield* receiver.handle(yield* delivery(callReceived, "b"))).status, 200)
      assert.deepStrictEqual(seen, ["call"])
    }))

  it.effect("runs concurrent deliveries of one webhook-id once", () =>
    Effect.gen(function*() {
      const gate = yield* Latch.make()
      let runs = 0
      const receiver = WebhookReceiver.make({
        secret,
        handlers: { "call.received": () => Effect.andThen(Effect.sync(() => runs++), gate.await) }
      })
      const request = yield* delivery(callReceived, "msg_conc")
      const first = yield* Effect.forkChild(receiver.handle(request))
      yield* Effect.yieldNow
      const concurrent = yield* Effect.all([receiver.handle(request), receiver.handle(request)], { concurrency: 2 })
      assert.deepStrictEqual(concurrent.map((r) => r.status), [409, 409])
      yield* gate.open
      assert.strictEqual((yield* Fiber.join(first)).status, 200)
      assert.strictEqual((yield* receiver.handle(request)).status, 200)
      assert.strictEqual(runs, 1)
    }))

  it.effect("runs every delivery when dedupe is off", () =>
    Effect.gen(function*() {
      const { seen, handler } = counter()
      const receiver = WebhookReceiver.make({ secret, dedupe: false, handlers: { "call.received": handler("call") } })
      const request = yield* delivery(callReceived, "same")
      yield* receiver.handle(request)
      yield* receiver.handle(request)
      assert.deepStrictEqual(seen, ["call", "call"])
    }))

  it.effect("answers 500 when the dedupe store fails, without running the handler", () =>
    Effect.gen(function*() {
      const { seen, handler } = counter()
      const broken: WebhookDedupe.WebhookDedupeStore = {
        claim: () => Effect.fail(new WebhookDedupe.WebhookDedupeError({ message: "down", cause: null })),
        complete: () => Effect.void,
        release: () => Effect.void
      }
      const receiver = WebhookReceiver.make({ secret, dedupe: broken, handlers: { "call.received": handler("call") } })
      assert.strictEqual((yield* receiver.handle(yield* delivery(callReceived))).status, 500)
      assert.deepStrictEqual(seen, [])
    }))

  it.effect("gives handlers the services they require", () =>
    Effect.gen(function*() {
      class Inbox extends Context.Service<Inbox, { readonly add: (s: string) => Effect.Effect<void> }>()("test/Inbox") {}
      const items: Array<string> = []
      const receiver = WebhookReceiver.make({
        allowUnsigned: true,
        handlers: {
          SMS_RECEIVED: (event) =>
            Effect.gen(function*() {
              const inbox = yield* Inbox
              yield* inbox.add(event.data.content)
            })
        }
      })
      const response = yield* receiver.handle({ body: v1SmsBody, headers: {} }).pipe(
        Effect.provide(Layer.succeed(Inbox, { add: (s) => Effect.sync(() => void items.push(s)) }))
      )
      assert.strictEqual(response.status, 200)
      assert.deepStrictEqual(items, ["Hello, I wanted to check the status of my order."])
    }))
})
