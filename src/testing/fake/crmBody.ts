/**
 * Reading a CRM request body the way Allo validates it: every wrong field is
 * collected and answered at once as a 422 (`errors[]` with field, code and
 * message; `param` and `code` from the first).
 *
 * @since 0.2.0
 */
import { asObject, type Ctx, isPhone } from "./context.js"
import { type Reply, v2Error } from "./errors.js"

export type Body = Readonly<Record<string, unknown>>
export type FieldError = { readonly field: string; readonly code: string; readonly message: string }

/** 422 naming every bad field. */
export const invalid = (errors: ReadonlyArray<FieldError>): Reply => {
  const first = errors[0]
  return v2Error(422, first?.code ?? "INVALID_REQUEST_BODY", first?.message ?? "Invalid request body.", {
    param: first?.field,
    errors
  })
}

/** Reads a JSON body's fields, collecting what is wrong with them (a wrong field reads as absent). */
export const reader = (body: Body) => {
  const errors: Array<FieldError> = []
  const bad = (field: string, message: string, code = "INVALID_REQUEST_BODY"): undefined => {
    errors.push({ field, code, message })
    return undefined
  }
  const text = (field: string): string | null | undefined => {
    const v = body[field]
    return v === undefined || v === null || typeof v === "string" ? v : bad(field, `${field} must be a string or null.`)
  }
  /** A string that is not blank, required. */
  const name = (field: string): string | undefined => {
    const v = body[field]
    return typeof v === "string" && v.trim() !== "" ? v : bad(field, `${field} is required and must not be blank.`)
  }
  const texts = (field: string): ReadonlyArray<string> | null | undefined => {
    const v = body[field]
    if (v === undefined || v === null) return v
    return Array.isArray(v) && v.every((x): x is string => typeof x === "string") ? v : bad(field, `${field} must be an array of strings.`)
  }
  /** At least one E.164 number; `required` on create, else absence and `null` keep the numbers. */
  const phones = (field: string, required: boolean): ReadonlyArray<string> | undefined => {
    const v = texts(field)
    if (v === undefined || v === null) return required ? bad(field, `${field} is required: at least one phone number.`) : undefined
    if (v.length === 0) return bad(field, `${field} must contain at least one phone number.`)
    const wrong = v.find((n) => !isPhone(n))
    return wrong === undefined ? v : bad(field, `'${wrong}' is not an E.164 phone number.`, "INVALID_PHONE_NUMBER")
  }
  const amount = (field: string): number | null | undefined => {
    const v = body[field]
    return v === undefined || v === null || (typeof v === "number" && Number.isFinite(v)) ? v : bad(field, `${field} must be a number or null.`)
  }
  const currency = (field: string): string | null | undefined => {
    const v = text(field)
    return typeof v === "string" && v.length !== 3 ? bad(field, `${field} must be a three-letter ISO 4217 code.`) : v
  }
  const date = (field: string): string | null | undefined => {
    const v = text(field)
    return typeof v === "string" && Number.isNaN(Date.parse(v)) ? bad(field, `${field} must be an ISO 8601 date-time.`) : v
  }
  const flag = (field: string): boolean | undefined => {
    const v = body[field]
    return v === undefined || typeof v === "boolean" ? v : bad(field, `${field} must be a boolean.`)
  }
  return { errors, bad, text, name, texts, phones, amount, currency, date, flag }
}

export type Reader = ReturnType<typeof reader>

/** Runs `handle` on the body's fields, or answers 422 when the body is not a JSON object (a missing body reads as `{}`). */
export const withBody = (ctx: Ctx, handle: (r: Reader, body: Body) => Reply): Reply => {
  const body = ctx.body === undefined ? {} : asObject(ctx.body)
  return body === undefined
    ? invalid([{ field: "body", code: "INVALID_REQUEST_BODY", message: "The body must be a JSON object." }])
    : handle(reader(body), body)
}
