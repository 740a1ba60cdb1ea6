/**
 * Per-user limits of the browser server, on top of the shared Allo budget
 * that `WithalloClient` paces: one signed-in user cannot spend the whole
 * key's budget. A token bucket per user and kind (reads, writes), refilled
 * continuously on effect's `Clock` (so `TestClock` drives it); a request over
 * the limit is refused with the wait until the next token.
 *
 * Kept in memory, per server process.
 *
 * @since 0.2.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** Requests one user may send to Allo through the browser server. */
export interface UserLimits {
  /** Reads (`GET`) per minute, with bursts up to the same number. Unlimited when absent. */
  readonly readsPerMinute?: number | undefined
  /** Writes per minute, with bursts up to the same number. Unlimited when absent. */
  readonly writesPerMinute?: number | undefined
}

/** Which budget a request spends. */
export type Kind = "read" | "write"

interface Bucket {
  tokens: number
  at: number
}

/** Buckets kept before full ones are forgotten (a full bucket is the same as none). */
const PRUNE_ABOVE = 10_000

/** A limiter: `take` answers `undefined` when allowed, else how long until it would be. */
export interface Limiter {
  readonly take: (user: string, kind: Kind) => Effect.Effect<Duration.Duration | undefined>
}

/** Builds a limiter; a `perMinute` that is not a positive number means no limit for that kind. */
export const make = (limits: UserLimits): Limiter => {
  const buckets = new Map<string, Bucket>()
  const perMinute = (kind: Kind): number | undefined => {
    const n = kind === "read" ? limits.readsPerMinute : limits.writesPerMinute
    return n !== undefined && Number.isFinite(n) && n > 0 ? n : undefined
  }

  const prune = (now: number) => {
    if (buckets.size <= PRUNE_ABOVE) return
    for (const [key, bucket] of buckets) {
      const capacity = perMinute(key.startsWith("read:") ? "read" : "write") ?? 0
      if (refill(bucket, capacity, now) >= capacity) buckets.delete(key)
    }
  }

  const take = (user: string, kind: Kind): Effect.Effect<Duration.Duration | undefined> =>
    Effect.map(Clock.currentTimeMillis, (now) => {
      const capacity = perMinute(kind)
      if (capacity === undefined) return undefined
      prune(now)
      const key = `${kind}:${user}`
      const bucket = buckets.get(key) ?? { tokens: capacity, at: now }
      bucket.tokens = refill(bucket, capacity, now)
      bucket.at = now
      buckets.set(key, bucket)
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1
        return undefined
      }
      return Duration.millis(Math.ceil(((1 - bucket.tokens) * 60_000) / capacity))
    })

  return { take }
}

const refill = (bucket: Bucket, capacity: number, now: number): number =>
  Math.min(capacity, bucket.tokens + ((now - bucket.at) * capacity) / 60_000)
