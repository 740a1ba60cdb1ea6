/**
 * What the browser server sends back from Allo: the response in its JSON
 * form (the browser decodes it with the same schema), and errors with the
 * server's own details left out — a browser learns that Allo could not be
 * reached, not the host, the socket error or the body that did not decode.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { describe } from "../internal/describe.js"
import type { RequestSpec } from "../WithalloClient.js"
import { ResponseDecodeError, ServerError, TimeoutError, TransportError, type WithalloError } from "../WithalloError.js"

const encoders = new WeakMap<object, (value: unknown) => Result.Result<unknown, Schema.SchemaError>>()

const encoderOf = (schema: Schema.Decoder<unknown>) => {
  const known = encoders.get(schema)
  if (known !== undefined) return known
  // Allo's response schemas describe JSON and need no services; `Decoder`
  // only forgets their encoding side, which this restores.
  const codec = Schema.toCodecJson(schema) as unknown as Schema.Codec<unknown, unknown>
  const encode = Schema.encodeUnknownResult(codec)
  encoders.set(schema, encode)
  return encode
}

/** Allo's decoded response back in its JSON form, for the browser to decode with the same schema. */
export const encodeResponse = (spec: RequestSpec<unknown>, value: unknown): Result.Result<unknown, ServerError> =>
  Result.mapError(
    encoderOf(spec.response)(value),
    () =>
      new ServerError({
        operation: spec.operation,
        status: 500,
        message: describe(spec.operation, "the browser server could not encode Allo's response")
      })
  )

/**
 * An error from Allo as a browser may see it, with the HTTP status to send:
 * the error's own status for Allo's 4xx/5xx answers, except 401 and 403,
 * which are about the server's key, not the user's session (502); 502 when
 * Allo could not be reached or answered something unreadable; 504 on timeout.
 */
export const forBrowser = (error: WithalloError): { readonly error: WithalloError; readonly status: number } => {
  const operation = error.operation
  switch (error._tag) {
    case "TransportError":
      return {
        status: 502,
        error: new TransportError({
          ...(operation === undefined ? {} : { operation }),
          message: describe(operation, "Allo could not be reached"),
          cause: "upstream unreachable"
        })
      }
    case "TimeoutError":
      return {
        status: 504,
        error: new TimeoutError({
          ...(operation === undefined ? {} : { operation }),
          message: describe(operation, `no complete answer from Allo within ${Duration.format(error.timeout)}`),
          timeout: error.timeout
        })
      }
    case "ResponseDecodeError":
      return {
        status: 502,
        error: new ResponseDecodeError({
          ...(operation === undefined ? {} : { operation }),
          status: error.status,
          message: describe(operation, "Allo's answer did not match the documented shape"),
          ...(error.requestId === undefined ? {} : { requestId: error.requestId }),
          cause: "undecodable response"
        })
      }
    case "AuthenticationError":
    case "ForbiddenError":
      return { status: 502, error }
    default:
      return { status: error.status >= 400 && error.status <= 599 ? error.status : 502, error }
  }
}
