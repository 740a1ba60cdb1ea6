/**
 * The provider and the hooks: each hook reads one atom of the provider's
 * store through `useSyncExternalStore` and writes commands to it. Loading
 * and errors are values in what a hook returns; nothing is thrown.
 *
 * @since 0.2.0
 */
import * as React from "react"
import type * as Layer from "effect/Layer"
import * as AsyncResult from "effect/reactivity/AsyncResult"
import * as Atom from "effect/reactivity/Atom"
import type { LiveFeedOptions } from "../browser/liveFeed.js"
import type { Call } from "../schema/Call.js"
import type { ConversationItem } from "../schema/ConversationItem.js"
import type { Me } from "../schema/Me.js"
import type { SentSms } from "../schema/Sms.js"
import type { WebhookEvent } from "../schema/WebhookEvent.js"
import type { Calls } from "../services/Calls.js"
import type { Conversations } from "../services/Conversations.js"
import type { Sms } from "../services/Sms.js"
import type { PagedAtom } from "./paged.js"
import * as State from "./state.js"
import * as Store from "./store.js"

const StoreContext = React.createContext<Store.WithalloStore | undefined>(undefined)

/** Props of {@link WithalloProvider}: where the browser server is, or a ready layer or store. */
export type WithalloProviderProps =
  & { readonly children?: React.ReactNode; readonly feedSize?: number | undefined }
  & (
    | (LiveFeedOptions & { readonly layer?: undefined; readonly store?: undefined })
    | { readonly layer: Layer.Layer<Store.StoreServices>; readonly store?: undefined }
    | { readonly store: Store.WithalloStore; readonly layer?: undefined }
  )

/**
 * Provides the hooks with the SDK's services over the app's browser server
 * (`url`, and `headers`/`credentials` as the server's `authorize` expects),
 * or over a given layer (a test's fake) or store.
 *
 * @example
 * ```tsx
 * <WithalloProvider url="/api/withallo">
 *   <CallHistory />
 * </WithalloProvider>
 * ```
 */
export const WithalloProvider = (props: WithalloProviderProps): React.ReactElement => {
  const [store] = React.useState(() =>
    props.store ?? Store.make(props.layer ?? Store.browserLayer(props), { feedSize: props.feedSize })
  )
  return React.createElement(StoreContext.Provider, { value: store }, props.children)
}

/** The provider's store (registry and atoms), for reading other atoms. */
export const useWithalloStore = (): Store.WithalloStore => {
  const store = React.useContext(StoreContext)
  if (store === undefined) throw new Error("effect-withallo/react: hooks must be used inside <WithalloProvider>")
  return store
}

/** An atom's value, kept current (the atom stays mounted while the component is). */
export const useAtomValue = <A>(atom: Atom.Atom<A>): A => {
  const { registry } = useWithalloStore()
  const subscribe = React.useCallback((onChange: () => void) => registry.subscribe(atom, onChange), [registry, atom])
  const snapshot = React.useCallback(() => registry.get(atom), [registry, atom])
  return React.useSyncExternalStore(subscribe, snapshot, snapshot)
}

/** Options of the paged hooks. */
export interface PagedOptions {
  /**
   * Load the pages shown again when a live-feed event concerns the list (a
   * call for `useCalls`; a call or a text for `useConversationItems`), or
   * when this predicate accepts one; `false` for no live refresh. Default `true`.
   */
  readonly live?: boolean | ((event: WebhookEvent) => boolean) | undefined
}

const usePaged = <A>(atom: PagedAtom<A>, live: PagedOptions["live"], concerns: (event: WebhookEvent) => boolean) => {
  const store = useWithalloStore()
  const { registry } = store
  const result = useAtomValue(atom)
  React.useEffect(() => {
    if (AsyncResult.isInitial(registry.get(atom))) registry.set(atom, "load")
  }, [registry, atom])
  const predicate = live === false ? undefined : typeof live === "function" ? live : concerns
  const predicateRef = React.useRef(predicate)
  React.useEffect(() => {
    predicateRef.current = predicate
  })
  const enabled = predicate !== undefined
  React.useEffect(() => {
    if (!enabled) return
    let newest: string | undefined
    let primed = false
    return registry.subscribe(store.feed, (feed) => {
      const events = State.feedView(feed, undefined).events
      const fresh = primed ? State.newerThan(events, newest) : []
      primed = true
      newest = events[0]?.id ?? newest
      const accepts = predicateRef.current
      if (accepts !== undefined && fresh.some((e) => accepts(e.event))) registry.set(atom, "refresh")
    }, { immediate: true })
  }, [registry, store.feed, atom, enabled])
  return React.useMemo(
    () => State.pagedState(result, { more: () => registry.set(atom, "more"), refresh: () => registry.set(atom, "refresh") }),
    [result, registry, atom]
  )
}

/** An Allo number's call history: the first page, `loadMore`, and live refresh from the feed. */
export const useCalls = (params: Calls.SearchParams, options: PagedOptions = {}): State.PagedState<Call> => {
  const store = useWithalloStore()
  return usePaged(store.calls(params), options.live, State.isCallEvent)
}

/** Calls and texts matching the filters: the first page, `loadMore`, and live refresh from the feed. */
export const useConversationItems = (
  params: Conversations.SearchItemsParams = {},
  options: PagedOptions = {}
): State.PagedState<ConversationItem> => {
  const store = useWithalloStore()
  return usePaged(store.conversationItems(params), options.live, State.isItemEvent)
}

/** Sending texts: `run(params)`, and its status, result or typed error. */
export const useSendSms = (): State.MutationState<Sms.SendParams, SentSms> => {
  const store = useWithalloStore()
  const [atom] = React.useState(() => store.sendSms())
  const result = useAtomValue(atom)
  return React.useMemo(
    () =>
      State.mutationState(
        result,
        (params: Sms.SendParams) => store.registry.set(atom, params),
        () => store.registry.set(atom, Atom.Reset)
      ),
    [result, store.registry, atom]
  )
}

/** The live feed of webhook deliveries (newest first), optionally filtered. */
export const useWebhookEvents = (options: { readonly filter?: ((event: WebhookEvent) => boolean) | undefined } = {}): State.FeedView => {
  const store = useWithalloStore()
  const result = useAtomValue(store.feed)
  const filter = options.filter
  return React.useMemo(() => State.feedView(result, filter), [result, filter])
}

/** The API key's details (`Me.get`), as the server's key sees them. */
export const useMe = (): State.QueryState<Me> => {
  const store = useWithalloStore()
  const result = useAtomValue(store.me)
  return React.useMemo(() => State.queryState(result, () => store.registry.refresh(store.me)), [result, store])
}
