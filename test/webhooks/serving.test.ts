/**
 * The three ways to serve a receiver, each exercised with real HTTP requests
 * over loopback (127.0.0.1, an ephemeral port).
 */
import { NodeHttpServer } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Context, Effect, Layer, Logger } from "effect"
import { HttpEffect, HttpRouter, HttpServer } from "effect/http"
import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { webhookListener } from "../../src/node/webhookListener.js"
import * as WebhookReceiver from "../../src/webhooks/WebhookReceiver.js"
import { bodies, captureLogs, otherSecret, signed, untyped } from "./support.js"

/** Handler failures are logged by design; keep a passing run quiet. */
const quiet = Logger.layer([])

const secret = signed.secret
const body = bodies.webhook_v2_call_received_with_contact!

/** A receiver whose call.received handler records runs and fails for one id. */
const makeReceiver = () => {
  const runs: Array<string> = []
  const receiver = WebhookReceiver.make({
    secret,
    maxBodySize: 64 * 1024,
    handlers: {
      "call.received": (event, { id }) =>
        id === "msg_fail" ? Effect.fail("downstream unavailable") : Effect.sync(() => void runs.push(`${id}:${event.data.from_number}`))
    }
  })
  return { receiver, runs }
}

const post = (url: string, payload: string, headers: Record<string, string>) =>
  Effect.promise(async () => {
    const response = await fetch(url, { method: "POST", body: payload, headers: { "content-type": "application/json", ...headers } })
    return { status: response.status, text: await response.text() }
  })

/** Sends the same scenario to any served receiver and checks every status. */
const exercise = (url: string, runs: ReadonlyArray<string>) =>
  Effect.gen(function*() {
    const signedFor = (id: string, payload = body) =>
      WebhookReceiver.sign({ id, timestamp: new Date(), body: payload, secret })
    const ok = yield* post(url, body, yield* signedFor("msg_ok"))
    assert.strictEqual(ok.status, 200, ok.text)
    assert.deepStrictEqual(runs, ["msg_ok:+33612345678"])
    assert.strictEqual((yield* post(url, body, yield* signedFor("msg_ok"))).status, 200)
    assert.strictEqual(runs.length, 1, "a redelivery does not run the handler again")
    const tampered = yield* post(url, body.replace("Marie", "Eve"), yield* signedFor("msg_t"))
    assert.strictEqual(tampered.status, 401)
    assert.strictEqual((yield* post(url, body, {})).status, 401)
    const malformed = "{\"topic\":\"call.received\",\"data\":[]}"
    assert.strictEqual((yield* post(url, malformed, yield* signedFor("msg_m", malformed))).status, 400)
    const huge = JSON.stringify({ topic: "PING", data: { pad: "x".repeat(70 * 1024) } })
    assert.strictEqual((yield* post(url, huge, yield* signedFor("msg_h", huge))).status, 413)
    assert.strictEqual((yield* post(url, body, yield* signedFor("msg_fail"))).status, 500)
    const unknown = "{\"topic\":\"brand.new\",\"data\":{}}"
    assert.strictEqual((yield* post(url, unknown, yield* signedFor("msg_u", unknown))).status, 200)
  })

const listen = (server: Server) =>
  Effect.acquireRelease(
    Effect.callback<string>((resume) => {
      server.listen(0, "127.0.0.1", () => resume(Effect.succeed(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)))
    }),
    () => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
  )

describe("serving a WebhookReceiver over HTTP", () => {
  it.live("as an effect/http route on NodeHttpServer", () =>
    Effect.gen(function*() {
      const { receiver, runs } = makeReceiver()
      const route = HttpRouter.add("POST", "/webhooks/allo", WebhookReceiver.toHttpApp(receiver))
      const App = HttpRouter.serve(route, { disableLogger: true, disableListenLog: true }).pipe(
        Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
      )
      const server = Context.get(yield* Layer.build(App), HttpServer.HttpServer)
      const port = "port" in server.address ? server.address.port : 0
      yield* exercise(`http://127.0.0.1:${port}/webhooks/allo`, runs)
    }).pipe(Effect.provide(quiet)))

  it.live("as a web-standard Request handler", () =>
    Effect.gen(function*() {
      const { receiver, runs } = makeReceiver()
      const { handler, dispose } = WebhookReceiver.toWebHandler(receiver, quiet)
      yield* Effect.addFinalizer(() => Effect.promise(dispose))
      const server = yield* NodeHttpServer.make(createServer, { port: 0, host: "127.0.0.1" })
      yield* server.serve(HttpEffect.fromWebHandler(handler))
      const port = "port" in server.address ? server.address.port : 0
      yield* exercise(`http://127.0.0.1:${port}/`, runs)
    }))

  it.live("as a Node http request listener", () =>
    Effect.gen(function*() {
      const { receiver, runs } = makeReceiver()
      const { listener, dispose } = webhookListener(receiver, quiet)
      yield* Effect.addFinalizer(() => Effect.promise(dispose))
      const url = yield* listen(createServer(listener))
      yield* exercise(url, runs)
      const get = yield* Effect.promise(() => fetch(url))
      assert.strictEqual(get.status, 405)
    }))

  it.live("the Node listener names the body-parser mistake, and accepts a raw body read before it", () =>
    Effect.gen(function*() {
      const { receiver, runs } = makeReceiver()
      const { listener, dispose } = webhookListener(receiver, quiet)
      yield* Effect.addFinalizer(() => Effect.promise(dispose))
      // Stand-ins for express.json() and express.raw(): they consume the stream and set req.body.
      const withBodyParser = (parse: (raw: Buffer) => unknown) => (req: IncomingMessage, res: Parameters<typeof listener>[1]) => {
        const chunks: Array<Buffer> = []
        req.on("data", (chunk: Buffer) => chunks.push(chunk))
        req.on("end", () => {
          Object.assign(req, { body: parse(Buffer.concat(chunks)) })
          listener(req, res)
        })
      }
      const parsedUrl = yield* listen(createServer(withBodyParser((raw) => JSON.parse(raw.toString("utf8")))))
      const parsed = yield* post(parsedUrl, body, yield* WebhookReceiver.sign({ id: "p", timestamp: new Date(), body, secret }))
      assert.strictEqual(parsed.status, 500)
      assert.include(parsed.text, "before it")
      const rawUrl = yield* listen(createServer(withBodyParser((raw) => raw)))
      const raw = yield* post(rawUrl, body, yield* WebhookReceiver.sign({ id: "r", timestamp: new Date(), body, secret }))
      assert.strictEqual(raw.status, 200)
      assert.deepStrictEqual(runs, ["r:+33612345678"])
    }))
})

/** The three servers of one receiver, each on its own loopback port, for the scope's lifetime. */
const serveAllWays = (receiver: WebhookReceiver.WebhookReceiver) =>
  Effect.gen(function*() {
    const route = HttpRouter.add("POST", "/", WebhookReceiver.toHttpApp(receiver))
    const App = HttpRouter.serve(route, { disableLogger: true, disableListenLog: true }).pipe(
      Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
    )
    const effectServer = Context.get(yield* Layer.build(App), HttpServer.HttpServer)
    const web = WebhookReceiver.toWebHandler(receiver, quiet)
    yield* Effect.addFinalizer(() => Effect.promise(web.dispose))
    const webServer = yield* NodeHttpServer.make(createServer, { port: 0, host: "127.0.0.1" })
    yield* webServer.serve(HttpEffect.fromWebHandler(web.handler))
    const node = webhookListener(receiver, quiet)
    yield* Effect.addFinalizer(() => Effect.promise(node.dispose))
    const portOf = (server: HttpServer.HttpServer["Service"]) => ("port" in server.address ? server.address.port : 0)
    return {
      "effect/http": `http://127.0.0.1:${portOf(effectServer)}/`,
      "web handler": `http://127.0.0.1:${portOf(webServer)}/`,
      "node listener": yield* listen(createServer(node.listener))
    }
  })

describe("every server fails closed the same way", () => {
  it.live("a receiver without a secret answers 401 to forged and unsigned deliveries on all three", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      let runs = 0
      const receiver = WebhookReceiver.make({
        secret: process.env["WITHALLO_TEST_UNSET_SECRET"],
        handlers: { "call.received": () => Effect.sync(() => void runs++) }
      })
      for (const [name, url] of Object.entries(yield* serveAllWays(receiver))) {
        const forged = yield* post(url, body, yield* WebhookReceiver.sign({ id: "f", timestamp: new Date(), body, secret: otherSecret }))
        assert.strictEqual(forged.status, 401, name)
        assert.strictEqual((yield* post(url, body, {})).status, 401, name)
      }
      assert.strictEqual(runs, 0)
    }).pipe(Effect.provide(logs.layer))
  })

  it.live("a misconfigured receiver answers 500 on all three, so Allo redelivers once it is fixed", () => {
    const logs = captureLogs()
    return Effect.gen(function*() {
      const receiver = untyped<WebhookReceiver.WebhookReceiver>(WebhookReceiver, "make")({ secret, tolerance: "", handlers: {} })
      for (const [name, url] of Object.entries(yield* serveAllWays(receiver))) {
        const response = yield* post(url, body, yield* WebhookReceiver.sign({ id: "m", timestamp: new Date(), body, secret }))
        assert.strictEqual(response.status, 500, name)
        assert.include(response.text, "tolerance", name)
      }
    }).pipe(Effect.provide(logs.layer))
  })
})

describe("WebhookReceiver.toWebHandler", () => {
  it.live("stops reading a streamed body at maxBodySize (no content-length)", () =>
    Effect.gen(function*() {
      const { receiver } = makeReceiver()
      const { handler, dispose } = WebhookReceiver.toWebHandler(receiver, quiet)
      const chunk = new Uint8Array(16 * 1024).fill(0x20)
      let pulled = 0
      const stream = new ReadableStream<Uint8Array>({
        pull: (controller) => {
          pulled++
          controller.enqueue(chunk)
        }
      })
      // `duplex` is required by Node's fetch for a stream body; DOM typings lack it.
      const init: RequestInit & { readonly duplex: "half" } = { method: "POST", body: stream, duplex: "half" }
      const response = yield* Effect.promise(() => handler(new Request("http://localhost/", init)))
      assert.strictEqual(response.status, 413)
      assert.isBelow(pulled, 10)
      yield* Effect.promise(dispose)
    }))

  it.live("provides the handlers' services from its layer", () =>
    Effect.gen(function*() {
      class Audit extends Context.Service<Audit, Array<string>>()("test/Audit") {}
      const log: Array<string> = []
      const receiver = WebhookReceiver.make({
        allowUnsigned: true,
        handlers: {
          SMS_RECEIVED: (event) =>
            Effect.gen(function*() {
              const audit = yield* Audit
              audit.push(event.data.content)
            })
        }
      })
      const { handler, dispose } = WebhookReceiver.toWebHandler(receiver, Layer.succeed(Audit, log))
      const response = yield* Effect.promise(() =>
        handler(new Request("http://localhost/", { method: "POST", body: bodies.webhook_v1_sms_received! }))
      )
      assert.strictEqual(response.status, 200)
      assert.strictEqual(log.length, 1)
      yield* Effect.promise(dispose)
    }))
})
