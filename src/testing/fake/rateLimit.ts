/**
 * Allo's per-key limits: a token bucket per key and request class (GET =
 * read, everything else = write), refilled continuously from the caller's
 * `Clock` time so `TestClock` drives it; and the v1 daily quota switch.
 *
 * @since 0.1.0
 */
import type { RateLimitSettings } from "./types.js"

/** One bucket. */
interface Bucket {
  tokens: number
  lastMs: number
}

/** Outcome of taking a token: headers to send, and whether the request may proceed. */
export interface RateDecision {
  readonly allowed: boolean
  readonly limit: number
  readonly headers: Readonly<Record<string, string>>
  /** Whole seconds until a token is available (only when refused). */
  readonly retryAfterSeconds: number
}

/** Buckets for every key and class. */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()
  constructor(public settings: RateLimitSettings | false) {}

  /** Forgets every bucket (and keeps the settings). */
  clear(): void {
    this.buckets.clear()
  }

  /** Takes one token for `key`'s `method` class at `nowMs`, or `undefined` when limits are off. */
  take(key: string, method: string, nowMs: number): RateDecision | undefined {
    if (this.settings === false) return undefined
    const read = method === "GET"
    const limit = read ? this.settings.readsPerSecond : this.settings.writesPerSecond
    const id = `${read ? "r" : "w"}:${key}`
    const bucket = this.buckets.get(id) ?? { tokens: limit, lastMs: nowMs }
    bucket.tokens = Math.min(limit, bucket.tokens + (Math.max(0, nowMs - bucket.lastMs) * limit) / 1000)
    bucket.lastMs = nowMs
    this.buckets.set(id, bucket)
    const allowed = bucket.tokens >= 1
    if (allowed) bucket.tokens -= 1
    const fullAtMs = nowMs + ((limit - bucket.tokens) / limit) * 1000
    const retryAfterSeconds = allowed ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / limit))
    return {
      allowed,
      limit,
      retryAfterSeconds,
      headers: {
        "x-ratelimit-limit": String(limit),
        "x-ratelimit-remaining": String(Math.floor(bucket.tokens)),
        // Unix seconds at which the bucket is full again (Allo: "timestamp of window reset").
        "x-ratelimit-reset": String(Math.ceil(fullAtMs / 1000)),
        ...(allowed ? {} : { "retry-after": String(retryAfterSeconds) })
      }
    }
  }
}

/** The v1 daily quota: off, or a request limit per key and UTC day. */
export class DailyQuota {
  private readonly used = new Map<string, number>()
  constructor(public limit: number | false) {}

  clear(): void {
    this.used.clear()
  }

  /** Counts one request; `undefined` when allowed, else the seconds until the quota resets. */
  take(key: string, nowMs: number): number | undefined {
    if (this.limit === false) return undefined
    const day = Math.floor(nowMs / 86_400_000)
    const id = `${day}:${key}`
    const used = this.used.get(id) ?? 0
    if (used >= this.limit) return Math.ceil(((day + 1) * 86_400_000 - nowMs) / 1000)
    this.used.set(id, used + 1)
    return undefined
  }
}
