/**
 * Remembering which `webhook-id`s were handled. Allo delivers at least once
 * and retries a message for about 27.5 hours, with the same `webhook-id`
 * every time; a receiver runs each id's handler once within
 * {@link DEFAULT_RETENTION} (48 h), whichever store remembers.
 *
 * A store answers one question atomically: may this delivery run? It claims
 * the id (in flight), and the receiver then marks it done, or releases it
 * when the handler failed so Allo's redelivery runs it again.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type * as KeyValueStore from "effect/persistence/KeyValueStore"
import * as Schema from "effect/Schema"
import * as Semaphore from "effect/Semaphore"

/**
 * What a store says about an id:
 * - `"claimed"`: this delivery owns the id now and should run;
 * - `"in-flight"`: another delivery of the same id is running;
 * - `"done"`: the id was handled already.
 */
export type DedupeClaim = "claimed" | "in-flight" | "done"

/** A dedupe store could not be read or written (e.g. its backing `KeyValueStore` failed). */
export class WebhookDedupeError extends Schema.TaggedError<WebhookDedupeError>()("WebhookDedupeError", {
  message: Schema.String,
  cause: Schema.Defect()
}) {}

/**
 * Where handled ids live. Implement it over any store with a TTL to share
 * deduplication between server instances; {@link fromKeyValueStore} adapts
 * effect's `KeyValueStore`.
 */
export interface WebhookDedupeStore {
  /** Claims `id` for this delivery unless it is in flight or done. Must be atomic for one id. */
  readonly claim: (id: string) => Effect.Effect<DedupeClaim, WebhookDedupeError>
  /** Marks a claimed id as handled. */
  readonly complete: (id: string) => Effect.Effect<void, WebhookDedupeError>
  /** Forgets a claimed id whose handler failed, so a redelivery runs it again. */
  readonly release: (id: string) => Effect.Effect<void, WebhookDedupeError>
}

/** Options of {@link memory}. */
export interface MemoryOptions {
  /** Most ids remembered; the least recently seen are forgotten first. Default 10,000. */
  readonly capacity?: number | undefined
  /** How long a handled id is remembered. Default {@link DEFAULT_RETENTION} (48 hours). */
  readonly ttl?: Duration.Input | undefined
}

/**
 * How long every dedupe store (in memory, over a `KeyValueStore`, in Redis)
 * remembers a handled `webhook-id` by default: 48 hours. Allo retries a
 * message for about 27.5 hours; the margin covers clock skew, queueing on
 * Allo's side and a receiver that was down when the last retry came. One
 * constant, so a store change never changes how long duplicates are caught.
 */
export const DEFAULT_RETENTION: Duration.Duration = Duration.hours(48)

/** The same as {@link DEFAULT_RETENTION} (the name the in-memory store's option `ttl` goes with). */
export const DEFAULT_TTL: Duration.Duration = DEFAULT_RETENTION

interface Entry {
  readonly state: "in-flight" | "done"
  readonly at: number
}

/**
 * An in-process store: a bounded LRU of ids with a retention window, timed
 * by `Clock`. The default for a receiver; use a shared store when several
 * instances receive the same endpoint.
 */
export const memory = (options: MemoryOptions = {}): WebhookDedupeStore => {
  const capacity = Math.max(1, options.capacity ?? 10_000)
  const ttlMillis = Duration.toMillis(Duration.fromInputUnsafe(options.ttl ?? DEFAULT_RETENTION))
  // A Map iterates in insertion order: re-inserting on use makes it an LRU.
  const entries = new Map<string, Entry>()
  const touch = (id: string, entry: Entry) => {
    entries.delete(id)
    entries.set(id, entry)
    while (entries.size > capacity) {
      const oldest = entries.keys().next()
      if (oldest.done === true) break
      entries.delete(oldest.value)
    }
  }
  return {
    claim: (id) =>
      Effect.map(Clock.currentTimeMillis, (now): DedupeClaim => {
        const entry = entries.get(id)
        if (entry?.state === "in-flight") return "in-flight"
        if (entry?.state === "done" && now - entry.at < ttlMillis) {
          touch(id, entry)
          return "done"
        }
        touch(id, { state: "in-flight", at: now })
        return "claimed"
      }),
    complete: (id) => Effect.map(Clock.currentTimeMillis, (now) => touch(id, { state: "done", at: now })),
    release: (id) =>
      Effect.sync(() => {
        entries.delete(id)
      })
  }
}

/** Options of {@link fromKeyValueStore}. */
export interface KeyValueStoreOptions {
  /** How long a handled id counts as done. Default {@link DEFAULT_RETENTION} (48 hours). */
  readonly ttl?: Duration.Input | undefined
  /**
   * How long a claim by a delivery still running (maybe on another instance)
   * blocks duplicates. After it, the claim is treated as abandoned (that
   * instance crashed) and the id may run again. Default 2 minutes.
   */
  readonly inFlightTimeout?: Duration.Input | undefined
  /** Key prefix. Default `"withallo-webhook:"`. */
  readonly prefix?: string | undefined
}

const parseEntry = (value: string | undefined): Entry | undefined => {
  if (value === undefined) return undefined
  const [state, at] = value.split(":")
  const millis = Number(at)
  if ((state !== "in-flight" && state !== "done") || !Number.isFinite(millis)) return undefined
  return { state, at: millis }
}

/**
 * A store backed by effect's `KeyValueStore` (memory, file system, SQL,
 * Redis, browser storage…), so instances sharing that store share
 * deduplication. Values are `"done:<millis>"` / `"in-flight:<millis>"`.
 *
 * `KeyValueStore` has no compare-and-set: claims are atomic within one
 * process (serialised here) but two instances claiming the same id in the
 * same instant can both win. `KeyValueStore` has no expiry either: entries
 * past `ttl` are ignored and overwritten, not deleted; give the backing store
 * its own expiry (e.g. a Redis TTL) if it must not grow.
 */
export const fromKeyValueStore = (
  store: KeyValueStore.KeyValueStore,
  options: KeyValueStoreOptions = {}
): WebhookDedupeStore => {
  const ttlMillis = Duration.toMillis(Duration.fromInputUnsafe(options.ttl ?? DEFAULT_RETENTION))
  const inFlightMillis = Duration.toMillis(Duration.fromInputUnsafe(options.inFlightTimeout ?? Duration.minutes(2)))
  const prefix = options.prefix ?? "withallo-webhook:"
  const lock = Semaphore.makeUnsafe(1)
  const storeError = (operation: string) => (cause: unknown) =>
    new WebhookDedupeError({ message: `WebhookDedupe: KeyValueStore ${operation} failed`, cause })
  const write = (id: string, state: Entry["state"]) =>
    Clock.currentTimeMillis.pipe(
      Effect.flatMap((now) => store.set(prefix + id, `${state}:${now}`)),
      Effect.mapError(storeError("set"))
    )
  return {
    claim: (id) =>
      lock.withPermits(1)(Effect.gen(function*() {
        const entry = parseEntry(yield* Effect.mapError(store.get(prefix + id), storeError("get")))
        const now = yield* Clock.currentTimeMillis
        if (entry?.state === "done" && now - entry.at < ttlMillis) return "done" as const
        if (entry?.state === "in-flight" && now - entry.at < inFlightMillis) return "in-flight" as const
        yield* write(id, "in-flight")
        return "claimed" as const
      })),
    complete: (id) => write(id, "done"),
    release: (id) => Effect.mapError(store.remove(prefix + id), storeError("remove"))
  }
}
