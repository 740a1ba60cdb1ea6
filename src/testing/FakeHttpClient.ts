/**
 * An `HttpClient` whose every request is answered by {@link FakeWithallo}:
 * provide it under the SDK (or any effect/http user) to talk to the fake as
 * if it were `api.withallo.com`. A dropped connection fails with effect/http's
 * transport error; a stalled body is a response whose stream never ends
 * (aborting the request, as the client's timeout does, errors it), and
 * injected latency ends early when the request is aborted.
 *
 * @example
 * ```ts
 * import { Layer } from "effect"
 * import { FakeHttpClient, FakeWithallo } from "effect-withallo/testing"
 *
 * const transport = FakeHttpClient.layer.pipe(Layer.provideMerge(FakeWithallo.layer({ calls: 500 })))
 * ```
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientError from "effect/http/HttpClientError"
import type * as HttpClientRequest from "effect/http/HttpClientRequest"
import * as HttpClientResponse from "effect/http/HttpClientResponse"
import type { FakeResponse } from "./fake/types.js"
import { FakeWithallo } from "./FakeWithallo.js"

const decoder = new TextDecoder()

/** The request body as text, whichever body variant carries it. */
const bodyText = (request: HttpClientRequest.HttpClientRequest): Effect.Effect<string | undefined> => {
  const body = request.body
  switch (body._tag) {
    case "Empty":
      return Effect.succeed(undefined)
    case "Uint8Array":
      return Effect.succeed(body.text ?? decoder.decode(body.body))
    case "Raw":
      return Effect.succeed(
        typeof body.body === "string" ? body.body : body.body instanceof Uint8Array ? decoder.decode(body.body) : undefined
      )
    case "Stream":
      return body.stream.pipe(
        Stream.runCollect,
        Effect.map((chunks) => chunks.map((chunk) => decoder.decode(chunk, { stream: true })).join("") + decoder.decode()),
        Effect.orElseSucceed(() => undefined)
      )
    case "FormData":
      return Effect.succeed(undefined)
  }
}

const contentTypeOf = (request: HttpClientRequest.HttpClientRequest): string | undefined =>
  request.body._tag === "Empty" || request.body._tag === "FormData" ? undefined : request.body.contentType

/** A body that sends `partial` and then never ends; aborting the request errors it. */
const stalledStream = (partial: string, signal: AbortSignal): ReadableStream<Uint8Array> =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      if (partial !== "") controller.enqueue(new TextEncoder().encode(partial))
      signal.addEventListener("abort", () => controller.error(new Error("request aborted")), { once: true })
    }
  })

const toResponse = (
  request: HttpClientRequest.HttpClientRequest,
  signal: AbortSignal,
  response: FakeResponse
): Effect.Effect<HttpClientResponse.HttpClientResponse, HttpClientError.HttpClientError> => {
  switch (response._tag) {
    case "Drop":
      return Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.TransportError({ request, description: "fake Allo dropped the connection" })
        })
      )
    case "StallBody":
      return Effect.succeed(HttpClientResponse.fromWeb(
        request,
        new Response(stalledStream(response.partialBody, signal), { status: response.status, headers: response.headers })
      ))
    case "Response":
      return Effect.succeed(HttpClientResponse.fromWeb(
        request,
        new Response(response.body ?? null, { status: response.status, headers: response.headers })
      ))
  }
}

/** Fails with a transport error once `signal` aborts. */
const abortedBy = (
  request: HttpClientRequest.HttpClientRequest,
  signal: AbortSignal
): Effect.Effect<never, HttpClientError.HttpClientError> =>
  Effect.callback((resume) => {
    const onAbort = () =>
      resume(Effect.fail(
        new HttpClientError.HttpClientError({
          reason: new HttpClientError.TransportError({ request, description: "request aborted" })
        })
      ))
    if (signal.aborted) return onAbort()
    signal.addEventListener("abort", onAbort, { once: true })
    return Effect.sync(() => signal.removeEventListener("abort", onAbort))
  })

/** Builds the client over a given fake. */
export const make = (fake: FakeWithallo.Service): HttpClient.HttpClient =>
  HttpClient.make((request, url, signal) =>
    Effect.gen(function*() {
      const body = yield* bodyText(request)
      const contentType = contentTypeOf(request)
      const headers: Record<string, string> = { ...request.headers }
      if (contentType !== undefined && headers["content-type"] === undefined) headers["content-type"] = contentType
      // A client that gives up (its timeout, an interrupt) aborts the signal:
      // like a closed connection, that ends the request, injected latency
      // included.
      const response = yield* Effect.raceFirst(
        fake.handle({ method: request.method, url: url.toString(), headers, body }),
        abortedBy(request, signal)
      )
      return yield* toResponse(request, signal, response)
    })
  )

/** `HttpClient.HttpClient` answered by the `FakeWithallo` in context. */
export const layer: Layer.Layer<HttpClient.HttpClient, never, FakeWithallo> = Layer.effect(
  HttpClient.HttpClient,
  Effect.gen(function*() {
    return make(yield* FakeWithallo)
  })
)
