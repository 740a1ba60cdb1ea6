/**
 * The browser server's own refusals, as `WithalloError`s with a `code` of
 * their own, so a browser tells them from Allo's answers.
 *
 * @internal
 */
import { describe } from "../internal/describe.js"
import { AuthenticationError, ForbiddenError, ServerError, ValidationError } from "../WithalloError.js"

/** Names the server in errors not tied to one operation. */
export const SERVER = "WithalloBrowserServer"

/** `code` of the server's own refusals. */
export const Codes = {
  sessionRequired: "SESSION_REQUIRED",
  operationNotAllowed: "OPERATION_NOT_ALLOWED",
  userRateLimited: "USER_RATE_LIMITED",
  badRequest: "BAD_REQUEST"
} as const

/** 401: no session, or `authorize` refused it. */
export const unauthorized = (operation: string, why: string): AuthenticationError =>
  new AuthenticationError({
    operation,
    status: 401,
    code: Codes.sessionRequired,
    message: describe(operation, Codes.sessionRequired, why)
  })

/** 403: outside the allow-list, or refused by `permit`. */
export const notAllowed = (operation: string, why: string): ForbiddenError =>
  new ForbiddenError({
    operation,
    status: 403,
    code: Codes.operationNotAllowed,
    message: describe(operation, Codes.operationNotAllowed, why),
    requiredScopes: []
  })

/** A request the server cannot read, refused before any Allo request. */
export const badRequest = (operation: string, field: string, message: string): ValidationError =>
  new ValidationError({
    operation,
    status: 0,
    code: Codes.badRequest,
    message: describe(operation, `invalid ${field}:`, message),
    errors: [{ field, message }]
  })

/** 415: only JSON is accepted (a cross-site form cannot send it without asking first). */
export const unsupportedMediaType = (operation: string): ValidationError =>
  new ValidationError({
    operation,
    status: 415,
    code: Codes.badRequest,
    message: describe(operation, "invalid content-type:", "must be application/json"),
    errors: [{ field: "content-type", message: "must be application/json" }]
  })

/** 500: `allow` names an operation the SDK does not define. */
export const misconfigured = (names: ReadonlyArray<string>): ServerError =>
  new ServerError({
    operation: SERVER,
    status: 500,
    message: describe(SERVER, `allow names operations the SDK does not define: ${names.join(", ")}`)
  })
