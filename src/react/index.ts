/**
 * `effect-withallo/react`: a provider and hooks for browser apps, over the
 * app's `WithalloBrowserServer` (the API key stays on the server). Built on
 * effect's own reactivity (`Atom`, `AtomRegistry`), bound to React with
 * `useSyncExternalStore`.
 *
 * @since 0.2.0
 */
export {
  type PagedOptions,
  useAtomValue,
  useCalls,
  useConversationItems,
  useMe,
  useSendSms,
  useWebhookEvents,
  useWithalloStore,
  WithalloProvider,
  type WithalloProviderProps
} from "./hooks.js"
export type { FeedView, MutationState, PagedState, QueryState } from "./state.js"
export { isCallEvent, isItemEvent, isWithalloError } from "./state.js"
export type { PageCommand, PagedAtom, PagedList } from "./paged.js"
export { browserLayer, make as makeStore, type FeedState, type StoreOptions, type StoreServices, type WithalloStore } from "./store.js"
export type { FeedEvent, FeedStatus } from "../browser/liveFeed.js"
