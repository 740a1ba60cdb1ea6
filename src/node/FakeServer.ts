/**
 * The fake Allo over real HTTP (`node:http`), for integration tests in any
 * language: the same routes, state and faults as `FakeWithallo`, plus
 * `/__admin/*` control routes. A stalled body sends headers and never ends
 * (until the client goes away); a dropped connection destroys the socket.
 * Webhook deliveries are POSTed over real HTTP to the registered URLs on
 * loopback (`http://127.0.0.1:3000/hook`, `localhost`), with Allo's retry
 * schedule, compressible with `webhooks.timeScale`; other URLs are recorded
 * only, unless `webhooks.deliver` is `"all"`.
 *
 * @example
 * ```ts
 * import { FakeServer } from "effect-withallo/node"
 *
 * const server = await FakeServer.start({ port: 4010, seed: { calls: 1000 } })
 * // point the SDK at server.url (baseUrl) with apiKey "ak_test_fake"
 * await server.close()
 * ```
 *
 * @since 0.1.0
 */
import type * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { Seed } from "../testing/fake/records.js"
import type { RateLimitSettings } from "../testing/fake/types.js"
import { type FakeWithallo, makeScoped as makeFake } from "../testing/FakeWithallo.js"
import { admin, type ConnectionStats } from "./fake/admin.js"

/** How the server delivers webhooks. */
export interface WebhookOptions {
  /**
   * Which registered URLs get real POSTs: `"loopback"` (default: `127.0.0.1`,
   * `localhost`, `[::1]`), `"all"`, or `"none"`; the others are recorded only.
   */
  readonly deliver?: "loopback" | "all" | "none" | undefined
  /** Multiplies Allo's retry waits: `0.001` turns +5 s into 5 ms and the whole 27.5 h into 99 s. Default 1. */
  readonly timeScale?: number | undefined
}

/** Options of {@link start}. */
export interface FakeServerOptions {
  /** Default 0: an ephemeral port. */
  readonly port?: number | undefined
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined
  readonly seed?: Seed | undefined
  /** Turn Allo's per-key limits on from the start. */
  readonly rateLimit?: RateLimitSettings | false | undefined
  readonly webhooks?: WebhookOptions | undefined
}

/** A running fake server. */
export interface FakeServer {
  /** `http://host:port`: use it as the SDK's `baseUrl`. */
  readonly url: string
  readonly port: number
  /** The fake behind it, with every control. */
  readonly fake: FakeWithallo.Service
  /** Live connection counters (see {@link ConnectionStats}). */
  readonly connections: Readonly<ConnectionStats>
  /** Stops accepting, drops open connections, resolves when closed. */
  readonly close: () => Promise<void>
}

const readBody = (req: Http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

const headersOf = (req: Http.IncomingMessage): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return out
}

const parseJson = (text: string): unknown => {
  if (text.trim() === "") return undefined
  try {
    return JSON.parse(text)
  } catch {
    return Symbol.for("invalid-json")
  }
}

const serve = (fake: FakeWithallo.Service, stats: ConnectionStats) =>
async (req: Http.IncomingMessage, res: Http.ServerResponse): Promise<void> => {
  stats.inFlight++
  const controller = new AbortController()
  res.on("close", () => {
    stats.inFlight--
    if (!res.writableFinished) {
      stats.aborted++
      controller.abort()
    }
  })
  const method = req.method ?? "GET"
  const url = req.url ?? "/"
  const text = await readBody(req)
  if (url.startsWith("/__admin/")) {
    const body = parseJson(text)
    const parsed = new URL(url, "http://x")
    const reply = typeof body === "symbol"
      ? { status: 400, body: { error: "body is not JSON" } }
      : await Effect.runPromise(admin(fake, stats, method, parsed.pathname, parsed.searchParams, body))
    res.writeHead(reply.status, reply.body === undefined ? {} : { "content-type": "application/json" })
    res.end(reply.body === undefined ? undefined : JSON.stringify(reply.body))
    return
  }
  const response = await Effect.runPromise(
    fake.handle({ method, url, headers: headersOf(req), body: text === "" ? undefined : text }),
    { signal: controller.signal }
  ).catch(() => undefined)
  if (response === undefined || controller.signal.aborted) return
  switch (response._tag) {
    case "Drop":
      req.socket.destroy()
      return
    case "StallBody":
      res.writeHead(response.status, response.headers)
      // Headers and part of the body go out; the end never does.
      res.write(response.partialBody)
      return
    case "Response":
      res.writeHead(response.status, response.headers)
      res.end(response.body)
  }
}

const listen = (fake: FakeWithallo.Service, scope: Scope.Closeable, options: FakeServerOptions): Promise<FakeServer> =>
  new Promise((resolve, reject) => {
    const stats: ConnectionStats = { opened: 0, closed: 0, aborted: 0, inFlight: 0 }
    const server = Http.createServer((req, res) => {
      serve(fake, stats)(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500)
        res.end()
      })
    })
    server.on("connection", (socket) => {
      stats.opened++
      socket.on("close", () => stats.closed++)
    })
    server.once("error", reject)
    const host = options.host ?? "127.0.0.1"
    server.listen(options.port ?? 0, host, () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      resolve({
        url: `http://${host}:${port}`,
        port,
        fake,
        connections: stats,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }).then(() => Effect.runPromise(Scope.close(scope, Exit.void)))
      })
    })
  })

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"])

/** Whether a URL points at this machine. */
export const isLoopbackUrl = (url: string): boolean =>
  URL.canParse(url) && (LOOPBACK.has(new URL(url).hostname) || /^127\.\d+\.\d+\.\d+$/.test(new URL(url).hostname))

const deliverable = (deliver: WebhookOptions["deliver"]): ((url: string) => boolean) =>
  deliver === "all" ? () => true : deliver === "none" ? () => false : isLoopbackUrl

/** Starts a fake server (a fresh fake per call). */
export const start = async (options: FakeServerOptions = {}): Promise<FakeServer> => {
  const timeScale = options.webhooks?.timeScale ?? 1
  if (!(typeof timeScale === "number" && Number.isFinite(timeScale) && timeScale >= 0)) {
    throw new RangeError(`FakeServer.start: webhooks.timeScale must be a number >= 0, got ${String(timeScale)}`)
  }
  const scope = Scope.makeUnsafe()
  const fake = await Effect.runPromise(Effect.gen(function*() {
    const client = yield* Effect.provide(
      Effect.gen(function*() {
        return yield* HttpClient.HttpClient
      }),
      FetchHttpClient.layer
    )
    const fake = yield* makeFake(options.seed ?? {}, {
      webhookTarget: client,
      deliverable: deliverable(options.webhooks?.deliver),
      webhookTimeScale: timeScale
    })
    if (options.rateLimit !== undefined) yield* fake.setRateLimit(options.rateLimit)
    return fake
  }).pipe(Scope.provide(scope)))
  return listen(fake, scope, options).catch(async (error: unknown) => {
    await Effect.runPromise(Scope.close(scope, Exit.void))
    throw error
  })
}

/** {@link start} as a scoped Effect: the server closes with the scope; a port in use or a bad option fails. */
export const make = (options: FakeServerOptions = {}): Effect.Effect<FakeServer, Cause.UnknownError, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise(() => start(options)),
    (server) => Effect.promise(() => server.close())
  )
