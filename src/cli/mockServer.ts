/**
 * The fake Allo served over HTTP on loopback, for `--mock`, `withallo mock`
 * and the demo: the same in-memory fake the SDK's tests use, seeded with a
 * realistic history, reached through real HTTP so the CLI runs exactly as it
 * would against `api.withallo.com`.
 *
 * @since 0.1.0
 */
import * as http from "node:http"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import type { Seed } from "../testing/fake/records.js"
import { DEFAULT_KEY } from "../testing/fake/store.js"
import type { FakeRequest } from "../testing/fake/types.js"
import { type FakeWithallo, make as makeFake } from "../testing/FakeWithallo.js"
import { CliFailure, ExitCode } from "./errors.js"
import { urlOf } from "./output.js"

/** What to seed and where to listen. */
export interface MockOptions {
  /** Default 0: any free port. */
  readonly port?: number | undefined
  /** Generated calls over the seeded numbers. Default 5,000. */
  readonly calls?: number | undefined
  /** Generated contacts. Default 250. */
  readonly contacts?: number | undefined
}

/** A running fake. */
export interface MockServer {
  /** `http://127.0.0.1:PORT`: pass as `--base-url`. */
  readonly url: string
  /** A key the fake accepts (every scope). */
  readonly apiKey: string
  /** The fake itself: seed it, read what it received, inject faults. */
  readonly fake: FakeWithallo.Service
}

/** The seed of `--mock` and `withallo mock`. */
export const mockSeed = (options: MockOptions): Seed => ({
  calls: options.calls ?? 5_000,
  contacts: options.contacts ?? 250,
  messages: 200
})

const readBody = (req: http.IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

const headersOf = (req: http.IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {}
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value
  }
  return headers
}

/** Serves `fake` on `127.0.0.1:port` for the lifetime of the scope. */
export const serveFake = (
  fake: FakeWithallo.Service,
  port = 0
): Effect.Effect<{ readonly url: string }, CliFailure, Scope.Scope> =>
  Effect.gen(function*() {
    const server = http.createServer((req, res) => {
      void readBody(req).then(async (body) => {
        const request: FakeRequest = {
          method: req.method ?? "GET",
          url: req.url ?? "/",
          headers: headersOf(req),
          body: body === "" ? undefined : body
        }
        const response = await Effect.runPromise(fake.handle(request))
        switch (response._tag) {
          case "Drop":
            req.socket.destroy()
            return
          case "StallBody":
            // Headers and part of the body, then nothing until the client gives up.
            res.writeHead(response.status, response.headers)
            res.write(response.partialBody)
            return
          case "Response":
            res.writeHead(response.status, response.headers)
            res.end(response.body)
        }
      }, () => req.socket.destroy())
    })
    yield* Effect.acquireRelease(
      Effect.callback<void, CliFailure>((resume) => {
        server.once("error", (error: NodeJS.ErrnoException) =>
          resume(Effect.fail(
            new CliFailure({
              message: `Cannot serve the fake on port ${port}: ${error.code ?? error.message}`,
              ...(error.code === "EADDRINUSE" ? { hint: "Another process uses the port; pick one with --port." } : {}),
              exitCode: ExitCode.api
            })
          )))
        server.listen(port, "127.0.0.1", () => resume(Effect.void))
      }),
      () =>
        Effect.callback<void>((resume) => {
          server.close(() => resume(Effect.void))
          server.closeAllConnections()
        })
    )
    return { url: urlOf(server.address(), "127.0.0.1") }
  })

/** Seeds a fresh fake and serves it for the lifetime of the scope. */
export const startMockServer = (options: MockOptions): Effect.Effect<MockServer, CliFailure, Scope.Scope> =>
  Effect.gen(function*() {
    const fake = yield* makeFake(mockSeed(options))
    const { url } = yield* serveFake(fake, options.port ?? 0)
    return { url, apiKey: DEFAULT_KEY, fake }
  })
