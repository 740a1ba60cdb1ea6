// Cloudflare workerd: POST /webhook is the SDK's web handler as the Worker's
// fetch handler; GET /smoke?base=<fake url> runs the smoke (outbound calls to the fake).
import * as Effect from "effect/Effect"
import { WebhookReceiver } from "effect-withallo"
import { smoke } from "./smoke.mjs"

const handled = []
const receiver = WebhookReceiver.make({
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  handlers: {},
  onUnknown: (event) => Effect.sync(() => handled.push(event.topic))
})
const web = WebhookReceiver.toWebHandler(receiver)

export default {
  async fetch(request) {
    const url = new URL(request.url)
    if (url.pathname === "/webhook") return web.handler(request)
    if (url.pathname === "/handled") return Response.json(handled)
    if (url.pathname === "/smoke") return Response.json(await smoke(url.searchParams.get("base"), "workerd"))
    return new Response("not found", { status: 404 })
  }
}
