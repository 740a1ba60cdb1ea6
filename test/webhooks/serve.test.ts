/**
 * The adapter core every webhook server shares: method, announced size,
 * limited read, then the receiver. The three servers over real HTTP are in
 * serving.test.ts.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { serve } from "../../src/webhooks/serve.js"
import * as WebhookReceiver from "../../src/webhooks/WebhookReceiver.js"
import { v1SmsBody } from "./support.js"

const receiver = WebhookReceiver.make({ allowUnsigned: true, maxBodySize: 1_000, handlers: { SMS_RECEIVED: () => Effect.void } })

/** A request whose body reader counts its reads. */
const incoming = (overrides: { method?: string | undefined; contentLength?: string; body?: Effect.Effect<string | undefined, "broken"> }) => {
  let reads = 0
  return {
    reads: () => reads,
    request: {
      method: "method" in overrides ? overrides.method : "POST",
      contentLength: overrides.contentLength,
      headers: {},
      readBody: (limit: number) =>
        Effect.suspend(() => {
          reads++
          assert.strictEqual(limit, 1_000)
          return overrides.body ?? Effect.succeed(v1SmsBody)
        })
    }
  }
}

describe("serve (the adapters' shared core)", () => {
  it.effect("hands a POST's body to the receiver, with plain-text headers", () =>
    Effect.gen(function*() {
      const { request, reads } = incoming({})
      const response = yield* serve(receiver, request)
      assert.strictEqual(response.status, 200)
      assert.strictEqual(response.headers["content-type"], "text/plain; charset=utf-8")
      assert.strictEqual(reads(), 1)
      const routed = yield* serve(receiver, incoming({ method: undefined }).request)
      assert.strictEqual(routed.status, 200, "no method: the framework's route already chose POST")
    }))

  it.effect("answers 405 with Allow: POST to other methods, without reading", () =>
    Effect.gen(function*() {
      for (const method of ["GET", "PUT", "post"]) {
        const { request, reads } = incoming({ method })
        const response = yield* serve(receiver, request)
        assert.strictEqual(response.status, 405)
        assert.strictEqual(response.headers["allow"], "POST")
        assert.strictEqual(reads(), 0)
      }
    }))

  it.effect("answers 413 to an announced or actual body over the limit; the announced one is never read", () =>
    Effect.gen(function*() {
      const announced = incoming({ contentLength: "1001" })
      assert.strictEqual((yield* serve(receiver, announced.request)).status, 413)
      assert.strictEqual(announced.reads(), 0)
      const atLimit = incoming({ contentLength: "1000" })
      assert.strictEqual((yield* serve(receiver, atLimit.request)).status, 200)
      const streamed = incoming({ contentLength: "garbage", body: Effect.succeed(undefined) })
      assert.strictEqual((yield* serve(receiver, streamed.request)).status, 413)
    }))

  it.effect("answers 400 when the body cannot be read, or what the adapter says", () =>
    Effect.gen(function*() {
      const broken = incoming({ body: Effect.fail("broken") })
      const response = yield* serve(receiver, broken.request)
      assert.deepStrictEqual([response.status, response.body], [400, "could not read the request body"])
      const custom = yield* serve(receiver, {
        ...broken.request,
        onReadError: (error: "broken") => ({ status: 500, body: `custom ${error}`, headers: {} })
      })
      assert.deepStrictEqual([custom.status, custom.body], [500, "custom broken"])
    }))
})
