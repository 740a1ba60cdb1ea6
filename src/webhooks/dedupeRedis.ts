/**
 * Webhook deduplication shared by every receiver on one Redis. Behind a load
 * balancer, Allo's redelivery of a message can reach a different replica
 * than the first delivery; with this store, a `webhook-id` handled by any
 * replica is not run again by another within the retention window.
 *
 * Each id is one Redis key, changed only by atomic commands:
 * - claim: `SET key inflight:<token> NX PX <inFlightTimeout>` (a Lua script
 *   that also reads the current state when the key exists);
 * - success: `SET key done PX <retention>`;
 * - failure: delete the key if it still holds this delivery's claim, so
 *   Allo's redelivery runs the handler again.
 *
 * Fails closed: when Redis cannot be reached (or takes longer than
 * `timeout`), the claim fails with `WebhookDedupeError` and the receiver
 * answers 500 without running the handler. Allo redelivers later, so an
 * outage delays events but never runs a handler twice. A failure to record
 * success after the handler ran is only logged (the delivery is still
 * acknowledged): the claim then expires after `inFlightTimeout`.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { WebhookDedupeRedis, WebhookReceiver } from "effect-withallo"
 *
 * const program = Effect.gen(function*() {
 *   const dedupe = yield* WebhookDedupeRedis.make()
 *   const receiver = WebhookReceiver.make({ secret, handlers, dedupe })
 *   // serve receiver …
 * }) // provide NodeRedis.layer({ url }) from @effect/platform-node
 * ```
 *
 * @since 0.1.0
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Redis from "effect/persistence/Redis"
import * as Dedupe from "./dedupe.js"
import { type DedupeClaim, WebhookDedupeError, type WebhookDedupeStore } from "./dedupe.js"

/** Options of {@link make} and {@link fromRedis}. */
export interface RedisOptions {
  /**
   * How long a handled id is remembered. Default `WebhookDedupe.DEFAULT_RETENTION`
   * (48 hours, the same as the in-memory store): Allo retries a message for
   * about 27.5 hours, and a margin covers clock and queue delays.
   */
  readonly retention?: Duration.Input | undefined
  /**
   * How long a claim by a delivery still running (maybe on another replica)
   * blocks duplicates, which get 409 meanwhile. After it, the claim counts as
   * abandoned (that replica crashed) and the id may run again: keep it above
   * your handlers' longest run. Default 2 minutes.
   */
  readonly inFlightTimeout?: Duration.Input | undefined
  /**
   * Key prefix; ids live under `<prefix><webhook-id>`. Give each receiving
   * application its own prefix when several share one Redis (one message
   * sent to two endpoints carries the same `webhook-id`).
   * Default `"withallo:webhook:"`.
   */
  readonly prefix?: string | undefined
  /** Longest a Redis round trip may take before it counts as failed. Default 2 seconds. */
  readonly timeout?: Duration.Input | undefined
}

/** How long a handled id is remembered by default: `WebhookDedupe.DEFAULT_RETENTION`, one constant for every store. */
export const DEFAULT_RETENTION: Duration.Duration = Dedupe.DEFAULT_RETENTION

// Claims the id or reports its state, in one atomic step.
const claimScript = Redis.script(
  (key: string, value: string, inFlightMillis: number) => [key, value, inFlightMillis],
  {
    numberOfKeys: 1,
    lua: `
if redis.call("SET", KEYS[1], ARGV[1], "NX", "PX", ARGV[2]) then return "claimed" end
if redis.call("GET", KEYS[1]) == "done" then return "done" end
return "in-flight"
`
  }
).withReturnType<DedupeClaim>()

// Deletes the key only while it still holds this delivery's claim: a claim
// that expired and was taken over, or an id since marked done, is left alone.
const releaseScript = Redis.script((key: string, value: string) => [key, value], {
  numberOfKeys: 1,
  lua: `
if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end
return 0
`
}).withReturnType<number>()

/**
 * A dedupe store over the given `Redis` service. Use {@link make} to take
 * it from the context.
 */
export const fromRedis = (redis: Redis.Redis["Service"], options: RedisOptions = {}): WebhookDedupeStore => {
  const retentionMillis = Duration.toMillis(Duration.fromInputUnsafe(options.retention ?? DEFAULT_RETENTION))
  const inFlightMillis = Duration.toMillis(Duration.fromInputUnsafe(options.inFlightTimeout ?? Duration.minutes(2)))
  const timeout = Duration.fromInputUnsafe(options.timeout ?? Duration.seconds(2))
  const prefix = options.prefix ?? "withallo:webhook:"
  const claim = redis.eval(claimScript)
  const release = redis.eval(releaseScript)
  // This process's claims, so a release deletes only its own.
  const claims = new Map<string, string>()

  const guard = (operation: string) => <A>(effect: Effect.Effect<A, unknown>): Effect.Effect<A, WebhookDedupeError> =>
    effect.pipe(
      Effect.timeout(timeout),
      Effect.mapError((cause) => new WebhookDedupeError({ message: `WebhookDedupe: Redis ${operation} failed`, cause }))
    )

  return {
    claim: (id) => {
      const value = `inflight:${globalThis.crypto.randomUUID()}`
      return claim(prefix + id, value, Math.max(1, Math.round(inFlightMillis))).pipe(
        guard("claim"),
        Effect.tap((state) =>
          Effect.sync(() => {
            if (state === "claimed") claims.set(id, value)
          })
        )
      )
    },
    complete: (id) =>
      Effect.suspend(() => {
        claims.delete(id)
        return redis.send("SET", prefix + id, "done", "PX", String(Math.max(1, Math.round(retentionMillis))))
      }).pipe(guard("complete"), Effect.asVoid),
    release: (id) =>
      Effect.suspend(() => {
        const value = claims.get(id)
        claims.delete(id)
        return value === undefined ? Effect.void : Effect.asVoid(release(prefix + id, value))
      }).pipe(guard("release"))
  }
}

/**
 * A dedupe store on the `Redis` service in context (for instance
 * `NodeRedis.layer({ url })` from `@effect/platform-node`); pass it to
 * `WebhookReceiver.make({ dedupe })`.
 */
export const make = (options?: RedisOptions): Effect.Effect<WebhookDedupeStore, never, Redis.Redis> =>
  Effect.gen(function*() {
    return fromRedis(yield* Redis.Redis, options)
  })
