/**
 * The webhook functions of the public surface, fed adversarial input:
 * `WebhookEvent.decode`, `WebhookReceiver.verify`, `sign`, and a receiver
 * built by `make` with adversarial options, handling adversarial requests.
 * Each answers with a typed failure or a success (for `handle`: a status
 * from its documented set), never a defect or a hang; a forged delivery is
 * never acknowledged without a valid signature or the `allowUnsigned` opt-in.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as fc from "fast-check"
import { WebhookEvent, WebhookReceiver } from "effect-withallo"
import { adversarialArgs } from "./support.js"

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
const samples = fc.sample(adversarialArgs, { seed: 4, numRuns: 150 })
const pick = (args: ReadonlyArray<unknown>, i: number) => args[i]

const settle = (label: string, effect: () => Effect.Effect<unknown, unknown>, tags: ReadonlySet<string>) =>
  Effect.gen(function*() {
    const exit = yield* Effect.exit(Effect.suspend(effect))
    if (Exit.isFailure(exit)) {
      const failure = Cause.findErrorOption(exit.cause)
      assert.isTrue(failure._tag === "Some", `${label} died: ${Cause.pretty(exit.cause)}`)
      if (failure._tag === "Some") assert.isTrue(tags.has((failure.value as { _tag: string })._tag), `${label}: ${String(failure.value)}`)
    }
    return exit
  })

describe("webhook surface", () => {
  it.effect("decode, verify and sign: typed failure or success, never a defect", () =>
    Effect.gen(function*() {
      for (const args of samples) {
        const [a, b, c] = [pick(args, 0), pick(args, 1), pick(args, 2)]
        yield* settle("decode", () => WebhookEvent.decode(a as string), new Set(["WebhookPayloadError"]))
        const verified = yield* settle(
          "verify",
          () => WebhookReceiver.verify({ body: a, headers: b, secret: c } as unknown as WebhookReceiver.VerifyOptions),
          new Set(["WebhookSignatureError"])
        )
        assert.isTrue(Exit.isFailure(verified), "an adversarial delivery never verifies")
        yield* settle(
          "sign",
          () => WebhookReceiver.sign({ id: a, timestamp: b, body: c, secret: a } as unknown as WebhookReceiver.SignOptions),
          new Set(["WebhookSignatureError"])
        )
      }
    }))

  it.effect("a receiver built from adversarial options answers every adversarial request with a documented status", () =>
    Effect.gen(function*() {
      let handled = 0
      for (const args of samples) {
        const [options, body, headers] = [pick(args, 0), pick(args, 1), pick(args, 2)]
        const secret = typeof options === "object" && options !== null && "secret" in options ? (options as { secret: unknown }).secret : options
        const receiver = WebhookReceiver.make({
          ...(typeof options === "object" && options !== null ? options : {}),
          secret,
          handlers: { "sms.received": () => Effect.sync(() => handled++) }
        } as unknown as WebhookReceiver.MakeOptions<never>)
        const exit = yield* Effect.exit(Effect.suspend(() =>
          receiver.handle({ body, headers } as unknown as WebhookReceiver.WebhookRequest)
        ))
        assert.isTrue(Exit.isSuccess(exit), `handle died: ${Exit.isFailure(exit) ? Cause.pretty(exit.cause) : ""}`)
        if (Exit.isSuccess(exit)) assert.include([200, 400, 401, 409, 413, 500], exit.value.status)
      }
      // No adversarial request carried a valid signature: no handler ran.
      assert.strictEqual(handled, 0)
    }))

  it.effect("a correctly signed delivery still gets through (the test above is not vacuous)", () =>
    Effect.gen(function*() {
      let handled = 0
      const receiver = WebhookReceiver.make({ secret: SECRET, handlers: { "sms.received": () => Effect.sync(() => handled++) } })
      const body = JSON.stringify({ topic: "sms.received", version: "2.0", timestamp: "2026-01-01T00:00:00Z", data: { id: "msg-1", from_number: "+14155550199", to_number: "+14155550100", content: "hi" } })
      const now = yield* Clock.currentTimeMillis
      const headers = yield* WebhookReceiver.sign({ id: "msg_1", timestamp: new Date(now), body, secret: SECRET })
      const response = yield* receiver.handle({ body, headers })
      assert.strictEqual(response.status, 200)
      assert.strictEqual(handled, 1)
    }))
})
