/**
 * Input checks of the log's operations: a bad input fails with a
 * `ValidationError` naming the field, before anything is written or sent.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import { invalidInput, type ValidationError } from "../WithalloError.js"
import { MessageStatus } from "./Message.js"
import type { MessageSearchParams, MessageStreamParams } from "./query.js"

const STATUSES: ReadonlySet<string> = new Set(MessageStatus.literals)

/** One check: the field, and what is wrong with it (`undefined` when fine). */
type Check = readonly [field: string, problem: string | undefined]

/** Fails on the first problem. Values are never quoted: an input may be anything, a secret included. */
const validate = (operation: string, ...checks: ReadonlyArray<Check>): Effect.Effect<void, ValidationError> => {
  for (const [field, problem] of checks) if (problem !== undefined) return Effect.fail(invalidInput(operation, field, problem))
  return Effect.void
}

// E.164 is `+` and up to 15 digits; Allo's own examples use `+0…` placeholders.
const E164 = /^\+\d{1,15}$/

const phoneNumber = (field: string, value: unknown, optional = false): Check => [
  field,
  value === undefined
    ? (optional ? undefined : "is required")
    : typeof value === "string" && E164.test(value)
    ? undefined
    : "must be an E.164 phone number: + then up to 15 digits, no spaces (e.g. +14155550100)"
]

const senderId = (field: string, value: unknown): Check => [
  field,
  typeof value === "string" && /^[A-Za-z0-9]{3,11}$/.test(value) ? undefined : "must be 3–11 letters or digits"
]

const smsMessage = (field: string, value: unknown): Check => [
  field,
  typeof value !== "string"
    ? "must be a string"
    : value.length === 0
    ? "must not be empty"
    : value.length > 1000
    ? `must be at most 1000 characters (got ${value.length})`
    : undefined
]

const integerIn = (field: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): Check => [
  field,
  value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max)
    ? undefined
    : `must be an integer from ${min} to ${max}`
]

const keyProblem = (key: unknown): string | undefined =>
  typeof key !== "string" || key.trim() === ""
    ? "must be a non-empty string"
    : key.length > 200
    ? `must be at most 200 characters (got ${key.length})`
    : key.startsWith("received:")
    ? "must not start with \"received:\" (the log's keys for inbound texts)"
    : undefined

interface SendInput {
  readonly key: string
  readonly from?: string | undefined
  readonly senderId?: string | undefined
  readonly to: string
  readonly message: string
  readonly meta?: Readonly<Record<string, unknown>> | undefined
}

const jsonProblem = (meta: unknown): string | undefined => {
  if (meta === undefined) return undefined
  if (typeof meta !== "object" || meta === null || Array.isArray(meta)) return "must be a JSON object"
  let text: string
  try {
    text = JSON.stringify(meta)
  } catch {
    return "must be JSON-serialisable (no cycles, no BigInt)"
  }
  return text.length > 16_384 ? `must be at most 16 KiB as JSON (got ${text.length} characters)` : undefined
}

/** Checks a send's input. */
export const checkSend = (operation: string, p: SendInput): Effect.Effect<void, ValidationError> =>
  validate(
    operation,
    ["key", keyProblem(p.key)],
    ["from", p.from === undefined && p.senderId === undefined ? "is required (or senderId, for a French recipient)" : undefined],
    ["senderId", p.from !== undefined && p.senderId !== undefined ? "must not be given with from: choose one sender" : undefined],
    p.from !== undefined ? phoneNumber("from", p.from) : ["from", undefined],
    p.senderId !== undefined ? senderId("senderId", p.senderId) : ["senderId", undefined],
    phoneNumber("to", p.to),
    smsMessage("message", p.message),
    ["meta", jsonProblem(p.meta)]
  )

const dateProblem = (value: unknown): string | undefined =>
  value === undefined ||
    ((value instanceof Date || typeof value === "string") && !Number.isNaN((value instanceof Date ? value : new Date(value)).getTime()))
    ? undefined
    : "must be a Date or an ISO 8601 date"

/** Checks search and stream filters. */
export const checkSearch = (operation: string, p: MessageSearchParams & MessageStreamParams): Effect.Effect<void, ValidationError> => {
  const statuses: ReadonlyArray<unknown> = p.status === undefined ? [] : Array.isArray(p.status) ? p.status : [p.status]
  const unknown = statuses.find((s) => typeof s !== "string" || !STATUSES.has(s))
  return validate(
    operation,
    ["status", unknown === undefined && (p.status === undefined || statuses.length > 0) ? undefined : `must be one or more of ${[...STATUSES].join(", ")}`],
    ["direction", p.direction === undefined || p.direction === "outbound" || p.direction === "inbound" ? undefined : "must be outbound or inbound"],
    phoneNumber("to", p.to, true),
    ["since", dateProblem(p.since)],
    ["until", dateProblem(p.until)],
    integerIn("page", p.page, 1),
    integerIn("size", p.size, 1, 100),
    integerIn("pageSize", p.pageSize, 1, 1000)
  )
}
