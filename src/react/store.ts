/**
 * The state behind the hooks, without React: one `AtomRegistry` and the
 * atoms of one provider, on an atom runtime built from the browser layer
 * (or any layer with the same services, such as a test's fake). The hooks
 * only read these atoms and write commands to them.
 *
 * @since 0.2.0
 */
import * as Layer from "effect/Layer"
import * as Stream from "effect/Stream"
import type * as AsyncResult from "effect/reactivity/AsyncResult"
import * as Atom from "effect/reactivity/Atom"
import * as AtomRegistry from "effect/reactivity/AtomRegistry"
import type * as Cause from "effect/Cause"
import * as Client from "../browser/client.js"
import { type FeedEvent, type FeedMessage, type FeedStatus, LiveFeed, type LiveFeedOptions } from "../browser/liveFeed.js"
import * as Feed from "../browser/liveFeed.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { Call } from "../schema/Call.js"
import type { ConversationItem } from "../schema/ConversationItem.js"
import type { Me as MeRecord } from "../schema/Me.js"
import type { SentSms } from "../schema/Sms.js"
import { Calls } from "../services/Calls.js"
import { Conversations } from "../services/Conversations.js"
import { Me } from "../services/Me.js"
import { Sms } from "../services/Sms.js"
import type { WithalloError } from "../WithalloError.js"
import * as Paged from "./paged.js"

/** What the hooks need from the layer. */
export type StoreServices = Calls | Conversations | Sms | Me | LiveFeed

/** The live feed as the hooks show it. */
export interface FeedState {
  readonly status: FeedStatus
  /** Newest first, at most `feedSize`. */
  readonly events: ReadonlyArray<FeedEvent>
}

/** Options of {@link make}. */
export interface StoreOptions {
  /** Live-feed events kept. Default 100. */
  readonly feedSize?: number | undefined
}

/** One provider's atoms and registry. */
export interface WithalloStore {
  readonly registry: AtomRegistry.AtomRegistry
  /** The live feed; mounted while something reads it (one connection for all readers). */
  readonly feed: Atom.Atom<AsyncResult.AsyncResult<FeedState, WithalloError | Cause.NoSuchElementError>>
  readonly me: Atom.Atom<AsyncResult.AsyncResult<MeRecord, WithalloError>>
  /** One atom per distinct parameters. */
  readonly calls: (params: Calls.SearchParams) => Paged.PagedAtom<Call>
  readonly conversationItems: (params: Conversations.SearchItemsParams) => Paged.PagedAtom<ConversationItem>
  /** A new send atom (one per form). */
  readonly sendSms: () => Atom.AtomResultFn<Sms.SendParams, SentSms, WithalloError>
  readonly dispose: () => void
}

const initialFeed: FeedState = { status: "connecting", events: [] }

const reduceFeed = (size: number) => (state: FeedState, message: FeedMessage): FeedState =>
  message._tag === "Status"
    ? { ...state, status: message.status }
    : { ...state, events: [message.event, ...state.events].slice(0, size) }

/** Parameters as a cache key: the same parameters share an atom. */
const keyOf = (params: object): string => JSON.stringify(params, Object.keys(params).sort())

const cached = <P extends object, A>(build: (params: P) => A) => {
  const atoms = new Map<string, A>()
  return (params: P): A => {
    const key = keyOf(params)
    const known = atoms.get(key)
    if (known !== undefined) return known
    const atom = build(params)
    atoms.set(key, atom)
    return atom
  }
}

/** Builds a store over any layer that provides the services. */
export const make = (layer: Layer.Layer<StoreServices>, options: StoreOptions = {}): WithalloStore => {
  const registry = AtomRegistry.make()
  const runtime = Atom.runtime(layer)
  const size = Math.max(1, Math.floor(options.feedSize ?? 100))
  const fn: Paged.FnFactory<StoreServices> = (f) => runtime.fn(f)

  const feed = runtime.atom(
    Stream.unwrap(LiveFeed.useSync((live) => live.messages)).pipe(Stream.scan(() => initialFeed, reduceFeed(size)))
  )
  const me = runtime.atom(Me.use((service) => service.get()))

  const calls = cached((params: Calls.SearchParams) =>
    Paged.make(fn, {
      firstPage: 0,
      fetch: (page) => Calls.use((service) => service.search({ ...params, page })),
      idOf: (call: Call) => call.id
    })
  )
  const conversationItems = cached((params: Conversations.SearchItemsParams) =>
    Paged.make(fn, {
      firstPage: 1,
      fetch: (page) => Conversations.use((service) => service.searchItems({ ...params, page })),
      idOf: (item: ConversationItem) => item.id
    })
  )
  const sendSms = () => runtime.fn((params: Sms.SendParams) => Sms.use((service) => service.send(params)))

  return { registry, feed, me, calls, conversationItems, sendSms, dispose: () => registry.dispose() }
}

/**
 * The services the hooks use, over the app's browser server, and the live
 * feed. Built fresh, on its own client (see `WithalloBrowser.layer`).
 */
export const browserLayer = (options: LiveFeedOptions): Layer.Layer<StoreServices> =>
  Layer.fresh(
    Layer.mergeAll(Calls.layer, Conversations.layer, Sms.layer, Me.layer).pipe(
      Layer.provide(Layer.succeed(WithalloClient, Client.client(options))),
      Layer.merge(Feed.layer(options))
    )
  )
