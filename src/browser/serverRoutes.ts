/**
 * Serving a browser server with `effect/http`: the two routes, mounted
 * under a prefix.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as HttpRouter from "effect/http/HttpRouter"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import { readLimited } from "../webhooks/readBody.js"
import { announcesMoreThan } from "../webhooks/serve.js"
import { CALL_PATH, EVENTS_PATH } from "./protocol.js"
import { type BrowserRequest, type BrowserServer, type Reply, tooLarge } from "./server.js"

const toJson = (reply: Reply) =>
  HttpServerResponse.text(reply.body, { status: reply.status, contentType: "application/json", headers: { "cache-control": "no-store" } })

const browserRequest = (request: HttpServerRequest.HttpServerRequest): BrowserRequest => {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) headers.set(name, value)
  return { url: request.originalUrl, headers }
}

const utf8 = new TextDecoder()

/** Options of {@link toHttpRoutes}. */
export interface RoutesOptions {
  /** Where the routes are mounted: `${prefix}/call` and `${prefix}/events`. Default `/api/withallo`. */
  readonly prefix?: `/${string}` | undefined
}

/**
 * The browser server's routes for an `effect/http` router. The app's layers
 * provide `WithalloClient` (with the API key) and what `authorize` needs.
 *
 * @example
 * ```ts
 * HttpRouter.serve(WithalloBrowserServer.toHttpRoutes(server)).pipe(
 *   Layer.provide(Withallo.layer({ apiKey })),
 *   Layer.provide(NodeHttpServer.layer(createServer, { port: 3000 }))
 * )
 * ```
 */
export const toHttpRoutes = <R>(server: BrowserServer<R>, options: RoutesOptions = {}) => {
  const prefix = options.prefix ?? "/api/withallo"
  const call = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    if (announcesMoreThan(request.headers["content-length"], server.maxBodySize)) return toJson(tooLarge(server.maxBodySize))
    const body = yield* Effect.result(readLimited(request.stream, server.maxBodySize))
    if (body._tag === "Failure") return toJson({ status: 400, body: JSON.stringify({ error: "could not read the request body" }) })
    if (body.success === undefined) return toJson(tooLarge(server.maxBodySize))
    return toJson(yield* server.call(browserRequest(request), utf8.decode(body.success)))
  })
  const events = Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const answer = yield* server.events(browserRequest(request))
    if (answer._tag === "Refused") return toJson(answer.reply)
    return HttpServerResponse.stream(Stream.encodeText(answer.stream), {
      contentType: "text/event-stream",
      headers: { "cache-control": "no-store", "x-accel-buffering": "no" }
    })
  })
  return Layer.mergeAll(
    HttpRouter.add("POST", `${prefix}${CALL_PATH}`, call),
    HttpRouter.add("GET", `${prefix}${EVENTS_PATH}`, events)
  )
}
