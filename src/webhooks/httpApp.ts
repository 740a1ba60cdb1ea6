/**
 * Serving a receiver with `effect/http`: a handler to mount on a route.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import { readLimited } from "./readBody.js"
import type { WebhookReceiver } from "./receiver.js"
import { serve } from "./serve.js"

/**
 * An `effect/http` handler answering Allo's deliveries: reads the raw body
 * (up to `maxBodySize`), then {@link WebhookReceiver.handle}. Mount it on a
 * POST route; it never fails.
 *
 * @example
 * ```ts
 * const WebhookRoute = HttpRouter.add("POST", "/webhooks/allo", WebhookReceiver.toHttpApp(receiver))
 * ```
 */
export const toHttpApp = <R>(
  receiver: WebhookReceiver<R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R | HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function*() {
    const request = yield* HttpServerRequest.HttpServerRequest
    const response = yield* serve(receiver, {
      method: undefined, // the route decides
      contentLength: request.headers["content-length"],
      headers: request.headers,
      readBody: (limit) => readLimited(request.stream, limit)
    })
    return HttpServerResponse.text(response.body, { status: response.status, headers: response.headers })
  })
