/**
 * One API key's budget shared by every process that uses it. Allo counts
 * requests per key (20 reads/s, 5 writes/s), not per process: three replicas
 * each pacing themselves to 20 reads/s send 60 and live on 429s. This store
 * keeps the pacing in Redis through effect's own `RateLimiter` (its Redis
 * store reserves slots atomically in a Lua script), so all replicas together
 * stay under the key's limit.
 *
 * If Redis stops answering, pacing falls back to the in-process pacer (and
 * logs one warning per outage) rather than stopping requests; it goes back
 * to Redis on its own once Redis answers again.
 *
 * @example
 * ```ts
 * import { Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "effect/http"
 * import { NodeRedis } from "@effect/platform-node"
 * import { SharedRateLimit, Withallo } from "effect-withallo"
 *
 * const live = Withallo.layer({ apiKey: Redacted.make(process.env.WITHALLO_API_KEY!) }).pipe(
 *   Layer.provide(SharedRateLimit.layerRedis()),
 *   Layer.provide(NodeRedis.layer({ url: process.env.REDIS_URL })),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as RateLimiter from "effect/persistence/RateLimiter"
import type * as Redis from "effect/persistence/Redis"
import * as Result from "effect/Result"
import { makeMemoryPacer, MAX_LEARNED_HOLD_MS, type Pacer, type RequestKind } from "./pacer.js"
import { type PacerOptions, RateLimitStore } from "./RateLimitStore.js"

/** Options of {@link layerRedis} and {@link makeRedis}. */
export interface RedisOptions {
  /**
   * Prefix of the Redis keys. The budget of one API key lives under
   * `<prefix><keyId>.read` and `<prefix><keyId>.write`, where `keyId` is a
   * SHA-256 prefix of the key (the key itself is never sent to Redis).
   * Default `"withallo:ratelimit:"`.
   */
  readonly prefix?: string | undefined
  /**
   * Longest a Redis round trip may take before this request is paced locally
   * instead. Default 500 milliseconds.
   */
  readonly timeout?: Duration.Input | undefined
  /**
   * After Redis failed, how long pacing stays local before Redis is tried
   * again (so an outage costs one `timeout`, not one per request).
   * Default 5 seconds.
   */
  readonly retryInterval?: Duration.Input | undefined
}

interface Settings {
  readonly prefix: string
  readonly timeout: Duration.Duration
  readonly retryIntervalMillis: number
}

/**
 * Builds the Redis-backed store from the `Redis` service in context (for
 * instance `NodeRedis.layer(...)` from `@effect/platform-node`).
 */
export const makeRedis = (options: RedisOptions = {}): Effect.Effect<RateLimitStore, never, Redis.Redis> =>
  Effect.gen(function*() {
    const settings: Settings = {
      prefix: options.prefix ?? "withallo:ratelimit:",
      timeout: Duration.fromInputUnsafe(options.timeout ?? Duration.millis(500)),
      retryIntervalMillis: Duration.toMillis(Duration.fromInputUnsafe(options.retryInterval ?? Duration.seconds(5)))
    }
    const store = yield* RateLimiter.makeStoreRedis({ prefix: settings.prefix })
    const limiter = yield* Effect.provideService(RateLimiter.make, RateLimiter.RateLimiterStore, store)
    return { make: (pacerOptions) => makeSharedPacer(limiter, pacerOptions, settings) }
  })

/**
 * Paces every client layer in this program through Redis, so that all
 * processes using one API key (and this layer on the same Redis) share that
 * key's budget. Needs `Redis.Redis`.
 *
 * @example
 * ```ts
 * Withallo.layer(options).pipe(
 *   Layer.provide(SharedRateLimit.layerRedis()),
 *   Layer.provide(NodeRedis.layer({ url: "redis://localhost:6379" })),
 *   Layer.provide(FetchHttpClient.layer)
 * )
 * ```
 */
export const layerRedis = (options?: RedisOptions): Layer.Layer<never, never, Redis.Redis> =>
  Layer.effect(RateLimitStore, makeRedis(options))

/**
 * One client's pacer. Each request reserves the next free slot of a token
 * bucket holding one token refilled every `1000 / rate` ms: the Lua script
 * hands out slots `1000 / rate` ms apart however many processes ask, so the
 * key's requests are spread evenly and no one-second window sees more than
 * the limit. The script reckons time by the callers' clocks: replicas on
 * different hosts need them in step (NTP keeps them within a few ms, far
 * below the 50 ms between reads).
 */
const makeSharedPacer = Effect.fnUntraced(function*(
  limiter: RateLimiter.RateLimiter,
  options: PacerOptions,
  settings: Settings
) {
  const keyId = yield* options.keyId
  const window = {
    read: Duration.millis(1000 / options.limits.readsPerSecond),
    write: Duration.millis(1000 / options.limits.writesPerSecond)
  }
  const local = makeMemoryPacer(options.limits)
  const heldUntil = { read: 0, write: 0 }
  // Redis is skipped until `localUntil`; `failedAt` > 0 while an outage is on.
  let localUntil = 0
  let failedAt = 0

  // `consume` then sleep (rather than `RateLimiter.sleep`) so the timeout
  // bounds the Redis round trip only, never the wait for the reserved slot.
  const reserve = (kind: RequestKind) =>
    limiter.consume({
      algorithm: "token-bucket",
      onExceeded: "delay",
      window: window[kind],
      limit: 1,
      // A dot, not a colon: effect's RateLimiter percent-encodes the key, and
      // `.` is the separator that reaches Redis unchanged.
      key: `${keyId}.${kind}`
    }).pipe(Effect.timeout(settings.timeout))

  const waitForHold = (kind: RequestKind) =>
    Effect.flatMap(Clock.currentTimeMillis, (now) => {
      const wait = heldUntil[kind] - now
      return wait > 0 ? Effect.sleep(Duration.millis(wait)) : Effect.void
    })

  const take = (kind: RequestKind): Effect.Effect<void> =>
    Effect.gen(function*() {
      yield* waitForHold(kind)
      const startedAt = yield* Clock.currentTimeMillis
      if (startedAt < localUntil) return yield* local.take(kind)
      const reserved = yield* Effect.result(reserve(kind))
      if (Result.isFailure(reserved)) {
        const now = yield* Clock.currentTimeMillis
        localUntil = now + settings.retryIntervalMillis
        if (failedAt === 0) {
          failedAt = now
          yield* Effect.logWarning(
            "SharedRateLimit: Redis unavailable; pacing this process on its own until it answers again",
            reserved.failure
          )
        }
        return yield* local.take(kind)
      }
      // Only a call started after the failure proves Redis is back (an older
      // one may have been answered just before the outage).
      if (failedAt !== 0 && startedAt > failedAt) {
        failedAt = 0
        yield* Effect.logInfo("SharedRateLimit: Redis answers again; pacing is shared again")
      }
      const delay = reserved.success.delay
      if (!Duration.isZero(delay)) yield* Effect.sleep(delay)
    })

  // What one response says about the server's window is known to this
  // process only; the hold is local (the shared bucket already keeps the
  // processes together under the limit).
  const learn = (kind: RequestKind, remaining: number, resetEpochSeconds: number): Effect.Effect<void> =>
    Effect.andThen(
      local.learn(kind, remaining, resetEpochSeconds),
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Effect.sync(() => {
          if (remaining > 0) return
          const until = Math.min(resetEpochSeconds * 1000, now + MAX_LEARNED_HOLD_MS)
          if (until > heldUntil[kind]) heldUntil[kind] = until
        }))
    )

  const pacer: Pacer = { take, learn }
  return pacer
})
