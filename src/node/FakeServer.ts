/**
 * The fake Allo over real HTTP (`node:http`), for integration tests in any
 * language: the same routes, state and faults as `FakeWithallo`, plus
 * `/__admin/*` control routes. A stalled body sends headers and never ends
 * (until the client goes away); a dropped connection destroys the socket.
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
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as Http from "node:http"
import type { Seed } from "../testing/fake/records.js"
import type { RateLimitSettings } from "../testing/fake/types.js"
import { type FakeWithallo, make as makeFake } from "../testing/FakeWithallo.js"
import { admin, type ConnectionStats } from "./fake/admin.js"

/** Options of {@link start}. */
export interface FakeServerOptions {
  /** Default 0: an ephemeral port. */
  readonly port?: number | undefined
  /** Default `127.0.0.1`. */
  readonly host?: string | undefined
  readonly seed?: Seed | undefined
  /** Turn Allo's per-key limits on from the start. */
  readonly rateLimit?: RateLimitSettings | false | undefined
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
    const reply = typeof body === "symbol"
      ? { status: 400, body: { error: "body is not JSON" } }
      : await Effect.runPromise(admin(fake, stats, method, new URL(url, "http://x").pathname, body))
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

const listen = (fake: FakeWithallo.Service, options: FakeServerOptions): Promise<FakeServer> =>
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
          })
      })
    })
  })

/** Starts a fake server (a fresh fake per call). */
export const start = async (options: FakeServerOptions = {}): Promise<FakeServer> => {
  const fake = await Effect.runPromise(makeFake(options.seed ?? {}))
  if (options.rateLimit !== undefined) await Effect.runPromise(fake.setRateLimit(options.rateLimit))
  return listen(fake, options)
}

/** {@link start} as a scoped Effect: the server closes with the scope. */
export const make = (options: FakeServerOptions = {}): Effect.Effect<FakeServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start(options)),
    (server) => Effect.promise(() => server.close())
  )
