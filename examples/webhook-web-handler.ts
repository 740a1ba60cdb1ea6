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
 *
 * Run on its own, it plays Allo once: it signs an `sms.received` delivery
 * with ALLO_WEBHOOK_SECRET, hands it to the handler as a framework would,
 * then a forged copy, prints both answers and exits.
 *
 *   npm run example -- webhook-web-handler
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

/** One signed delivery and one forged one, through the handler; what a framework would do with Allo's POSTs. */
const demo = async (secret: string): Promise<void> => {
  const body = JSON.stringify({
    topic: "sms.received",
    version: "2.0",
    timestamp: new Date().toISOString(),
    data: { id: "msg-demo0001", direction: "INBOUND", type: "SMS", content: "Is my order ready?", from_number: "+14155550199", to_number: "+14155550100" }
  })
  const headers = await Effect.runPromise(WebhookReceiver.sign({ id: "msg_demo", timestamp: new Date(), body, secret }))
  const post = (extra: Record<string, string>) =>
    handler(new Request("http://localhost/webhooks/allo", { method: "POST", headers: { "content-type": "application/json", ...extra }, body }))
  const signed = await post(headers)
  console.log(`signed delivery  → ${signed.status} ${await signed.text()}`)
  const forged = await post({ ...headers, "webhook-signature": "v1,Zm9yZ2VkIHNpZ25hdHVyZSBvZiB0aGUgcmlnaHQgbGVuZ3RoIQ==" })
  console.log(`forged delivery  → ${forged.status} ${await forged.text()}`)
  await dispose()
}

/** Whether this module is the program Node runs (never the case when a framework imports the handler). */
const runAsProgram = async (): Promise<boolean> => {
  const script = typeof process === "undefined" ? undefined : process.argv?.[1]
  if (script === undefined) return false
  const { pathToFileURL } = await import("node:url")
  return import.meta.url === pathToFileURL(script).href
}

if (await runAsProgram()) {
  const secret = process.env["ALLO_WEBHOOK_SECRET"]
  if (secret === undefined || secret === "") {
    console.error("Set ALLO_WEBHOOK_SECRET=whsec_… (npm run example sets a demo one).")
    process.exitCode = 1
  } else {
    await demo(secret).catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
  }
}
