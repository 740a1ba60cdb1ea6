/**
 * Where the client's pacing keeps its budget. By default each client layer
 * paces itself in memory; a shared store (e.g. on Redis) spreads one API
 * key's budget over several processes, since Allo counts per key.
 *
 * @since 0.1.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import { makeMemoryPacer, type Pacer, type PacerLimits } from "./pacer.js"

export type { Pacer, PacerLimits, RequestKind } from "./pacer.js"

/** What a store needs to build the pacer of one client. */
export interface PacerOptions {
  readonly limits: PacerLimits
  /**
   * A stable, non-secret identity of the API key (a SHA-256 prefix): shared
   * stores key their budget by it, never by the key itself. Computed on
   * demand (Web Crypto is asynchronous), so the in-memory store never waits on it.
   */
  readonly keyId: Effect.Effect<string>
}

/** Builds the pacer a client layer uses. */
export interface RateLimitStore {
  readonly make: (options: PacerOptions) => Effect.Effect<Pacer, never, Scope.Scope>
}

/** The in-memory store: every client layer paces itself. */
export const memory: RateLimitStore = {
  make: ({ limits }) => Effect.sync(() => makeMemoryPacer(limits))
}

/**
 * The store client layers use; override it with `Layer.succeed(RateLimitStore, …)`
 * (for instance a Redis-backed store) to share one key's budget.
 */
export const RateLimitStore = Context.Reference<RateLimitStore>("effect-withallo/RateLimitStore", {
  defaultValue: () => memory
})

/** A short SHA-256 of the API key: an identity that reveals nothing about the key. */
export const keyIdOf = (apiKey: string): Effect.Effect<string> =>
  Effect.promise(async () => {
    const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(apiKey))
    return Array.from(new Uint8Array(digest).subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("")
  })
