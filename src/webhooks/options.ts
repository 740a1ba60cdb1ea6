/**
 * Checks of the options users hand to the webhook functions, taken as
 * `unknown`: a JavaScript caller (or an unset environment variable) gets a
 * typed error naming the option, never a crash later.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Option from "effect/Option"

/** The default signature timestamp tolerance, in seconds (5 minutes). */
export const DEFAULT_TOLERANCE_SECONDS = 300

/** What a value is, for an error message, without printing it (it may be a secret). */
export const describeValue = (u: unknown): string => {
  if (u === null) return "null"
  if (u === undefined) return "undefined"
  if (Array.isArray(u)) return "an array"
  if (u instanceof Date) return Number.isNaN(u.getTime()) ? "an invalid Date" : "a Date"
  if (typeof u === "number") return Number.isFinite(u) ? `the number ${u}` : `${u}`
  if (typeof u === "string") return u === "" ? "an empty string" : "a string"
  if (typeof u === "object") return "an object"
  return `a ${typeof u}`
}

/**
 * A tolerance in seconds: the default for `undefined`, else a finite,
 * non-negative `Duration.Input`; `undefined` when invalid (`""`, `"abc"`,
 * negative, `Infinity`, `NaN`, an object with non-numeric fields).
 */
export const toleranceSeconds = (input: unknown): number | undefined => {
  if (input === undefined) return DEFAULT_TOLERANCE_SECONDS
  if (!isDurationInput(input)) return undefined
  const parsed = Option.getOrUndefined(Duration.fromInput(input))
  if (parsed === undefined) return undefined
  const seconds = Duration.toSeconds(parsed)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined
}

// `Duration.fromInput` reads any object as a `DurationObject` and missing or
// non-numeric fields as 0: `{}` or `{ minutes: "5" }` would be a 0 tolerance.
const isDurationInput = (u: unknown): u is Duration.Input => {
  if (typeof u === "number") return !Number.isNaN(u)
  if (typeof u === "string" || typeof u === "bigint" || Duration.isDuration(u)) return true
  if (Array.isArray(u)) return u.length === 2 && u.every((n) => typeof n === "number" && Number.isFinite(n))
  if (typeof u !== "object" || u === null) return false
  const values = Object.values(u)
  return values.length > 0 && values.every((n) => typeof n === "number" && Number.isFinite(n))
}

/** A body size limit: a positive whole number of bytes. */
export const isByteLimit = (u: unknown): u is number => typeof u === "number" && Number.isSafeInteger(u) && u > 0
