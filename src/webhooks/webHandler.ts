/**
 * Serving a receiver as a web-standard `Request` → `Response` function, for
 * Next.js route handlers, Hono, Bun, Deno and edge runtimes. Web APIs only.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import * as Stream from "effect/Stream"
import { readLimited } from "./readBody.js"
import type { WebhookReceiver } from "./receiver.js"
import { serve } from "./serve.js"

/** A web handler and the function releasing what its layer built. */
export interface WebHandler {
  readonly handler: (request: Request) => Promise<Response>
  readonly dispose: () => Promise<void>
}

const answer = <R>(receiver: WebhookReceiver<R>, request: Request): Effect.Effect<Response, never, R> =>
  Effect.map(
    serve(receiver, {
      method: request.method,
      contentLength: request.headers.get("content-length"),
      headers: request.headers,
      readBody: (limit) => {
        const source = request.body
        const stream = source === null
          ? Stream.empty
          : Stream.fromReadableStream({ evaluate: () => source, onError: () => "unreadable" as const })
        return readLimited(stream, limit)
      }
    }),
    (response) => new Response(response.body, { status: response.status, headers: response.headers })
  )

/**
 * A web-standard handler for a receiver (the shape of effect/http's own
 * `toWebHandler`). `layer` provides what the handlers need; it is built once
 * for the handler's lifetime and released by `dispose`. Non-POST requests
 * get 405.
 *
 * @example
 * ```ts
 * // app/api/allo/route.ts (Next.js)
 * const { handler } = WebhookReceiver.toWebHandler(receiver, AppLayer)
 * export const POST = handler
 * ```
 */
export function toWebHandler(receiver: WebhookReceiver<never>): WebHandler
export function toWebHandler<R, E>(receiver: WebhookReceiver<R>, layer: Layer.Layer<R, E>): WebHandler
export function toWebHandler<R, E>(
  ...args: [receiver: WebhookReceiver<never>] | [receiver: WebhookReceiver<R>, layer: Layer.Layer<R, E>]
): WebHandler {
  return args.length === 1
    ? fromRuntime(args[0], ManagedRuntime.make(Layer.empty))
    : fromRuntime(args[0], ManagedRuntime.make(args[1]))
}

const fromRuntime = <R, E>(receiver: WebhookReceiver<R>, runtime: ManagedRuntime.ManagedRuntime<R, E>): WebHandler => ({
  handler: (request) => runtime.runPromise(answer(receiver, request)),
  dispose: () => runtime.dispose()
})
