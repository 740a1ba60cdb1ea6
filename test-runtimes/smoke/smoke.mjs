// The smoke every runtime runs against the packed package: send an SMS to
// the HTTP fake, stream 1,000 calls, verify a signed webhook and reject a
// tampered one (with `verify` and through the web-standard handler).
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { Calls, Sms, WebhookReceiver, Withallo } from "effect-withallo"

/** Standard Webhooks' example secret. */
const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

const delivery = (body, headers) => new Request("http://127.0.0.1/webhook", { method: "POST", headers, body })

/** Runs the smoke against the fake at `baseUrl`; resolves with what was observed. */
export const smoke = (baseUrl, runtime) => {
  const live = Withallo.layer({ apiKey: Redacted.make("ak_test_fake"), baseUrl }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )
  const program = Effect.gen(function*() {
    const sent = yield* Sms.use((sms) =>
      sms.send({ from: "+14155550100", to: "+14155550199", message: `hello from ${runtime}` })
    )
    const ids = yield* Calls.use((calls) =>
      calls.stream({ alloNumber: "+14155550100" }).pipe(Stream.map((call) => call.id), Stream.runCollect)
    )

    const body = JSON.stringify({ topic: "runtime.smoke", data: { runtime } })
    const tamperedBody = body.replace(runtime, `${runtime}!`)
    const headers = yield* WebhookReceiver.sign({ id: "msg_smoke_1", timestamp: new Date(), body, secret })
    yield* WebhookReceiver.verify({ body, headers, secret })
    const tampered = yield* Effect.flip(WebhookReceiver.verify({ body: tamperedBody, headers, secret }))

    const seen = []
    const receiver = WebhookReceiver.make({
      secret,
      handlers: {},
      onUnknown: (event) => Effect.sync(() => seen.push(event.topic))
    })
    const web = WebhookReceiver.toWebHandler(receiver)
    const accepted = yield* Effect.promise(() => web.handler(delivery(body, headers)))
    const rejected = yield* Effect.promise(() => web.handler(delivery(tamperedBody, headers)))
    yield* Effect.promise(() => web.dispose())

    return {
      sms: { to: sent.to_number, content: sent.content },
      calls: ids.length,
      distinctCalls: new Set(ids).size,
      verified: true,
      tampered: tampered._tag,
      webHandler: { signed: accepted.status, tampered: rejected.status, handled: seen }
    }
  })
  return Effect.runPromise(program.pipe(Effect.provide(live)))
}
