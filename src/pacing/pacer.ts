/**
 * Client-side pacing. Allo limits each key per second (20 reads, 5 writes by
 * default) and its window is not visible to us, so requests are spaced evenly
 * (one read every 50 ms): whatever window the server counts in, it never sees
 * more than its limit, and a burst of fibers queues here instead of on 429s.
 *
 * @internal
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"

/** Reads are GET; every other method counts against the write budget. */
export type RequestKind = "read" | "write"

/** Decides when the next request of a kind may leave. */
export interface Pacer {
  /** Waits for this request's turn. */
  readonly take: (kind: RequestKind) => Effect.Effect<void>
  /**
   * What the server said about its window (`X-RateLimit-Remaining`,
   * `X-RateLimit-Reset` in Unix seconds): with nothing left, hold further
   * requests of that kind until the reset.
   */
  readonly learn: (kind: RequestKind, remaining: number, resetEpochSeconds: number) => Effect.Effect<void>
}

/** Per-second budgets. */
export interface PacerLimits {
  readonly readsPerSecond: number
  readonly writesPerSecond: number
}

/** A pacer that lets everything through: `rateLimit: false`. */
export const unpaced: Pacer = {
  take: () => Effect.void,
  learn: () => Effect.void
}

/** The most a server-advertised reset may hold requests back (guards against clock skew); shared by every store. */
export const MAX_LEARNED_HOLD_MS = 2_000

/** An in-memory pacer shared by every fiber using one client layer. */
export const makeMemoryPacer = (limits: PacerLimits): Pacer => {
  const interval = {
    read: 1000 / limits.readsPerSecond,
    write: 1000 / limits.writesPerSecond
  }
  const next = { read: 0, write: 0 }
  const heldUntil = { read: 0, write: 0 }
  return {
    take: (kind) =>
      Effect.clockWith((clock) => {
        const now = clock.currentTimeMillisUnsafe()
        const slot = Math.max(now, next[kind], heldUntil[kind])
        next[kind] = slot + interval[kind]
        const wait = slot - now
        return wait <= 0 ? Effect.void : Effect.sleep(Duration.millis(wait))
      }),
    learn: (kind, remaining, resetEpochSeconds) =>
      Effect.clockWith((clock) =>
        Effect.sync(() => {
          if (remaining > 0) return
          const now = clock.currentTimeMillisUnsafe()
          const until = Math.min(resetEpochSeconds * 1000, now + MAX_LEARNED_HOLD_MS)
          if (until > heldUntil[kind]) heldUntil[kind] = until
        })
      )
  }
}
