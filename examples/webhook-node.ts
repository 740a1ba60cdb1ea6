/**
 * Receive Allo's webhooks on a plain Node `http` server, or in Express.
 *
 *   npm run example -- webhook-node   (a local fake Allo sends it signed deliveries, then stops it)
 *
 * On your machine: `ALLO_WEBHOOK_SECRET=whsec_… PORT=3000`, then
 * `withallo trigger call.completed --to http://localhost:3000/webhooks/allo --secret whsec_…`.
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

server.listen(Number(process.env["PORT"] ?? 3000), "127.0.0.1", () => {
  const address = server.address()
  console.log(`listening on http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : "?"}/webhooks/allo`)
})

const stop = () => server.close(() => void dispose())
process.once("SIGTERM", stop)
process.once("SIGINT", stop)
