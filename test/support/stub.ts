/**
 * A scripted transport for the client's own tests: answers each request with
 * the next scripted response and records what was sent. No network.
 */
import { Effect, Layer, Redacted } from "effect"
import { HttpClient, HttpClientError, type HttpClientRequest, HttpClientResponse } from "effect/http"
import { WithalloClient, type WithalloOptions } from "../../src/WithalloClient.js"

export interface SentRequest {
  readonly method: string
  readonly url: URL
  readonly headers: Record<string, string>
  readonly body: string | undefined
}

export type Script =
  | { readonly status: number; readonly body?: string | object | null | undefined; readonly headers?: Record<string, string> }
  | "drop"
  | "stall-body"

export const TEST_KEY = "ak_live_SECRET_test_key_1234567890"

const respond = (request: HttpClientRequest.HttpClientRequest, signal: AbortSignal, step: Script) => {
  if (step === "drop") {
    return Effect.fail(
      new HttpClientError.HttpClientError({
        reason: new HttpClientError.TransportError({ request, description: "socket hang up" })
      })
    )
  }
  if (step === "stall-body") {
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{\"data\":"))
        signal.addEventListener("abort", () => controller.error(new Error("aborted")))
      }
    })
    return Effect.succeed(HttpClientResponse.fromWeb(request, new Response(stream, { status: 200 })))
  }
  const text = step.body === undefined || step.body === null ? null : typeof step.body === "string" ? step.body : JSON.stringify(step.body)
  return Effect.succeed(
    HttpClientResponse.fromWeb(
      request,
      new Response(text, { status: step.status, headers: { "content-type": "application/json", ...step.headers } })
    )
  )
}

export const makeStub = (
  script: ReadonlyArray<Script> | ((req: SentRequest, n: number) => Script | Effect.Effect<Script>)
) => {
  const sent: Array<SentRequest> = []
  const client = HttpClient.make((request, url, signal) =>
    Effect.suspend(() => {
      const body = request.body._tag === "Uint8Array" ? new TextDecoder().decode(request.body.body) : undefined
      const req: SentRequest = { method: request.method, url, headers: { ...request.headers }, body }
      sent.push(req)
      const n = sent.length - 1
      const next = typeof script === "function" ? script(req, n) : (script[n] ?? script[script.length - 1])
      if (next === undefined) return Effect.die(new Error("empty script"))
      return Effect.flatMap(Effect.isEffect(next) ? next : Effect.succeed(next), (step) => respond(request, signal, step))
    })
  )
  const layer = (options?: Partial<WithalloOptions>) =>
    WithalloClient.layer({ apiKey: Redacted.make(TEST_KEY), rateLimit: false, ...options }).pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, client))
    )
  return { sent, client, layer }
}
