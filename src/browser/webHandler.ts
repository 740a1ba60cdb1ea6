/**
 * Serving a browser server as a web-standard `Request` → `Response`
 * function: a Next.js catch-all route, Hono, Bun, Deno. Web APIs only.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import type * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import type { WithalloClient } from "../internal/clientKey.js"
import { readLimited } from "../webhooks/readBody.js"
import { announcesMoreThan } from "../webhooks/serve.js"
import { CALL_PATH, EVENTS_PATH } from "./protocol.js"
import { type BrowserServer, type Reply, tooLarge } from "./server.js"

/** A web handler and the function releasing what its layer built. */
export interface WebHandler {
  readonly handler: (request: Request) => Promise<Response>
  readonly dispose: () => Promise<void>
}

const json = (reply: Reply): Response =>
  new Response(reply.body, { status: reply.status, headers: { "content-type": "application/json", "cache-control": "no-store" } })

const notFound = (): Response => new Response(JSON.stringify({ error: "not found" }), { status: 404, headers: { "content-type": "application/json" } })

const utf8 = new TextDecoder()

const answer = <R>(server: BrowserServer<R>, request: Request): Effect.Effect<Response, never, R | WithalloClient> =>
  Effect.gen(function*() {
    const path = new URL(request.url).pathname.replace(/\/+$/, "")
    if (request.method === "POST" && path.endsWith(CALL_PATH)) {
      if (announcesMoreThan(request.headers.get("content-length"), server.maxBodySize)) return json(tooLarge(server.maxBodySize))
      const source = request.body
      const stream = source === null
        ? Stream.empty
        : Stream.fromReadableStream({ evaluate: () => source, onError: () => "unreadable" as const })
      const body = yield* Effect.result(readLimited(stream, server.maxBodySize))
      if (body._tag === "Failure") return json({ status: 400, body: JSON.stringify({ error: "could not read the request body" }) })
      if (body.success === undefined) return json(tooLarge(server.maxBodySize))
      return json(yield* server.call({ url: request.url, headers: request.headers }, utf8.decode(body.success)))
    }
    if (request.method === "GET" && path.endsWith(EVENTS_PATH)) {
      const events = yield* server.events({ url: request.url, headers: request.headers })
      if (events._tag === "Refused") return json(events.reply)
      return new Response(Stream.toReadableStream(Stream.encodeText(events.stream)), {
        headers: { "content-type": "text/event-stream", "cache-control": "no-store", "x-accel-buffering": "no" }
      })
    }
    return notFound()
  })

/**
 * A web-standard handler for a browser server. It answers `POST …/call` and
 * `GET …/events` under whatever path it is mounted on; `layer` provides the
 * `WithalloClient` (with the API key) and what `authorize` needs, built once
 * and released by `dispose`.
 *
 * @example
 * ```ts
 * // app/api/withallo/[...path]/route.ts (Next.js)
 * const { handler } = WithalloBrowserServer.toWebHandler(server, Withallo.layer({ apiKey }).pipe(Layer.provide(FetchHttpClient.layer)))
 * export { handler as GET, handler as POST }
 * ```
 */
export const toWebHandler = <R, E>(server: BrowserServer<R>, layer: Layer.Layer<R | WithalloClient, E>): WebHandler => {
  const runtime = ManagedRuntime.make(layer)
  return {
    handler: (request) => runtime.runPromise(answer(server, request)),
    dispose: () => runtime.dispose()
  }
}
