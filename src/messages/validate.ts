/**
 * Input checks of the log's operations: a bad input fails with a
 * `ValidationError` naming the field, before anything is written or sent.
 *
 * @internal
 */
import type * as Effect from "effect/Effect"
import { integerIn, nonEmpty, phoneNumber, senderId, smsMessage, validate } from "../internal/validate.js"
import type { ValidationError } from "../WithalloError.js"
import { MessageStatus } from "./Message.js"
import type { SearchParams, StreamParams } from "./query.js"

const STATUSES: ReadonlySet<string> = new Set(MessageStatus.literals)

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
    nonEmpty("key", p.key),
    ["key", p.key.length > 200 ? `must be at most 200 characters (got ${p.key.length})` : undefined],
    ["key", p.key.startsWith("received:") ? "must not start with \"received:\" (the log's keys for inbound texts)" : undefined],
    ["from", p.from === undefined && p.senderId === undefined ? "is required (or senderId, for a French recipient)" : undefined],
    ["senderId", p.from !== undefined && p.senderId !== undefined ? "must not be given with from: choose one sender" : undefined],
    p.from !== undefined ? phoneNumber("from", p.from) : ["from", undefined],
    p.senderId !== undefined ? senderId("senderId", p.senderId) : ["senderId", undefined],
    phoneNumber("to", p.to),
    smsMessage("message", p.message),
    ["meta", jsonProblem(p.meta)]
  )

const dateProblem = (value: Date | string | undefined): string | undefined =>
  value === undefined || !Number.isNaN((value instanceof Date ? value : new Date(value)).getTime())
    ? undefined
    : "must be a Date or an ISO 8601 date"

/** Checks search and stream filters. */
export const checkSearch = (operation: string, p: SearchParams & StreamParams): Effect.Effect<void, ValidationError> => {
  const statuses: ReadonlyArray<string> = p.status === undefined ? [] : typeof p.status === "string" ? [p.status] : p.status
  const unknown = statuses.find((s) => !STATUSES.has(s))
  return validate(
    operation,
    ["status", unknown === undefined ? undefined : `must be one of ${[...STATUSES].join(", ")} (got "${unknown}")`],
    ["direction", p.direction === undefined || p.direction === "outbound" || p.direction === "inbound" ? undefined : "must be outbound or inbound"],
    phoneNumber("to", p.to, true),
    ["since", dateProblem(p.since)],
    ["until", dateProblem(p.until)],
    integerIn("page", p.page, 1),
    integerIn("size", p.size, 1, 100),
    integerIn("pageSize", p.pageSize, 1, 1000)
  )
}
