/**
 * What an answered request came to: the decoded body, or exactly one tagged
 * error. A pure function of the status, the headers the SDK reads and the
 * body text, so every case is a row in a table test; the client only wires
 * it to the transport.
 *
 * @internal
 */
import type * as Duration from "effect/Duration"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { ResponseDecodeError, type WithalloError } from "../WithalloError.js"
import { describe } from "./describe.js"
import { classifyResponse } from "./errorBody.js"
import { retryAfterDelay } from "./retryAfter.js"

/** An answered request, as far as classification needs it. */
export interface Answer {
  readonly operation: string
  readonly status: number
  /** `x-request-id`, if sent. */
  readonly requestId: string | undefined
  /** `retry-after`, if sent. */
  readonly retryAfter: string | undefined
  readonly bodyText: string
  /** The clock's time, for a `Retry-After` given as an HTTP date. */
  readonly nowMillis: number
  /** A secret (the API key) that must not reach an error's text if Allo echoes it. */
  readonly secret?: string | undefined
}

const REDACTED = "<redacted>"

/** Reads a body as JSON; an empty body (204) reads as `undefined`. */
export const parseJson = (text: string): Result.Result<unknown, unknown> => {
  try {
    return Result.succeed(JSON.parse(text))
  } catch (cause) {
    // Only a body that does not parse is looked at again (a blank one never parses).
    return text.trim() === "" ? Result.succeed(undefined) : Result.fail(cause)
  }
}

// The synchronous decoder takes a schema's compiled path when effect's schema
// JIT is on for it (the list schemas turn it on: a 100-call page is the hot
// path of every export) and runs no fiber; it throws on invalid input, so only
// a failure is decoded again through `decodeUnknownResult`, for its issue.
const decodeBody = <A>(schema: Schema.Decoder<A>, input: unknown): Result.Result<A, Schema.SchemaError> => {
  try {
    return Result.succeed(Schema.decodeUnknownSync(schema)(input))
  } catch {
    return Schema.decodeUnknownResult(schema)(input)
  }
}

/**
 * Classifies an answer: a non-2xx status becomes the error its status and
 * Allo's code call for (with `Retry-After` read on a 429); a 2xx body is
 * parsed and decoded with `schema`, or is a `ResponseDecodeError`.
 */
export const classify = <A>(answer: Answer, schema: Schema.Decoder<A>): Result.Result<A, WithalloError> => {
  const { operation, requestId, status } = answer
  if (status < 200 || status >= 300) {
    const retryAfterHeader: Duration.Duration | undefined = status === 429 && answer.retryAfter !== undefined
      ? retryAfterDelay(answer.retryAfter, answer.nowMillis)
      : undefined
    const secret = answer.secret
    return Result.fail(classifyResponse({
      operation,
      status,
      bodyText: secret !== undefined && secret !== "" && answer.bodyText.includes(secret)
        ? answer.bodyText.replaceAll(secret, REDACTED)
        : answer.bodyText,
      requestIdHeader: requestId,
      retryAfterHeader
    }))
  }
  const decodeFailure = (cause: unknown, what: string) =>
    Result.fail(
      new ResponseDecodeError({
        operation,
        status,
        message: describe(operation, what),
        cause,
        ...(requestId === undefined ? {} : { requestId })
      })
    )
  const json = parseJson(answer.bodyText)
  if (Result.isFailure(json)) return decodeFailure(json.failure, "response body is not JSON")
  const decoded = decodeBody(schema, json.success)
  return Result.isFailure(decoded)
    ? decodeFailure(decoded.failure, `response did not match the expected shape: ${decoded.failure.message}`)
    : Result.succeed(decoded.success)
}
