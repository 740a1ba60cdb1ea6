/**
 * The fake Allo over HTTP in its own process: `node fakeServer.mjs '<seed json>'`
 * prints `READY <url>` and serves until SIGTERM. Controlled through the fake's
 * `/__admin/*` routes.
 */
import { FakeServer } from "effect-withallo/node"

const seed = JSON.parse(process.argv[2] ?? "{}")
const server = await FakeServer.start({ seed })
process.stdout.write(`READY ${server.url}\n`)
process.on("SIGTERM", () => {
  server.close().then(() => process.exit(0), () => process.exit(1))
})
