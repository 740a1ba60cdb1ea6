/**
 * The live feed in the browser: the server's webhook deliveries as a
 * `Stream`, read with `fetch` (so the app's headers go along and a refusal's
 * typed error can be read). A dropped connection is reopened with the id of
 * the last event received (`Last-Event-ID`), so the server sends what was
 * missed; ids already seen are skipped, so nothing shows twice. A refusal
 * (401, 403) or a server without a feed (404) ends the stream with its
 * typed error; anything else reconnects,
 * waiting 0.5 s, then twice as long each time up to 10 s.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Data from "effect/Data"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Result from "effect/Result"
import * as Stream from "effect/Stream"
import { decodeResult, type WebhookEvent } from "../webhooks/decode.js"
import { ServerError, type WithalloError } from "../WithalloError.js"
import { type BrowserOptions, headersOf, routeUrl } from "./client.js"
import { decodeError, EVENTS_PATH, READY_EVENT, readReply, WEBHOOK_EVENT } from "./protocol.js"
import { makeParser } from "./sse.js"

/** One delivery on the feed. */
export interface FeedEvent {
  /** Allo's `webhook-id`. */
  readonly id: string
  readonly event: WebhookEvent
}

/** Where the connection stands. */
export type FeedStatus = "connecting" | "open" | "reconnecting"

/** What the feed stream emits: status changes and deliveries, in order. */
export type FeedMessage =
  | { readonly _tag: "Status"; readonly status: FeedStatus }
  | { readonly _tag: "Event"; readonly event: FeedEvent }

/** Options of {@link layer}. */
export interface LiveFeedOptions extends BrowserOptions {
  /** First wait before reconnecting. Default 0.5 seconds. */
  readonly reconnectDelay?: Duration.Input | undefined
  /** Longest wait before reconnecting. Default 10 seconds. */
  readonly maxReconnectDelay?: Duration.Input | undefined
}

/** The live feed service: each run of `messages` opens its own connection. */
export class LiveFeed extends Context.Service<LiveFeed, {
  readonly messages: Stream.Stream<FeedMessage, WithalloError>
}>()("effect-withallo/browser/LiveFeed") {}

/** The connection ended or could not be opened; worth another try. */
class Dropped extends Data.TaggedError("Dropped")<{ readonly opened: boolean }> {}

/** Ids remembered to skip repeats: enough for any replay the server keeps. */
const REMEMBERED = 5000

const status = (s: FeedStatus): FeedMessage => ({ _tag: "Status", status: s })

/** The feed's messages, reconnecting as described above. */
export const messages = (options: LiveFeedOptions): Stream.Stream<FeedMessage, WithalloError> =>
  Stream.suspend(() => {
    const url = routeUrl(options.url, EVENTS_PATH)
    const fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
    const first = millisOf(options.reconnectDelay, 500)
    const max = Math.max(first, millisOf(options.maxReconnectDelay, 10_000))
    let lastEventId: string | undefined
    const seen = new Set<string>()
    const remember = (id: string) => {
      seen.add(id)
      if (seen.size > REMEMBERED) {
        const oldest = seen.values().next()
        if (oldest.done !== true) seen.delete(oldest.value)
      }
    }

    const fresh = (text: string, id: string | undefined): FeedMessage | undefined => {
      if (id === undefined || seen.has(id)) return undefined
      const decoded = decodeResult(text)
      // An event this version cannot read is skipped, not a reason to drop the feed.
      if (Result.isFailure(decoded)) return undefined
      remember(id)
      lastEventId = id
      return { _tag: "Event", event: { id, event: decoded.success } }
    }

    const open: Effect.Effect<Stream.Stream<FeedMessage, Dropped>, WithalloError | Dropped> = Effect.gen(function*() {
      const response = yield* Effect.tryPromise({
        try: (signal) =>
          fetch(url, {
            method: "GET",
            signal,
            credentials: options.credentials ?? "same-origin",
            headers: headersOf(options, {
              accept: "text/event-stream",
              ...(lastEventId === undefined ? {} : { "last-event-id": lastEventId })
            })
          }),
        catch: () => new Dropped({ opened: false })
      })
      if (response.status !== 200 || response.body === null) {
        const text = yield* Effect.tryPromise({ try: () => response.text(), catch: () => new Dropped({ opened: false }) })
        const answer = readReply(safeParse(text))
        const error = answer?._tag === "Failure" ? decodeError(answer.error) : undefined
        // The session or the permission is refused, or there is no feed:
        // reconnecting would not change that.
        if (error !== undefined && (response.status === 401 || response.status === 403)) return yield* Effect.fail(error)
        if (response.status === 404) {
          return yield* new ServerError({ operation: "LiveFeed", status: 404, message: `LiveFeed: no live feed at ${url}` })
        }
        return yield* new Dropped({ opened: false })
      }
      const body = response.body
      const parse = makeParser()
      const events = Stream.fromReadableStream({ evaluate: () => body, onError: () => new Dropped({ opened: true }) }).pipe(
        Stream.decodeText,
        Stream.flatMap((chunk) => Stream.fromIterable(parse(chunk))),
        Stream.filterMap((message) => {
          const out = message.event === READY_EVENT
            ? status("open")
            : message.event === WEBHOOK_EVENT
            ? fresh(message.data, message.id)
            : undefined
          return out === undefined ? Result.failVoid : Result.succeed(out)
        })
      )
      // The server never ends the feed: an end is a dropped connection.
      return Stream.concat(events, Stream.fail(new Dropped({ opened: true })))
    })

    const connect = (attempt: number): Stream.Stream<FeedMessage, WithalloError> =>
      Stream.unwrap(open).pipe(
        Stream.catchTag("Dropped", (dropped) => {
          const next = dropped.opened ? 0 : attempt + 1
          const wait = Math.min(max, first * 2 ** Math.max(0, next - 1))
          return Stream.concat(
            Stream.make(status("reconnecting")),
            Stream.unwrap(Effect.as(Effect.sleep(Duration.millis(wait)), connect(next)))
          )
        })
      )

    return Stream.concat(Stream.make(status("connecting")), connect(0))
  })

/** A duration option in milliseconds; one that cannot be read falls back to the default. */
const millisOf = (input: Duration.Input | undefined, fallback: number): number => {
  const duration = input === undefined ? undefined : Option.getOrUndefined(Duration.fromInput(input))
  const millis = duration === undefined ? fallback : Duration.toMillis(duration)
  return Number.isFinite(millis) && millis >= 0 ? millis : fallback
}

const safeParse = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** The live feed from the app's browser server. */
export const layer = (options: LiveFeedOptions): Layer.Layer<LiveFeed> =>
  Layer.succeed(LiveFeed, LiveFeed.of({ messages: messages(options) }))
