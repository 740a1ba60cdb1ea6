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
import { tooLarge, type WebhookReceiver, type WebhookResponse } from "../webhooks/receiver.js"

/** A Node request listener and the function releasing what its layer built. */
export interface WebhookListener {
  readonly listener: (request: IncomingMessage, response: ServerResponse) => void
  readonly dispose: () => Promise<void>
}

const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
  if (res.headersSent) return
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers })
  res.end(body)
}

const sendResponse = (res: ServerResponse, response: WebhookResponse) => send(res, response.status, response.body)

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

const answer = <R>(receiver: WebhookReceiver<R>, req: IncomingMessage, res: ServerResponse) =>
  Effect.gen(function*() {
    const already = preRead(req)
    if (already === "parsed") {
      // The raw bytes are gone: the signature cannot be checked on a re-serialised object.
      return send(
        res,
        500,
        "the request body was already parsed by a JSON body parser; mount the Allo webhook listener before it"
      )
    }
    const body = already ?? (yield* Effect.result(readBody(req, receiver.maxBodySize)))
    if (typeof body === "string" || body instanceof Uint8Array) {
      return sendResponse(res, yield* receiver.handle({ body, headers: req.headers }))
    }
    if (body._tag === "Failure") return send(res, 400, "could not read the request body")
    if (body.success === undefined) {
      // Stop reading an oversized body: answer, then drop the connection.
      res.once("finish", () => req.destroy())
      return send(res, 413, tooLarge(receiver.maxBodySize).body, { connection: "close" })
    }
    return sendResponse(res, yield* receiver.handle({ body: body.success, headers: req.headers }))
  })

const fromRuntime = <R, E>(
  receiver: WebhookReceiver<R>,
  runtime: ManagedRuntime.ManagedRuntime<R, E>
): WebhookListener => ({
  listener: (req, res) => {
    if (req.method !== "POST") return send(res, 405, "method not allowed", { allow: "POST" })
    const length = Number(req.headers["content-length"])
    if (Number.isFinite(length) && length > receiver.maxBodySize) {
      res.once("finish", () => req.destroy())
      return send(res, 413, tooLarge(receiver.maxBodySize).body, { connection: "close" })
    }
    runtime.runPromise(answer(receiver, req, res)).catch(() => send(res, 500, "webhook receiver unavailable"))
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
