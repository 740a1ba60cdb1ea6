/**
 * Receive Allo's webhooks with a web-standard `Request` → `Response` handler:
 * a Next.js route handler, Hono, Bun, Deno, Cloudflare Workers.
 *
 *   Next.js (app/api/allo/route.ts):  export const POST = handler
 *   Hono:                             app.post("/webhooks/allo", (c) => handler(c.req.raw))
 *   Bun:                              Bun.serve({ port: 3000, fetch: handler })
 *   Deno:                             Deno.serve({ port: 3000 }, handler)
 *
 * The handler reads the raw body itself: do not parse it first (the signature
 * covers the exact bytes Allo sent).
 */
import { Context, Effect, Layer } from "effect"
import { WebhookReceiver } from "effect-withallo"

/** Where the app keeps inbound messages; provided once by the handler's layer. */
class Inbox extends Context.Service<Inbox, { readonly add: (from: string, text: string) => Effect.Effect<void> }>()(
  "example/Inbox"
) {
  static readonly layer = Layer.succeed(Inbox, {
    add: (from, text) => Effect.log(`inbox: ${from}: ${text}`)
  })
}

const receiver = WebhookReceiver.make({
  secret: process.env["ALLO_WEBHOOK_SECRET"],
  handlers: {
    "sms.received": (event) =>
      Effect.gen(function*() {
        const inbox = yield* Inbox
        yield* inbox.add(event.data.from_number ?? "unknown", event.data.content ?? "")
      }),
    // v1 (legacy) endpoints send upper-case topics and no signature: they are refused (401)
    // unless the receiver opts in with `allowUnsigned: true`.
    SMS_RECEIVED: (event) =>
      Effect.gen(function*() {
        const inbox = yield* Inbox
        yield* inbox.add(event.data.from_number ?? "unknown", event.data.content)
      })
  }
})

/** `handler` for the route; call `dispose` on shutdown to release the layer. */
export const { handler, dispose } = WebhookReceiver.toWebHandler(receiver, Inbox.layer)
