/**
 * Serving a receiver with `effect/http`: a handler to mount on a route.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as HttpServerRequest from "effect/http/HttpServerRequest"
import * as HttpServerResponse from "effect/http/HttpServerResponse"
import { announcesMoreThan, readLimited } from "./readBody.js"
import { tooLarge, type WebhookReceiver, type WebhookResponse } from "./receiver.js"

const toHttpResponse = (response: WebhookResponse): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(response.body, { status: response.status })

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
    if (announcesMoreThan(request.headers["content-length"], receiver.maxBodySize)) {
      return toHttpResponse(tooLarge(receiver.maxBodySize))
    }
    const body = yield* Effect.result(readLimited(request.stream, receiver.maxBodySize))
    if (body._tag === "Failure") return HttpServerResponse.text("could not read the request body", { status: 400 })
    if (body.success === undefined) return toHttpResponse(tooLarge(receiver.maxBodySize))
    return toHttpResponse(yield* receiver.handle({ body: body.success, headers: request.headers }))
  })
