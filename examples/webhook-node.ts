/**
 * Receive Allo's webhooks on a plain Node `http` server, or in Express.
 *
 *   ALLO_WEBHOOK_SECRET=whsec_… node examples/webhook-node.ts
 *
 * Express: mount the listener BEFORE any JSON body parser; the signature is
 * over the raw bytes, which `express.json()` throws away.
 *
 *   const app = express()
 *   app.post("/webhooks/allo", listener)   // first
 *   app.use(express.json())                // then the rest of the app
 *
 * (Behind `express.raw({ type: "application/json" })` works too: the
 * listener uses the raw Buffer it leaves in `req.body`.)
 */
import { Effect } from "effect"
import { WebhookDedupe, WebhookReceiver } from "effect-withallo"
import { webhookListener } from "effect-withallo/node"
import { createServer } from "node:http"

const receiver = WebhookReceiver.make({
  secret: process.env["ALLO_WEBHOOK_SECRET"],
  handlers: {
    "call.completed": (event, { id }) => Effect.log(`[${id}] call ${event.data.id ?? "?"}: ${event.data.result ?? ""}`),
    "contact.created": (event) => Effect.log(`new contact ${event.data.id ?? "?"}`)
  },
  // Remember handled webhook-ids for Allo's ~27.5 h of retries (this is the default).
  dedupe: WebhookDedupe.memory({ capacity: 10_000, ttl: "28 hours" })
})

const { listener, dispose } = webhookListener(receiver)

const server = createServer((req, res) => {
  if (req.url === "/webhooks/allo") return listener(req, res)
  res.writeHead(404).end()
})

server.listen(3000, () => console.log("listening on http://localhost:3000/webhooks/allo"))
process.once("SIGTERM", () => server.close(() => void dispose()))
