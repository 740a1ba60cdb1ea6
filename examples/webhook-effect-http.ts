/**
 * Receive Allo's webhooks on an effect/http server (Node).
 *
 *   ALLO_WEBHOOK_SECRET=whsec_… node examples/webhook-effect-http.ts
 *
 * Then point an Allo webhook at https://<your host>/webhooks/allo.
 */
import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
import { Config, Effect, Layer } from "effect"
import { HttpRouter } from "effect/http"
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

HttpRouter.serve(Routes).pipe(
  Layer.provide(NodeHttpServer.layer(createServer, { port: 3000 })),
  Layer.launch,
  NodeRuntime.runMain
)
