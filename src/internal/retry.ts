/**
 * When a failed attempt is tried again, and after how long (CONTRACT §2
 * "Retry rules").
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type { WithalloError } from "../WithalloError.js"

/** What decides whether one request may be retried. */
export interface RetryPolicy {
  readonly operation: string
  readonly maxRetries: number
  readonly maxRetryAfter: Duration.Duration
  /**
   * Whether a failure after which the request may have reached Allo can be
   * retried: true for reads, and for writes only when they carry an
   * `Idempotency-Key` (Allo then answers a repeat with the stored response).
   * Without a key a retried SMS could be sent twice.
   */
  readonly mayHaveReachedServerIsSafe: boolean
}

const RETRYABLE_5XX = new Set([500, 502, 503, 504])
const BACKOFF_BASE_MS = 500
const BACKOFF_CAP_MS = 8_000

/** Whether this failure is worth another attempt under the policy. */
export const isRetryable = (policy: RetryPolicy) => (error: WithalloError): boolean => {
  switch (error._tag) {
    case "RateLimitError":
      // A 429 means Allo did not process the request: safe for writes too.
      if (error.quotaExceeded) return false
      return error.retryAfter === undefined || Duration.isLessThanOrEqualTo(error.retryAfter, policy.maxRetryAfter)
    case "ServerError":
      return policy.mayHaveReachedServerIsSafe && RETRYABLE_5XX.has(error.status)
    case "TransportError":
    case "TimeoutError":
      return policy.mayHaveReachedServerIsSafe
    default:
      return false
  }
}

const statusOf = (error: WithalloError): number | undefined => "status" in error ? error.status : undefined
const requestIdOf = (error: WithalloError): string | undefined => "requestId" in error ? error.requestId : undefined

/**
 * Exponential backoff (≈0.5 s doubling, capped at 8 s, full jitter between
 * half and all of it), except that a server-requested `Retry-After` is waited
 * exactly: never earlier than asked. At most `maxRetries` retries, and only of
 * failures the policy allows.
 */
export const retrySchedule = (policy: RetryPolicy): Schedule.Schedule<Duration.Duration, WithalloError> => {
  const retryable = isRetryable(policy)
  return Schedule.exponential(Duration.millis(BACKOFF_BASE_MS), 2).pipe(
    Schedule.setInputType<WithalloError>(),
    // Decided inside the schedule so that only real retries are delayed and logged.
    Schedule.while(({ attempt, input }) => attempt <= policy.maxRetries && retryable(input)),
    Schedule.modifyDelay(({ attempt, input }) => delayBefore(policy.operation, attempt, input))
  )
}

/**
 * Runs `attempt`, retried by {@link retrySchedule}. The schedule is built only
 * once an attempt has failed: the usual request succeeds first time and pays
 * nothing for it.
 */
export const withRetries = <A>(
  policy: RetryPolicy,
  attempt: Effect.Effect<A, WithalloError>
): Effect.Effect<A, WithalloError> =>
  Effect.catch(attempt, (first) => {
    if (policy.maxRetries < 1 || !isRetryable(policy)(first)) return Effect.fail(first)
    // The schedule sees the first failure too, then each retry's.
    let pending: WithalloError | undefined = first
    const again = Effect.suspend(() => {
      if (pending === undefined) return attempt
      const error = pending
      pending = undefined
      return Effect.fail(error)
    })
    return Effect.retry(again, retrySchedule(policy))
  })

/** The wait before retry number `retry` (1-based), logged at debug level. */
const delayBefore = (operation: string, retry: number, error: WithalloError) =>
  Effect.gen(function*() {
    let delay: Duration.Duration
    if (error._tag === "RateLimitError" && error.retryAfter !== undefined) {
      delay = error.retryAfter
    } else {
      const capped = Math.min(BACKOFF_BASE_MS * 2 ** (retry - 1), BACKOFF_CAP_MS)
      const factor = 0.5 + (yield* Random.next) * 0.5
      delay = Duration.millis(Math.round(capped * factor))
    }
    yield* Effect.logDebug("effect-withallo: retrying request").pipe(
      Effect.annotateLogs({
        operation,
        attempt: retry,
        status: statusOf(error) ?? error._tag,
        delayMillis: Duration.toMillis(delay),
        requestId: requestIdOf(error) ?? "none"
      })
    )
    return delay
  })
