/**
 * Receive Allo's webhooks on an effect/http server (Node).
 *
 *   npm run example -- webhook-effect-http   (a local fake Allo sends it signed deliveries, then stops it)
 *
 * On your machine: `ALLO_WEBHOOK_SECRET=whsec_… PORT=3000`, and point an Allo
 * webhook at https://<your host>/webhooks/allo (or try it with
 * `withallo trigger call.completed --to http://127.0.0.1:3000/webhooks/allo --secret whsec_…`).
 */
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Config, Console, Effect, Layer } from "effect"
import { HttpRouter, HttpServer } from "effect/http"
import { WebhookReceiver } from "effect-withallo"
import { createServer } from "node:http"

const program = Effect.gen(function*() {
  const secret = yield* Config.Redacted("ALLO_WEBHOOK_SECRET")
  const receiver = WebhookReceiver.make({
    secret,
    handlers: {
      // Each handler gets its topic's event, typed: `event.data.person` is the matched contact.
      "call.received": (event) =>
        Effect.log(`ringing: ${event.data.from_number} → ${event.data.to_number}`, event.data.person?.name ?? "unknown caller"),
      "call.completed": (event) => Effect.log(`call ${event.data.id ?? "?"} ended: ${event.data.summary ?? ""}`),
      "sms.received": (event) => Effect.log(`sms from ${event.data.from_number ?? "?"}: ${event.data.content ?? ""}`)
    },
    // Topics added by Allo after this SDK version still arrive here instead of being rejected.
    onUnknown: (event) => Effect.log(`new topic ${event.topic}`)
  })
  return HttpRouter.add("POST", "/webhooks/allo", WebhookReceiver.toHttpApp(receiver))
})

const Routes = Layer.unwrap(program)

/** Says where the webhook route is once the server listens. */
const Listening = Layer.effectDiscard(
  HttpServer.addressFormattedWith((address) => Console.log(`listening on ${address}/webhooks/allo`))
)

Layer.mergeAll(HttpRouter.serve(Routes, { disableListenLog: true, disableLogger: true }), Listening).pipe(
  Layer.provide(NodeHttpServer.layer(createServer, { port: Number(process.env["PORT"] ?? 3000), host: "127.0.0.1" })),
  Layer.launch,
  NodeRuntime.runMain
)
