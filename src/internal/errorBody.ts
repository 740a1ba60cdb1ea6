/**
 * Turns a non-2xx Allo response into exactly one tagged error. Allo speaks two
 * error dialects: v1 `{code, details}` and v2 `{error: {type, code, message,
 * …}}`, and a proxy in front of it may answer with HTML; all three land here.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import { describe } from "./describe.js"
import {
  AuthenticationError,
  ConflictError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  ServerError,
  ValidationError,
  type WithalloError
} from "../WithalloError.js"

/** What the client knows about a failed response before classifying it. */
export interface FailedResponse {
  readonly operation: string
  readonly status: number
  readonly bodyText: string
  /** `X-Request-Id` response header, if any. */
  readonly requestIdHeader: string | undefined
  /** `Retry-After` already turned into a delay (seconds or HTTP-date), if any. */
  readonly retryAfterHeader: Duration.Duration | undefined
}

/** The fields of either error dialect, normalised. */
interface ParsedBody {
  readonly code: string | undefined
  readonly message: string | undefined
  readonly requestId: string | undefined
  readonly param: string | undefined
  readonly errors: ReadonlyArray<FieldError>
  readonly retryAfterSeconds: number | undefined
}

const emptyBody: ParsedBody = {
  code: undefined,
  message: undefined,
  requestId: undefined,
  param: undefined,
  errors: [],
  retryAfterSeconds: undefined
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)
const str = (u: unknown): string | undefined => (typeof u === "string" && u.length > 0 ? u : undefined)
const num = (u: unknown): number | undefined => (typeof u === "number" && Number.isFinite(u) ? u : undefined)

const fieldErrors = (u: unknown): ReadonlyArray<FieldError> => {
  if (!Array.isArray(u)) return []
  const out: Array<FieldError> = []
  for (const item of u) {
    if (typeof item === "string") {
      out.push({ message: item })
    } else if (isRecord(item)) {
      const field = str(item.field) ?? str(item.param)
      const code = str(item.code)
      out.push({
        message: str(item.message) ?? code ?? "invalid",
        ...(field === undefined ? {} : { field }),
        ...(code === undefined ? {} : { code })
      })
    }
  }
  return out
}

/** Reads either dialect; anything unrecognisable (HTML, empty) yields no fields. */
export const parseErrorBody = (text: string): ParsedBody => {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return emptyBody
  }
  if (!isRecord(json)) return emptyBody
  const v2 = json.error
  if (isRecord(v2)) {
    return {
      code: str(v2.code),
      message: str(v2.message),
      requestId: str(v2.request_id),
      param: str(v2.param),
      errors: fieldErrors(v2.errors),
      retryAfterSeconds: num(v2.retry_after_seconds)
    }
  }
  // v1: `{code, details: null | [{message, field}]}`; the legacy webhook
  // delete has been reported to answer `{"error": "WEBHOOK_NOT_FOUND"}`.
  const details = fieldErrors(json.details)
  return {
    code: str(json.code) ?? str(v2),
    message: str(json.message) ?? (details.length > 0 ? details.map((d) => d.message).join("; ") : undefined),
    requestId: str(json.request_id),
    param: undefined,
    errors: details,
    retryAfterSeconds: undefined
  }
}

const SCOPE_PATTERN = /\b[A-Z][A-Z_]*_(?:READ_WRITE|READ|WRITE|SEND|DELETE)\b|\b(?:BILLING|PARTNER)\b/g

/**
 * v1 names the missing scope as `required=SCOPE` in `details`; v2 puts it in
 * `param`/`errors` or only in the prose of `message`.
 */
const requiredScopes = (body: ParsedBody): ReadonlyArray<string> => {
  const found = new Set<string>()
  for (const e of body.errors) {
    const m = /required=([A-Z_]+)/.exec(e.message)
    if (m?.[1] !== undefined) found.add(m[1])
    else if (e.field !== undefined && e.field !== "scope" && /^[A-Z_]+$/.test(e.field)) found.add(e.field)
  }
  if (body.param !== undefined && /^[A-Z_]+$/.test(body.param)) found.add(body.param)
  if (found.size === 0 && body.message !== undefined) {
    for (const m of body.message.matchAll(SCOPE_PATTERN)) {
      if (m[0] !== "API_KEY_INSUFFICIENT_SCOPE") found.add(m[0])
    }
  }
  return [...found]
}

const V1_QUOTA_CODE = "API_KEY_QUOTA_EXCEEDED"

/** Classifies a failed response into the tag the CONTRACT assigns to its status and code. */
export const classifyResponse = (failed: FailedResponse): WithalloError => {
  const body = parseErrorBody(failed.bodyText)
  const { status, operation } = failed
  const code = body.code
  const detail = body.message ?? (failed.bodyText.trimStart().startsWith("<") ? "non-JSON response body" : undefined)
  const message = describe(operation, code ?? `HTTP ${status}`, detail)
  const requestId = body.requestId ?? failed.requestIdHeader
  const common = {
    operation,
    status,
    message,
    ...(code === undefined ? {} : { code }),
    ...(requestId === undefined ? {} : { requestId })
  }
  if (status === 401) return new AuthenticationError(common)
  if (status === 403) return new ForbiddenError({ ...common, requiredScopes: requiredScopes(body) })
  if (status === 404) return new NotFoundError(common)
  if (status === 409) return new ConflictError(common)
  if (status === 429) {
    const retryAfter = failed.retryAfterHeader ??
      (body.retryAfterSeconds === undefined ? undefined : Duration.seconds(body.retryAfterSeconds))
    return new RateLimitError({
      ...common,
      quotaExceeded: code === V1_QUOTA_CODE,
      ...(retryAfter === undefined ? {} : { retryAfter })
    })
  }
  if (status === 400 || status === 405 || status === 415 || status === 422) {
    // v1 reports a missing record as 400 `*_NOT_FOUND` (e.g. CONTACT_NOT_FOUND)
    // where v2 uses 404 for the same codes: one tag for both.
    if (code?.endsWith("_NOT_FOUND")) return new NotFoundError(common)
    const errors = body.errors.length > 0
      ? body.errors
      : [{
        message: body.message ?? message,
        ...(body.param === undefined ? {} : { field: body.param }),
        ...(code === undefined ? {} : { code })
      }]
    return new ValidationError({ ...common, errors })
  }
  return new ServerError(common)
}
