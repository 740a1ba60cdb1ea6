/**
 * The live feed's hub on the server: the webhook receiver publishes each
 * verified delivery here, and every signed-in browser's feed subscribes.
 * The last deliveries are kept, so a browser that reconnects with the id of
 * the last event it received (`Last-Event-ID`) is sent what it missed. Ids
 * are Allo's `webhook-id`s: a delivery already in the feed is not published
 * twice.
 *
 * One hub per server process: behind several instances, each browser sees
 * the deliveries that reached the instance it is connected to.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Queue from "effect/Queue"
import type * as Scope from "effect/Scope"
import * as Stream from "effect/Stream"
import { topics, type WebhookEvent } from "../schema/WebhookEvent.js"
import type { WebhookDelivery, WebhookHandlers } from "../webhooks/receiver.js"

/** One published delivery. */
export interface FeedEntry {
  /** Allo's `webhook-id` (for v1 deliveries, which have none, one made up here). */
  readonly id: string
  readonly event: WebhookEvent
}

/** Options of {@link make}. */
export interface FeedOptions {
  /** Deliveries kept for reconnecting browsers. Default 1000. */
  readonly size?: number | undefined
}

/** A live feed hub. */
export interface WebhookFeed {
  /** Publishes a delivery to every subscriber; a `webhook-id` already in the feed is skipped. */
  readonly publish: (event: WebhookEvent, delivery: WebhookDelivery) => Effect.Effect<void>
  /**
   * Subscribes at once (until the scope closes): the stream has every
   * delivery from now on, preceded by those after `lastEventId` when it
   * names a kept one, or by every kept one when it names none (the browser
   * skips ids it has already seen). Without `lastEventId`: from now on only.
   */
  readonly subscribe: (lastEventId: string | undefined) => Effect.Effect<Stream.Stream<FeedEntry>, never, Scope.Scope>
  /** Receiver handlers that publish every topic, for `WebhookReceiver.make({ handlers: feed.handlers })`. */
  readonly handlers: WebhookHandlers<never>
}

/**
 * Builds a feed hub.
 *
 * @example
 * ```ts
 * const feed = WebhookFeed.make()
 * const receiver = WebhookReceiver.make({ secret, handlers: feed.handlers, onUnknown: feed.publish })
 * ```
 */
export const make = (options: FeedOptions = {}): WebhookFeed => {
  const size = Math.max(1, Math.floor(options.size ?? 1000))
  const kept: Array<FeedEntry> = []
  const ids = new Set<string>()
  const listeners = new Set<(entry: FeedEntry) => void>()

  const publish = (event: WebhookEvent, delivery: WebhookDelivery): Effect.Effect<void> =>
    Effect.sync(() => {
      const id = delivery.id ?? `local-${globalThis.crypto.randomUUID()}`
      if (ids.has(id)) return
      const entry: FeedEntry = { id, event }
      kept.push(entry)
      ids.add(id)
      while (kept.length > size) {
        const dropped = kept.shift()
        if (dropped !== undefined) ids.delete(dropped.id)
      }
      for (const listener of listeners) listener(entry)
    })

  const missed = (lastEventId: string | undefined): ReadonlyArray<FeedEntry> => {
    if (lastEventId === undefined) return []
    const index = kept.findIndex((entry) => entry.id === lastEventId)
    return index === -1 ? kept.slice() : kept.slice(index + 1)
  }

  const subscribe = (lastEventId: string | undefined): Effect.Effect<Stream.Stream<FeedEntry>, never, Scope.Scope> =>
    Effect.gen(function*() {
      const queue = yield* Queue.unbounded<FeedEntry>()
      // Replay and registration happen in one synchronous step: no delivery
      // can fall between the two.
      yield* Effect.acquireRelease(
        Effect.sync(() => {
          for (const entry of missed(lastEventId)) Queue.offerUnsafe(queue, entry)
          const listener = (entry: FeedEntry) => {
            Queue.offerUnsafe(queue, entry)
          }
          listeners.add(listener)
          return listener
        }),
        (listener) => Effect.sync(() => listeners.delete(listener))
      )
      return Stream.fromQueue(queue)
    })

  const handlers: { -readonly [T in keyof WebhookHandlers<never>]: WebhookHandlers<never>[T] } = {}
  for (const topic of topics) handlers[topic] = publish

  return { publish, subscribe, handlers }
}
