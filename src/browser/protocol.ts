/**
 * What crosses between a browser and the app's Withallo browser server: one
 * JSON request per operation (its name and its arguments by name), one JSON
 * answer (Allo's response, or a `WithalloError`), and the live feed as
 * server-sent events. Shared by both sides, so it holds nothing else.
 *
 * @since 0.2.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  ResponseDecodeError,
  ServerError,
  TimeoutError,
  TransportError,
  ValidationError,
  type WithalloError
} from "../WithalloError.js"

/** Path of the operation route, under the mount point. */
export const CALL_PATH = "/call"

/** Path of the live feed (server-sent events), under the mount point. */
export const EVENTS_PATH = "/events"

/** The live feed's first message: the server is subscribed, nothing published from now on is missed. */
export const READY_EVENT = "ready"

/** The `event:` name of a webhook delivery on the live feed. */
export const WEBHOOK_EVENT = "webhook"

/** One operation, as a browser asks for it: `Calls.search` and its arguments by name. */
export const CallRequest = Schema.Struct({
  operation: Schema.String,
  input: Schema.Record(Schema.String, Schema.Unknown)
})

/** One operation, as a browser asks for it. */
export type CallRequest = typeof CallRequest.Type

/** Every `WithalloError`, in its JSON form: the browser gets the same classes back. */
const WithalloErrorJson = Schema.toCodecJson(Schema.Union([
  AuthenticationError,
  ForbiddenError,
  ValidationError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  ServerError,
  TransportError,
  TimeoutError,
  ResponseDecodeError
]))

const encodeErrorJson = Schema.encodeUnknownResult(WithalloErrorJson)
const decodeErrorJson = Schema.decodeUnknownResult(WithalloErrorJson)

/** The answer to one operation: Allo's response in its JSON form, or the error. */
export type CallReply =
  | { readonly _tag: "Success"; readonly value?: unknown }
  | { readonly _tag: "Failure"; readonly error: unknown }

/** A failure answer, the error in its JSON form. */
export const failureReply = (error: WithalloError): CallReply => {
  const encoded = encodeErrorJson(error)
  // Every member encodes (their fields are plain data, durations and
  // defects, which have JSON forms): the fallback is for the impossible.
  return {
    _tag: "Failure",
    error: Result.isSuccess(encoded) ? encoded.success : { _tag: "ServerError", status: 500, message: error.message }
  }
}

/** Reads a failure answer's error back into its class, or `undefined` when it is not one. */
export const decodeError = (json: unknown): WithalloError | undefined => {
  const decoded = decodeErrorJson(json)
  return Result.isSuccess(decoded) ? decoded.success : undefined
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Reads an answer's JSON, or `undefined` when it is not an answer. */
export const readReply = (json: unknown): CallReply | undefined => {
  if (!isRecord(json)) return undefined
  if (json._tag === "Success") return "value" in json ? { _tag: "Success", value: json.value } : { _tag: "Success" }
  if (json._tag === "Failure" && "error" in json) return { _tag: "Failure", error: json.error }
  return undefined
}
