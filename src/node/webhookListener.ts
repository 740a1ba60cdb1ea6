/**
 * A Node `http` request listener for a webhook receiver: reads the raw body
 * itself, so it works on a bare `http.createServer` and in Express/Connect
 * when mounted before any JSON body parser.
 *
 * @since 0.1.0
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as ManagedRuntime from "effect/ManagedRuntime"
import type { WebhookReceiver } from "../webhooks/receiver.js"
import { served, serve, type ServedResponse } from "../webhooks/serve.js"

/** A Node request listener and the function releasing what its layer built. */
export interface WebhookListener {
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void
  readonly dispose: () => Promise<void>
}

const send = (res: ServerResponse, response: ServedResponse) => {
  if (res.headersSent) return
  res.writeHead(response.status, response.headers)
  res.end(response.body)
}

/**
 * A body an earlier middleware already read: raw bytes or text (e.g.
 * `express.raw()`) can still be verified; a parsed object cannot.
 */
const preRead = (req: IncomingMessage): string | Uint8Array | "parsed" | undefined => {
  if (!("body" in req)) return undefined
  const body: unknown = Reflect.get(req, "body")
  if (body === undefined) return undefined
  if (typeof body === "string" || body instanceof Uint8Array) return body
  return "parsed"
}

/** Reads the body up to `limit` bytes; `undefined` when it goes over (the rest is not buffered). */
const readBody = (req: IncomingMessage, limit: number) =>
  Effect.callback<Uint8Array | undefined, Error>((resume) => {
    const chunks: Array<Buffer> = []
    let size = 0
    const cleanup = () => {
      req.off("data", onData)
      req.off("end", onEnd)
      req.off("error", onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        cleanup()
        resume(Effect.succeed(undefined))
        return
      }
      chunks.push(chunk)
    }
    const onEnd = () => {
      cleanup()
      resume(Effect.succeed(Buffer.concat(chunks, size)))
    }
    const onError = (error: Error) => {
      cleanup()
      resume(Effect.fail(error))
    }
    req.on("data", onData)
    req.on("end", onEnd)
    req.on("error", onError)
    return Effect.sync(cleanup)
  })

class AlreadyParsed {
  readonly _tag = "AlreadyParsed"
}

// The raw bytes are gone: the signature cannot be checked on a re-serialised object.
const alreadyParsed = served(
  500,
  "the request body was already parsed by a JSON body parser; mount the Allo webhook listener before it"
)

const answer = <R>(receiver: WebhookReceiver<R>, req: IncomingMessage): Effect.Effect<ServedResponse, never, R> =>
  serve<R, Error | AlreadyParsed, never>(receiver, {
    method: req.method,
    contentLength: req.headers["content-length"],
    headers: req.headers,
    readBody: (limit) => {
      const already = preRead(req)
      if (already === "parsed") return Effect.fail(new AlreadyParsed())
      return already === undefined ? readBody(req, limit) : Effect.succeed(already)
    },
    onReadError: (error) => (error instanceof AlreadyParsed ? alreadyParsed : served(400, "could not read the request body"))
  })

const fromRuntime = <R, E>(
  receiver: WebhookReceiver<R>,
  runtime: ManagedRuntime.ManagedRuntime<R, E>
): WebhookListener => ({
  listener: (req, res) => {
    runtime.runPromise(answer(receiver, req)).then(
      (response) => {
        if (response.status === 413) {
          // Stop an oversized upload: answer, then drop the connection instead of draining it.
          res.once("finish", () => req.destroy())
          return send(res, { ...response, headers: { ...response.headers, connection: "close" } })
        }
        send(res, response)
      },
      () => send(res, served(500, "webhook receiver unavailable"))
    )
  },
  dispose: () => runtime.dispose()
})

/**
 * A Node `http` listener for a receiver. `layer` provides what the handlers
 * need; it is built once and released by `dispose`. Non-POST requests get
 * 405. In Express, mount it before `express.json()` (or behind
 * `express.raw({ type: "application/json" })`): the signature covers the raw
 * bytes, which a JSON parser throws away.
 *
 * @example
 * ```ts
 * const { listener } = webhookListener(receiver)
 * http.createServer(listener).listen(3000)
 * // Express: app.post("/webhooks/allo", listener); app.use(express.json())
 * ```
 */
export function webhookListener(receiver: WebhookReceiver<never>): WebhookListener
export function webhookListener<R, E>(receiver: WebhookReceiver<R>, layer: Layer.Layer<R, E>): WebhookListener
export function webhookListener<R, E>(
  ...args: [receiver: WebhookReceiver<never>] | [receiver: WebhookReceiver<R>, layer: Layer.Layer<R, E>]
): WebhookListener {
  return args.length === 1
    ? fromRuntime(args[0], ManagedRuntime.make(Layer.empty))
    : fromRuntime(args[0], ManagedRuntime.make(args[1]))
}
