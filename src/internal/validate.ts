/**
 * Input checks made before any request: a bad input fails with a
 * `ValidationError` naming the field, and nothing is sent.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { invalidInput, type ValidationError } from "../WithalloError.js"

/** One check: `undefined` when fine, else what is wrong. */
type Check = readonly [field: string, problem: string | undefined]

/** Runs checks in order and fails on the first problem. */
export const validate = (operation: string, ...checks: ReadonlyArray<Check>): Effect.Effect<void, ValidationError> => {
  for (const [field, problem] of checks) {
    if (problem !== undefined) return Effect.fail(invalidInput(operation, field, problem))
  }
  return Effect.void
}

// E.164 is `+` and up to 15 digits. Allo's own examples use `+0…`
// placeholders, so a leading 0 after `+` is accepted too.
const E164 = /^\+\d{1,15}$/

/** A phone number in E.164 form. */
export const phoneNumber = (field: string, value: string | undefined, optional = false): Check => [
  field,
  value === undefined
    ? (optional ? undefined : "is required")
    : E164.test(value)
    ? undefined
    : "must be an E.164 phone number: + then up to 15 digits, no spaces (e.g. +14155550100)"
]

/** SMS text: 1–1000 characters. */
export const smsMessage = (field: string, value: string): Check => [
  field,
  value.length === 0
    ? "must not be empty"
    : value.length > 1000
    ? `must be at most 1000 characters (got ${value.length})`
    : undefined
]

/** A French sender id: 3–11 letters or digits. */
export const senderId = (field: string, value: string): Check => [
  field,
  /^[A-Za-z0-9]{3,11}$/.test(value) ? undefined : "must be 3–11 letters or digits"
]

/** An integer within bounds, when given. */
export const integerIn = (field: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): Check => [
  field,
  value === undefined || (Number.isInteger(value) && value >= min && value <= max)
    ? undefined
    : max === Number.MAX_SAFE_INTEGER
    ? `must be an integer ≥ ${min} (got ${value})`
    : `must be an integer from ${min} to ${max} (got ${value})`
]

/** Page size 1–100, Allo's bounds on every list. */
export const pageSize = (field: string, value: number | undefined): Check => integerIn(field, value, 1, 100)

/** A non-empty string. */
export const nonEmpty = (field: string, value: string | undefined): Check => [
  field,
  value === undefined || value.trim() === "" ? "must not be empty" : undefined
]

/** An absolute http(s) URL. */
export const httpUrl = (field: string, value: string): Check => {
  let ok = false
  try {
    const url = new URL(value)
    ok = url.protocol === "https:" || url.protocol === "http:"
  } catch {
    ok = false
  }
  return [field, ok ? undefined : "must be an absolute http(s) URL"]
}

/** A non-empty list of which at least one entry is a known value. */
export const knownTopics = (field: string, values: ReadonlyArray<string>, known: ReadonlySet<string>): Check => [
  field,
  values.length === 0
    ? "must name at least one topic"
    : values.some((v) => known.has(v))
    ? undefined
    : `must include at least one of ${[...known].join(", ")}`
]

/** Each entry of a list passes `check`. */
export const each = <A>(field: string, values: ReadonlyArray<A> | undefined, check: (field: string, value: A) => Check): Check => {
  if (values === undefined) return [field, undefined]
  let i = 0
  for (const value of values) {
    const result = check(`${field}[${i}]`, value)
    if (result[1] !== undefined) return result
    i++
  }
  return [field, undefined]
}

/**
 * A caller's idempotency key, when given, must be usable: an empty key would
 * still turn on retries for a write while giving Allo nothing to deduplicate by.
 */
export const idempotencyKey = (value: string | undefined): Check => [
  "idempotencyKey",
  value !== undefined && value.trim() === "" ? "must not be empty (omit it to let the SDK decide)" : undefined
]
