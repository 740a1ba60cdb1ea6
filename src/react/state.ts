/**
 * What the hooks return, read from the atoms' `AsyncResult`s: plain values
 * for loading and errors (never thrown), plus the commands. No React here,
 * so the reading is tested on its own.
 *
 * @since 0.2.0
 */
import * as Cause from "effect/Cause"
import * as Option from "effect/Option"
import * as AsyncResult from "effect/reactivity/AsyncResult"
import type { FeedEvent, FeedStatus } from "../browser/liveFeed.js"
import type { WebhookEvent } from "../schema/WebhookEvent.js"
import type { WithalloError } from "../WithalloError.js"
import type { PagedList } from "./paged.js"
import type { FeedState } from "./store.js"

const ERROR_TAGS: ReadonlySet<string> = new Set([
  "AuthenticationError",
  "ForbiddenError",
  "ValidationError",
  "NotFoundError",
  "ConflictError",
  "RateLimitError",
  "ServerError",
  "TransportError",
  "TimeoutError",
  "ResponseDecodeError"
])

/** Narrows a failure to the `WithalloError` union. */
export const isWithalloError = (u: unknown): u is WithalloError =>
  typeof u === "object" && u !== null && "_tag" in u && typeof u._tag === "string" && ERROR_TAGS.has(u._tag)

/** The typed error of a failed result, if it failed with one (a defect or an interruption has none). */
export const errorOf = <A, E>(result: AsyncResult.AsyncResult<A, E>): WithalloError | undefined => {
  if (!AsyncResult.isFailure(result)) return undefined
  const error = Cause.findErrorOption(result.cause)
  return Option.isSome(error) && isWithalloError(error.value) ? error.value : undefined
}

/** A paged list, as `useCalls` and `useConversationItems` return it. */
export interface PagedState<A> {
  /** What is loaded so far; kept while the next page loads or after it failed. */
  readonly items: ReadonlyArray<A>
  /** A page is loading (the first, the next, or a refresh). */
  readonly loading: boolean
  /** Why the last load failed, typed; cleared by the next success. */
  readonly error: WithalloError | undefined
  readonly hasMore: boolean
  /** Loads the next page (nothing while one is loading or when there is no more). */
  readonly loadMore: () => void
  /** Loads the pages shown again, from the first. */
  readonly refresh: () => void
  readonly result: AsyncResult.AsyncResult<PagedList<A>, WithalloError>
}

/** Reads a paged atom's result. */
export const pagedState = <A>(
  result: AsyncResult.AsyncResult<PagedList<A>, WithalloError>,
  commands: { readonly more: () => void; readonly refresh: () => void }
): PagedState<A> => {
  const list = Option.getOrUndefined(AsyncResult.value(result))
  const loading = AsyncResult.isInitial(result) || result.waiting
  const hasMore = list?.last.hasMore ?? false
  return {
    items: list?.items ?? [],
    loading,
    error: errorOf(result),
    hasMore,
    loadMore: () => {
      if (!loading && hasMore) commands.more()
    },
    refresh: commands.refresh,
    result
  }
}

/** A one-off operation (sending a text), as `useSendSms` returns it. */
export interface MutationState<P, A> {
  readonly status: "idle" | "pending" | "success" | "failure"
  /** The last success's value. */
  readonly data: A | undefined
  /** The last failure's typed error. */
  readonly error: WithalloError | undefined
  readonly run: (params: P) => void
  /** Back to `idle`. */
  readonly reset: () => void
  readonly result: AsyncResult.AsyncResult<A, WithalloError>
}

/** Reads a function atom's result. */
export const mutationState = <P, A>(
  result: AsyncResult.AsyncResult<A, WithalloError>,
  run: (params: P) => void,
  reset: () => void
): MutationState<P, A> => ({
  status: result.waiting
    ? "pending"
    : AsyncResult.isInitial(result)
    ? "idle"
    : AsyncResult.isSuccess(result)
    ? "success"
    : "failure",
  data: AsyncResult.isSuccess(result) ? result.value : undefined,
  error: result.waiting ? undefined : errorOf(result),
  run,
  reset,
  result
})

/** A value loaded once (the API key's details), as `useMe` returns it. */
export interface QueryState<A> {
  readonly data: A | undefined
  readonly loading: boolean
  readonly error: WithalloError | undefined
  readonly refresh: () => void
}

/** Reads an effect atom's result. */
export const queryState = <A>(result: AsyncResult.AsyncResult<A, WithalloError>, refresh: () => void): QueryState<A> => ({
  data: Option.getOrUndefined(AsyncResult.value(result)),
  loading: AsyncResult.isInitial(result) || result.waiting,
  error: errorOf(result),
  refresh
})

/** The live feed, as `useWebhookEvents` returns it. */
export interface FeedView {
  /** `closed` once the feed was refused (see `error`); it does not reconnect then. */
  readonly status: FeedStatus | "closed"
  /** Newest first. */
  readonly events: ReadonlyArray<FeedEvent>
  readonly error: WithalloError | undefined
}

/** Reads the feed atom's result, keeping only the events `filter` accepts. */
export const feedView = <E>(
  result: AsyncResult.AsyncResult<FeedState, E>,
  filter: ((event: WebhookEvent) => boolean) | undefined
): FeedView => {
  const state = Option.getOrUndefined(AsyncResult.value(result))
  const events = state?.events ?? []
  return {
    status: AsyncResult.isFailure(result) ? "closed" : state?.status ?? "connecting",
    events: filter === undefined ? events : events.filter((e) => filter(e.event)),
    error: errorOf(result)
  }
}

/** Events newer than `newest` (the id of the newest one already handled), newest first. */
export const newerThan = (events: ReadonlyArray<FeedEvent>, newest: string | undefined): ReadonlyArray<FeedEvent> => {
  const index = newest === undefined ? -1 : events.findIndex((e) => e.id === newest)
  return index === -1 ? events : events.slice(0, index)
}

/** Topics that change the call history. */
export const isCallEvent = (event: WebhookEvent): boolean => /^call\.|^CALL_/.test(event.topic)

/** Topics that change the conversation items (calls and texts). */
export const isItemEvent = (event: WebhookEvent): boolean => /^(call|sms)\.|^(CALL|SMS)_/.test(event.topic)
