/**
 * How the fake reaches a webhook receiver: an `HttpClient` (the delivery's
 * URL decides where it goes: real HTTP for the fake server), a receiver run
 * in-process, or a web-standard handler — each turned into one transport
 * that answers a status and a body, or says why there was no answer.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"

/** One POST the fake makes. */
export interface OutgoingRequest {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** What a target answered. */
export interface TargetAnswer {
  readonly status: number
  readonly body: string
}

/** Sends one request; fails with a description of why no answer came. */
export type Transport = (request: OutgoingRequest) => Effect.Effect<TargetAnswer, string>

/** A receiver run in-process, such as `WebhookReceiver.make(…)`: it gets the raw body and headers. */
export interface InProcessReceiver {
  readonly handle: (request: {
    readonly body: string
    readonly headers: Readonly<Record<string, string>>
  }) => Effect.Effect<{ readonly status: number; readonly body?: string | undefined }>
}

/** A web-standard handler: `WebhookReceiver.toWebHandler(…).handler`, Hono's `app.fetch`, a Next.js route. */
export type WebHandler = (request: Request) => Response | Promise<Response>

/**
 * Where the fake sends webhook deliveries: an `HttpClient` (the delivery's
 * URL decides where it goes), a receiver run in-process, or a web handler.
 */
export type WebhookTarget = HttpClient.HttpClient | InProcessReceiver | WebHandler

const CONNECTION_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host not found",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable"
}

const field = (u: unknown, name: string): unknown => (typeof u === "object" && u !== null && name in u ? Reflect.get(u, name) : undefined)

/**
 * Why a request got no answer, in a receiver's terms: the system error code
 * buried in the cause chain (`fetch failed` ← `ECONNREFUSED`) when there is
 * one, else the message.
 */
export const describeError = (error: unknown): string => {
  let current = error
  for (let depth = 0; depth < 6 && current !== undefined; depth++) {
    const code = field(current, "code")
    if (typeof code === "string" && code in CONNECTION_CODES) return `${CONNECTION_CODES[code]} (${code})`
    current = field(current, "cause") ?? field(current, "reason")
  }
  return error instanceof Error ? error.message : String(error)
}

/** The transport for a target. */
export const transportOf = (target: WebhookTarget): Transport => {
  if (HttpClient.isHttpClient(target)) {
    return (request) =>
      target.execute(
        HttpClientRequest.post(request.url).pipe(
          HttpClientRequest.setHeaders(request.headers),
          HttpClientRequest.bodyText(request.body, "application/json")
        )
      ).pipe(
        Effect.flatMap((response) =>
          Effect.map(Effect.orElseSucceed(response.text, () => ""), (body) => ({ status: response.status, body }))
        ),
        Effect.mapError(describeError)
      )
  }
  if (typeof target === "function") {
    return (request) =>
      Effect.tryPromise({
        try: async (signal) => {
          const response = await target(new Request(request.url, { method: "POST", headers: request.headers, body: request.body, signal }))
          return { status: response.status, body: await response.text() }
        },
        catch: describeError
      })
  }
  return (request) => Effect.map(target.handle(request), (answer) => ({ status: answer.status, body: answer.body ?? "" }))
}

