/**
 * Allo's two error envelopes and the reply type every handler returns.
 * v1 paths answer `{code, details}`; v2 paths answer `{error: {...}}` with a
 * category `type` that follows from the status (withallo-api.md §6).
 *
 * @since 0.1.0
 */

/** What a route handler answers: a status, an optional JSON body and extra headers. */
export interface Reply {
  readonly status: number
  /** A JSON value; `undefined` means no body at all. */
  readonly body?: unknown
  readonly headers?: Readonly<Record<string, string>> | undefined
}

/** Which envelope a path speaks. */
export type ApiVersion = "v1" | "v2"

/** `v2` for `/v2/…` paths, `v1` for everything else. */
export const versionOf = (path: string): ApiVersion => (path.startsWith("/v2/") ? "v2" : "v1")

/** A 200 with `{data}`. */
export const ok = (data: unknown, status = 200): Reply => ({ status, body: { data } })

/** One item of a v1 `details` array. */
export interface V1Detail {
  readonly message: string
  readonly field: string
}

/** The v1 error body `{code, details}`. */
export const v1Error = (status: number, code: string, details: ReadonlyArray<V1Detail> | null = null): Reply => ({
  status,
  body: { code, details }
})

const TYPE_BY_STATUS: Readonly<Record<number, string>> = {
  400: "validation_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  405: "validation_error",
  409: "conflict_error",
  415: "validation_error",
  422: "validation_error",
  429: "rate_limit_error"
}

/** Optional parts of a v2 error. */
export interface V2ErrorExtras {
  readonly param?: string | undefined
  readonly suggestion?: string | undefined
  readonly errors?: ReadonlyArray<{ readonly field: string; readonly code: string; readonly message: string }> | undefined
  readonly retryAfterSeconds?: number | undefined
}

/**
 * The v2 error body. `request_id` is filled in by the pipeline (it knows the
 * id); handlers leave it out.
 */
export const v2Error = (status: number, code: string, message: string, extras: V2ErrorExtras = {}): Reply => {
  const type = TYPE_BY_STATUS[status] ?? "server_error"
  return {
    status,
    body: {
      error: {
        type,
        code,
        message,
        retryable: type === "rate_limit_error" || type === "server_error",
        request_id: "",
        doc_url: `https://help.withallo.com/en/v2/api-reference/guides/error-handling#${code}`,
        ...(extras.param === undefined ? {} : { param: extras.param }),
        ...(extras.suggestion === undefined ? {} : { suggestion: extras.suggestion }),
        ...(extras.errors === undefined ? {} : { errors: extras.errors }),
        ...(extras.retryAfterSeconds === undefined ? {} : { retry_after_seconds: extras.retryAfterSeconds })
      }
    }
  }
}

/** Puts the request id into a v2 error body (other bodies are returned as they are). */
export const withRequestId = (body: unknown, requestId: string): unknown => {
  if (typeof body !== "object" || body === null || !("error" in body)) return body
  const error = body.error
  if (typeof error !== "object" || error === null || !("request_id" in error)) return body
  return { ...body, error: { ...error, request_id: requestId } }
}

/** The error a status fault answers with when the test gave no body. */
export const defaultErrorFor = (version: ApiVersion, status: number, retryAfterSeconds?: number): Reply => {
  const code = status === 429
    ? "RATE_LIMIT_EXCEEDED"
    : status === 401
    ? "API_KEY_INVALID"
    : status === 403
    ? "FORBIDDEN"
    : status === 404
    ? "NOT_FOUND"
    : status === 409
    ? "CONFLICT"
    : status >= 500
    ? status === 503 ? "SERVICE_UNAVAILABLE" : "INTERNAL_SERVER_ERROR"
    : "INVALID_REQUEST_BODY"
  // v1 documents no per-second 429 body; the daily-quota code would read as "never retry".
  if (version === "v1") return v1Error(status, code)
  return v2Error(status, code, `Injected ${status} (${code}).`, { retryAfterSeconds })
}

/** Validation failure in the path's own envelope. */
export const badRequest = (version: ApiVersion, code: string, message: string, param?: string): Reply =>
  version === "v1"
    ? v1Error(400, code, param === undefined ? null : [{ message, field: param }])
    : v2Error(400, code, message, { param })
