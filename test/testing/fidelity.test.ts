/**
 * Where the fake must say what Allo says: a text sent from a Sender ID is
 * described the same way by the REST response and by its webhooks, and a
 * per-second 429 on a v1 path answers in the v1 envelope the SDK reads.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber } from "effect"
import { TestClock } from "effect/testing"
import { Calls, Sms, WebhookEndpoints, Webhooks } from "../../src/index.js"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"
import * as WithalloTest from "../../src/testing/WithalloTest.js"

describe("an SMS sent from a Sender ID", () => {
  it.effect("has from_number null and sender_id in the response, in SMS_SENT and in sms.sent alike", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* (yield* Webhooks).create({ alloNumber: "+14155550100", url: "https://hooks.example.com/v1", topics: ["SMS_SENT"] })
      yield* (yield* WebhookEndpoints).create({ url: "https://hooks.example.com/v2", topics: ["sms.sent"] })
      const sent = yield* (yield* Sms).sendFrance({ senderId: "AcmeCorp", to: "+33612345678", message: "Bonjour" })
      assert.strictEqual(sent.from_number, null)
      assert.strictEqual(sent.sender_id, "AcmeCorp")
      const deliveries = yield* fake.webhookDeliveries
      assert.deepStrictEqual(deliveries.map((d) => d.topic), ["SMS_SENT", "sms.sent"])
      for (const delivery of deliveries) {
        const data = JSON.parse(delivery.body).data
        assert.strictEqual(data.from_number, null, delivery.topic)
        assert.strictEqual(data.sender_id, "AcmeCorp", delivery.topic)
        assert.strictEqual(data.to_number, "+33612345678", delivery.topic)
      }
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("a per-second 429 on a v1 path", () => {
  it.effect("is read by the SDK as a rate limit with Retry-After: the call waits 1 s and gets through", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.setRateLimit({ readsPerSecond: 1, writesPerSecond: 1 })
      const calls = yield* Calls
      yield* calls.search({ alloNumber: "+14155550100", size: 1 })
      const fiber = yield* Effect.forkChild(calls.search({ alloNumber: "+14155550100", size: 1 }))
      yield* TestClock.adjust(Duration.seconds(1))
      const page = yield* Fiber.join(fiber)
      assert.strictEqual(page.items.length, 1)
      const log = yield* fake.requests
      assert.deepStrictEqual(log.map((r) => r.status), [200, 429, 200])
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 3 }))))
})
