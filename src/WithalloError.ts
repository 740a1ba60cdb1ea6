/**
 * Every failure of the SDK as a tagged error: one class per outcome, all in the
 * {@link WithalloError} union. Nothing is thrown.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { describe } from "./internal/describe.js"

/**
 * Fields every error raised from an Allo response carries.
 *
 * `status` is the HTTP status; `0` means the error was raised locally before
 * any request was sent (input checks).
 */
const ApiErrorFields = {
  /** The SDK operation that failed, e.g. `Sms.send` (absent only on errors built by hand). */
  operation: Schema.optionalKey(Schema.String),
  status: Schema.Number,
  code: Schema.optionalKey(Schema.String),
  message: Schema.String,
  requestId: Schema.optionalKey(Schema.String)
}

/** One field-level problem, from Allo's validation body or the SDK's input checks. */
export const FieldError = Schema.Struct({
  field: Schema.optionalKey(Schema.String),
  message: Schema.String,
  code: Schema.optionalKey(Schema.String)
})
/** One field-level problem. */
export type FieldError = typeof FieldError.Type

/** 401: the key is missing, unknown or revoked, or the `Authorization` form was rejected. */
export class AuthenticationError extends Schema.TaggedError<AuthenticationError>()(
  "AuthenticationError",
  ApiErrorFields
) {
  /** Never: the same key gets the same answer. */
  get isRetryable(): boolean {
    return false
  }
}

/** 403: the key lacks a scope (named in `requiredScopes` when Allo says which). */
export class ForbiddenError extends Schema.TaggedError<ForbiddenError>()("ForbiddenError", {
  ...ApiErrorFields,
  requiredScopes: Schema.Array(Schema.String)
}) {
  /** Never: the request is wrong as it stands; retrying it unchanged gets the same answer. */
  get isRetryable(): boolean {
    return false
  }
}

/**
 * 400/405/415/422 from Allo, or an input the SDK refused before sending
 * (then `status` is `0`). `errors` names the offending fields.
 */
export class ValidationError extends Schema.TaggedError<ValidationError>()("ValidationError", {
  ...ApiErrorFields,
  errors: Schema.Array(FieldError)
}) {
  /** Never: the request is wrong as it stands; retrying it unchanged gets the same answer. */
  get isRetryable(): boolean {
    return false
  }
}

/** 404, and v1's `400 *_NOT_FOUND` codes (v1 files a missing record under 400; v2 under 404). */
export class NotFoundError extends Schema.TaggedError<NotFoundError>()("NotFoundError", ApiErrorFields) {
  /** Never: the request is wrong as it stands; retrying it unchanged gets the same answer. */
  get isRetryable(): boolean {
    return false
  }
}

/** 409: e.g. `IDEMPOTENCY_KEY_REUSE`, `TAG_ALREADY_EXISTS`. */
export class ConflictError extends Schema.TaggedError<ConflictError>()("ConflictError", ApiErrorFields) {
  /** Never: the request is wrong as it stands; retrying it unchanged gets the same answer. */
  get isRetryable(): boolean {
    return false
  }
}

/**
 * 429. `retryAfter` is what Allo asked for (header `Retry-After` or the body's
 * `retry_after_seconds`); `quotaExceeded` marks v1's daily quota, which no
 * retry within the day can fix.
 */
export class RateLimitError extends Schema.TaggedError<RateLimitError>()("RateLimitError", {
  ...ApiErrorFields,
  retryAfter: Schema.optionalKey(Schema.Duration),
  quotaExceeded: Schema.Boolean
}) {
  /** Allo did not process the request: worth another attempt after `retryAfter`, unless the daily quota is spent. */
  get isRetryable(): boolean {
    return !this.quotaExceeded
  }
}

/** 5xx, and any other non-2xx status the API does not document. */
export class ServerError extends Schema.TaggedError<ServerError>()("ServerError", ApiErrorFields) {
  /** 500, 502, 503 and 504 are passing faults; any other status is not. */
  get isRetryable(): boolean {
    return this.status === 500 || this.status === 502 || this.status === 503 || this.status === 504
  }
}

/** No response at all: connection refused or reset, DNS failure. */
export class TransportError extends Schema.TaggedError<TransportError>()("TransportError", {
  operation: Schema.optionalKey(Schema.String),
  message: Schema.String,
  cause: Schema.Defect()
}) {
  /** A connection failure may pass (reads are retried; writes only with an idempotency key). */
  get isRetryable(): boolean {
    return true
  }
}

/** An attempt took longer than the configured `timeout` (headers and body together). */
export class TimeoutError extends Schema.TaggedError<TimeoutError>()("TimeoutError", {
  operation: Schema.optionalKey(Schema.String),
  message: Schema.String,
  timeout: Schema.Duration
}) {
  /** A slow answer may pass (reads are retried; writes only with an idempotency key). */
  get isRetryable(): boolean {
    return true
  }
}

/** A 2xx response whose body is not JSON or does not match the documented shape. */
export class ResponseDecodeError extends Schema.TaggedError<ResponseDecodeError>()("ResponseDecodeError", {
  ...ApiErrorFields,
  cause: Schema.Defect()
}) {
  /** The same response would not decode again. */
  get isRetryable(): boolean {
    return false
  }
}

/** Any failure of an Allo API operation. */
export type WithalloError =
  | AuthenticationError
  | ForbiddenError
  | ValidationError
  | NotFoundError
  | ConflictError
  | RateLimitError
  | ServerError
  | TransportError
  | TimeoutError
  | ResponseDecodeError

/** The body of a webhook delivery is not JSON, its envelope is malformed, or its data does not match its topic. */
export class WebhookPayloadError extends Schema.TaggedError<WebhookPayloadError>()("WebhookPayloadError", {
  message: Schema.String
}) {}

/** Why a webhook signature was refused. */
export const WebhookSignatureReason = Schema.Literals([
  "missing-header",
  "bad-signature",
  "timestamp-out-of-range",
  "no-secret"
])
/** Why a webhook signature was refused. */
export type WebhookSignatureReason = typeof WebhookSignatureReason.Type

/** A webhook delivery whose Standard Webhooks signature could not be verified. */
export class WebhookSignatureError extends Schema.TaggedError<WebhookSignatureError>()("WebhookSignatureError", {
  reason: WebhookSignatureReason,
  message: Schema.String
}) {}

/** Builds the `ValidationError` the SDK raises for a bad input, before any request. */
export const invalidInput = (operation: string, field: string, message: string): ValidationError =>
  new ValidationError({
    operation,
    status: 0,
    message: describe(operation, `invalid ${field}:`, message),
    errors: [{ field, message }]
  })

