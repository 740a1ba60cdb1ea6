/**
 * The dashboard's server: it holds the Allo key (here the HTTP fake's, on
 * 127.0.0.1) and exposes four operations to signed-in browsers through
 * `WithalloBrowserServer`, on an `effect/http` router. Allo's webhooks
 * (the fake really delivers them, signed) go through a `WebhookReceiver`
 * into the live feed. Sessions are a demo cookie: `/login` signs in as
 * Alice, `/logout` signs out.
 */
import { NodeHttpServer } from "@effect/platform-node"
import { Effect, Exit, Layer, Redacted, Scope } from "effect"
import { FetchHttpClient, HttpRouter, HttpServer, HttpServerResponse } from "effect/http"
import {
  WebhookEndpoints,
  type WebhookEvent,
  WebhookReceiver,
  Withallo,
  WithalloBrowserServer
} from "effect-withallo"
import { FakeServer } from "effect-withallo/node"
import type { Seed } from "effect-withallo/testing"
import { createServer } from "node:http"
import { bundleApp } from "./bundle.js"

/** The Allo number the demo user owns (the fake's first number). */
export const ALLO_NUMBER = "+14155550100"

interface Session {
  readonly userId: string
  readonly numbers: ReadonlyArray<string>
}

const sessions: Readonly<Record<string, Session>> = { alice: { userId: "alice", numbers: [ALLO_NUMBER] } }

const sessionOf = (request: WithalloBrowserServer.BrowserRequest) => {
  const cookie = request.headers.get("cookie") ?? ""
  const name = /(?:^|;\s*)demo_session=([a-z]+)/.exec(cookie)?.[1]
  const session = name === undefined ? undefined : sessions[name]
  return session === undefined
    ? Effect.fail(new WithalloBrowserServer.Unauthorized({ message: "sign in first" }))
    : Effect.succeed(session)
}

const stringField = (value: unknown, name: string): string | undefined => {
  if (typeof value !== "object" || value === null || !(name in value)) return undefined
  const field: unknown = Reflect.get(value, name)
  return typeof field === "string" ? field : undefined
}

/** A user may use only their own Allo numbers. */
const permit = (session: Session, call: WithalloBrowserServer.OperationCall): boolean => {
  const params = call.input.params
  const number = stringField(params, "alloNumber") ?? stringField(params, "from")
  return number === undefined ? call.operation === "Me.get" : session.numbers.includes(number)
}

/** A user sees the deliveries about their own numbers. */
const visible = (session: Session, event: WebhookEvent): boolean =>
  ["allo_number", "from_number", "to_number"].some((name) => {
    const number = stringField(event.data, name)
    return number !== undefined && session.numbers.includes(number)
  })

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="allo-number" content="${ALLO_NUMBER}">
<title>Allo dashboard</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f4f6f9; }
  header { display: flex; align-items: baseline; gap: 24px; padding: 14px 28px; background: #14213d; color: #fff; }
  header h1 { font-size: 18px; margin: 0; } header a { color: #9ecbff; } .key { margin: 0; opacity: .8; flex: 1; }
  main { display: grid; grid-template-columns: 1fr 380px; gap: 20px; padding: 20px 28px; }
  section { background: #fff; border-radius: 8px; padding: 14px 18px; box-shadow: 0 1px 3px #0002; margin-bottom: 20px; }
  h2 { font-size: 15px; margin: 0 0 10px; } h2 small { color: #667; font-weight: normal; margin-left: 8px; }
  table { width: 100%; border-collapse: collapse; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #e8ebf0; }
  th { font-size: 12px; color: #667; text-transform: uppercase; }
  .actions { display: flex; justify-content: space-between; align-items: center; }
  button { background: #2563eb; color: #fff; border: 0; border-radius: 6px; padding: 6px 14px; cursor: pointer; }
  button:disabled { background: #9db4e8; cursor: default; }
  form { display: grid; gap: 8px; } label { display: grid; gap: 2px; font-size: 12px; color: #556; }
  input, textarea { font: inherit; padding: 5px 7px; border: 1px solid #ccd3dd; border-radius: 5px; }
  .error { background: #fdecec; color: #8a1c1c; padding: 8px 10px; border-radius: 6px; display: flex; gap: 8px; flex-wrap: wrap; }
  .dot { font-size: 11px; font-weight: normal; padding: 1px 8px; border-radius: 10px; background: #eee; margin-left: 6px; }
  .dot.open { background: #d7f5df; color: #146c2e; } .dot.closed { background: #fdecec; color: #8a1c1c; }
  ol { padding-left: 18px; margin: 0; } li { margin: 4px 0; } .muted { color: #889; }
</style>
</head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body>
</html>`

/** Options of {@link start}. */
export interface DashboardOptions {
  /** Default 0: an ephemeral port. */
  readonly port?: number | undefined
  readonly seed?: Seed | undefined
}

/** A running dashboard and the fake Allo behind it. */
export interface Dashboard {
  readonly url: string
  readonly fake: FakeServer.FakeServer
  readonly close: () => Promise<void>
}

/** Starts the fake Allo and the dashboard's server on 127.0.0.1. */
export const start = async (options: DashboardOptions = {}): Promise<Dashboard> => {
  const fake = await FakeServer.start({ seed: options.seed ?? { calls: 80 }, webhooks: { timeScale: 0.001 } })
  const script = await bundleApp()
  const allo = Withallo.layer({ apiKey: Redacted.make("ak_test_fake"), baseUrl: fake.url, rateLimit: false }).pipe(
    Layer.provide(FetchHttpClient.layer)
  )
  const hub = WithalloBrowserServer.feed()
  // Set once the webhook endpoint is registered (its secret comes back then).
  let receiver: WebhookReceiver.WebhookReceiver | undefined
  const browserServer = WithalloBrowserServer.make({
    allow: ["Calls.search", "Conversations.searchItems", "Sms.send", "Me.get"],
    authorize: sessionOf,
    permit,
    limits: { readsPerMinute: 600, writesPerMinute: 30 },
    feed: { hub, visible }
  })
  const routes = Layer.mergeAll(
    WithalloBrowserServer.toHttpRoutes(browserServer),
    HttpRouter.add("POST", "/webhooks/allo", Effect.suspend(() =>
      receiver === undefined ? Effect.succeed(HttpServerResponse.text("not ready", { status: 503 })) : WebhookReceiver.toHttpApp(receiver)
    )),
    HttpRouter.add("GET", "/", HttpServerResponse.html(page)),
    HttpRouter.add("GET", "/favicon.ico", HttpServerResponse.empty({ status: 204 })),
    HttpRouter.add("GET", "/app.js", HttpServerResponse.text(script, { contentType: "text/javascript" })),
    HttpRouter.add("GET", "/login", HttpServerResponse.redirect("/", { headers: { "set-cookie": "demo_session=alice; Path=/; HttpOnly; SameSite=Lax" } })),
    HttpRouter.add("GET", "/logout", HttpServerResponse.redirect("/", { headers: { "set-cookie": "demo_session=; Path=/; Max-Age=0" } }))
  )
  const app = HttpRouter.serve(routes).pipe(
    Layer.provide(allo),
    Layer.provideMerge(NodeHttpServer.layer(createServer, { port: options.port ?? 0, host: "127.0.0.1" }))
  )
  const scope = Effect.runSync(Scope.make())
  const close = async () => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    await fake.close()
  }
  const url = await Effect.runPromise(Effect.gen(function*() {
    const server = yield* HttpServer.HttpServer
    const address = server.address
    return `http://127.0.0.1:${"port" in address ? address.port : 0}`
  }).pipe(Effect.provide(Layer.buildWithScope(app, scope).pipe(Layer.effectContext))))
  const endpoint = await Effect.runPromise(
    WebhookEndpoints.use((w) =>
      w.create({ url: `${url}/webhooks/allo`, topics: ["sms.sent", "sms.received", "call.received", "call.completed"] })
    ).pipe(Effect.provide(allo))
  )
  receiver = WebhookReceiver.make({
    secret: endpoint.signing_secret ?? undefined,
    handlers: hub.handlers,
    onUnknown: hub.publish
  })
  return { url, fake, close }
}
