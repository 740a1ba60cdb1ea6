/**
 * `npm run demo:dashboard`: the React dashboard against the HTTP fake of
 * Allo, on 127.0.0.1 (port 4321, or DASHBOARD_PORT). Ctrl-C stops it.
 */
import { start } from "./server.js"

const port = Number(process.env["DASHBOARD_PORT"] ?? 4321)
const dashboard = await start({ port: Number.isInteger(port) && port >= 0 ? port : 4321 })
console.log(`Allo dashboard on ${dashboard.url}/login (the fake Allo on ${dashboard.fake.url})`)
const stop = () => {
  void dashboard.close().then(() => process.exit(0))
}
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
