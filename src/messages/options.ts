/**
 * Options of the `Messages` layer and their defaults.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import type * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type { Message } from "./Message.js"

/** Options of `Messages.layer`. */
export interface MessagesOptions {
  /**
   * Keep message texts in the log (default `true`). With `false`, a text is
   * kept only while the message is unsent (a restarted process needs it to
   * send) and erased once it is settled; inbound texts are never stored. A
   * SHA-256 of each text stays, for reconciliation and webhook matching.
   */
  readonly storeBodies?: boolean | undefined
  /** Mask phone numbers in logs and span attributes as `+1415•••0199` (default `true`). */
  readonly maskNumbers?: boolean | undefined
  /** Run the background worker in this process (default `true`): it sends orphaned queued messages and reconciles ambiguous ones. */
  readonly worker?: boolean | undefined
  /** How often the worker looks for work when idle (default 1 second). */
  readonly pollInterval?: Duration.Input | undefined
  /**
   * How long a claim on a message lasts without renewal (default 30 seconds).
   * A process renews its claims while alive; when it dies, other processes
   * wait this long before reconciling what it was sending.
   */
  readonly lease?: Duration.Input | undefined
  /**
   * How long after a request could last have reached Allo a search that does
   * not show the message counts as proof it was not sent (default 2
   * minutes: Allo's search may lag a new message).
   */
  readonly notFoundAfter?: Duration.Input | undefined
  /** How often an ambiguous message is looked up again (default 15 seconds). */
  readonly reconcileEvery?: Duration.Input | undefined
  /** After this long unable to look a message up, it becomes `unsettled` (default 1 hour). */
  readonly giveUpAfter?: Duration.Input | undefined
  /** Slack before a request's start when matching Allo's timestamps, for clocks that disagree (default 5 minutes). */
  readonly clockSkew?: Duration.Input | undefined
  /** Requests made for one message, each proven unsent before the next, before it fails (default 5). */
  readonly maxAttempts?: number | undefined
  /** Messages the worker sends or reconciles at once (default 4). */
  readonly concurrency?: number | undefined
}

/** The steps of a send, for tests that stop a process at each one. */
export type SendStep = "queued" | "claimed" | "responded" | "recorded"

/** Internal options: tests' hooks into the steps of a send. */
export interface InternalOptions extends MessagesOptions {
  readonly onStep?: ((step: SendStep, message: Message) => Effect.Effect<void>) | undefined
}

/** Options with their defaults filled in (durations in milliseconds). */
export interface Resolved {
  readonly storeBodies: boolean
  readonly maskNumbers: boolean
  readonly worker: boolean
  readonly pollMs: number
  readonly leaseMs: number
  readonly notFoundAfterMs: number
  readonly reconcileEveryMs: number
  readonly giveUpAfterMs: number
  readonly clockSkewMs: number
  readonly maxAttempts: number
  readonly concurrency: number
  readonly onStep: InternalOptions["onStep"]
}

const DEFAULTS = {
  pollInterval: "1 second",
  lease: "30 seconds",
  notFoundAfter: "2 minutes",
  reconcileEvery: "15 seconds",
  giveUpAfter: "1 hour",
  clockSkew: "5 minutes"
} as const

const DURATION_FIELDS = ["pollInterval", "lease", "notFoundAfter", "reconcileEvery", "giveUpAfter", "clockSkew"] as const

/**
 * Fills in the defaults, or names the first option that is not usable (a
 * duration effect cannot read, a count that is not a positive integer).
 */
export const resolve = (
  options: InternalOptions = {}
): { readonly ok: true; readonly value: Resolved } | { readonly ok: false; readonly field: string; readonly problem: string } => {
  const durations: Record<string, number> = {}
  for (const field of DURATION_FIELDS) {
    const parsed = Duration.fromInput(options[field] ?? DEFAULTS[field])
    if (Option.isNone(parsed)) return { ok: false, field, problem: "must be a duration (e.g. \"30 seconds\" or milliseconds)" }
    durations[field] = Duration.toMillis(parsed.value)
  }
  for (const field of ["maxAttempts", "concurrency"] as const) {
    const value = options[field]
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) return { ok: false, field, problem: `must be an integer ≥ 1 (got ${value})` }
  }
  const get = (field: keyof typeof DEFAULTS) => durations[field] ?? 0
  const value: Resolved = {
    storeBodies: options.storeBodies ?? true,
    maskNumbers: options.maskNumbers ?? true,
    worker: options.worker ?? true,
    pollMs: get("pollInterval"),
    leaseMs: get("lease"),
    notFoundAfterMs: get("notFoundAfter"),
    reconcileEveryMs: get("reconcileEvery"),
    giveUpAfterMs: get("giveUpAfter"),
    clockSkewMs: get("clockSkew"),
    maxAttempts: options.maxAttempts ?? 5,
    concurrency: options.concurrency ?? 4,
    onStep: options.onStep
  }
  return { ok: true, value }
}
