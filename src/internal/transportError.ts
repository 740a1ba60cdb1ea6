/**
 * A request that got no answer, as a `TransportError` that names the system
 * error (`ECONNREFUSED`, `ENOTFOUND`…) and keeps the transport's own error.
 *
 * @internal
 */
import type * as HttpClientError from "effect/http/HttpClientError"
import { TransportError } from "../WithalloError.js"
import { describe } from "./describe.js"

/** A system error code on an error or its causes. */
const systemCode = (u: unknown): string | undefined => {
  for (let e = u, depth = 0; typeof e === "object" && e !== null && depth < 4; depth++) {
    if ("code" in e && typeof e.code === "string") return e.code
    e = "cause" in e ? e.cause : undefined
  }
  return undefined
}

/** `fetch failed: bad port`: an error's message and its causes'. */
const messagesOf = (error: Error): string => {
  const parts: Array<string> = []
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    if (e.message !== "" && !parts.includes(e.message)) parts.push(e.message)
    e = e.cause
  }
  return parts.join(": ")
}

/**
 * The transport's own error (fetch's TypeError, whose cause carries
 * ECONNREFUSED / ENOTFOUND…) is kept; the HttpClientError itself is not,
 * since it holds the request URL and its query holds phone numbers.
 */
export const toTransportError = (operation: string, host: string, error: HttpClientError.HttpClientError): TransportError => {
  const reason = error.reason
  const underlying = "cause" in reason ? reason.cause : undefined
  const code = systemCode(underlying)
  const description = "description" in reason && typeof reason.description === "string"
    ? reason.description
    : underlying instanceof Error
    ? messagesOf(underlying)
    : reason._tag
  return new TransportError({
    operation,
    message: describe(operation, `could not reach ${host}:`, code === undefined ? description : `${code} (${description})`),
    cause: underlying instanceof Error ? underlying : new Error(description)
  })
}
