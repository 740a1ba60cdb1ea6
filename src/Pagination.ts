/**
 * Pages and page streams. Allo paginates two ways: v1 0-based with
 * `data.results` + `data.metadata` (flat on calls, nested under `pagination`
 * elsewhere), v2 1-based with a `pagination` sibling of `data`. Both become a
 * {@link Page}, and every paginated endpoint also gets a lazy `Stream` of its
 * items.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import type { WithalloError } from "./WithalloError.js"

/** One page of a list, as the API numbered it (v1 from 0, v2 from 1). */
export interface Page<A> {
  readonly items: ReadonlyArray<A>
  readonly page: number
  readonly totalPages: number
  /** Only v2 reports a total count. */
  readonly totalCount?: number
  readonly hasMore: boolean
}

/** Options every `stream…` method takes. */
export interface StreamOptions {
  /** Items per request, 1–100. Default 100 (the API's maximum: fewest requests). */
  readonly pageSize?: number | undefined
  /** Pages fetched ahead once the page count is known. Default 4. */
  readonly concurrency?: number | undefined
}

type V1Envelope<A> = {
  readonly data: {
    readonly results?: ReadonlyArray<A> | null
    readonly metadata?: {
      readonly total_pages?: number
      readonly current_page?: number
      readonly pagination?: { readonly total_pages: number; readonly current_page: number } | null
    } | null
  }
}

type V2Envelope<A> = {
  readonly data?: ReadonlyArray<A> | null
  readonly pagination?: {
    readonly page: number
    readonly total_count: number
    readonly total_pages: number
    readonly has_more: boolean
  } | null
}

/**
 * Reads a v1 page. Missing metadata or results mean an empty last page; v1
 * has no `has_more`, so a page is the last when `current_page + 1 >= total_pages`.
 */
export const fromV1 = <A>(envelope: V1Envelope<A>, requestedPage: number): Page<A> => {
  const items = envelope.data.results ?? []
  const meta = envelope.data.metadata
  const numbers = meta?.pagination ?? meta
  const page = numbers?.current_page ?? requestedPage
  const totalPages = numbers?.total_pages ?? (items.length === 0 ? page : page + 1)
  return { items, page, totalPages, hasMore: items.length > 0 && page + 1 < totalPages }
}

/** Reads a v2 page; `has_more` wins, else the page count decides. */
export const fromV2 = <A>(envelope: V2Envelope<A>, requestedPage: number): Page<A> => {
  const items = envelope.data ?? []
  const p = envelope.pagination
  const page = p?.page ?? requestedPage
  const totalPages = p?.total_pages ?? page
  const hasMore = items.length > 0 && (p?.has_more ?? page < totalPages)
  return p?.total_count === undefined
    ? { items, page, totalPages, hasMore }
    : { items, page, totalPages, totalCount: p.total_count, hasMore }
}

/** What {@link pageStream} needs to walk a list. */
export interface PageStreamConfig<A> {
  /** The API's first page number: 0 for v1, 1 for v2. */
  readonly firstPage: number
  readonly fetch: (page: number) => Effect.Effect<Page<A>, WithalloError>
  readonly concurrency: number
  /** Identity used to drop a record that a shifting list shows twice. */
  readonly idOf: (item: A) => string | undefined
}

/**
 * All items of a list, lazily. The first page tells the page count; the
 * following pages are fetched ahead (at most `concurrency` at a time) and
 * emitted in order. Each page request is retried on its own by the client.
 *
 * Allo's lists are newest first, so a record arriving mid-export pushes every
 * other record one place down: the next page then starts with the last records
 * of the previous one. Those repeats are dropped by remembering the ids of the
 * last two pages only, so memory does not grow with the length of the list.
 * If the list grows past the page count read at the start, the stream keeps
 * going page by page until the API says there is no more.
 *
 * Fetching ahead means a page can be answered before the page that precedes
 * it. Had the list grown between those two answers, the records pushed across
 * the boundary would be on neither page. A growth shows itself as repeats at
 * the start of the first page answered after it; so once a page brings
 * repeats, every page answered before that one and not yet emitted is fetched
 * again before it is emitted (its own repeats are then dropped as above).
 * Nothing is lost, at the price of extra requests only while the list grows.
 */
export const pageStream = <A>(config: PageStreamConfig<A>): Stream.Stream<A, WithalloError> =>
  Stream.unwrap(Effect.map(config.fetch(config.firstPage), (first) => {
    let answered = 0
    const fetchNumbered = (n: number) =>
      Effect.map(config.fetch(n), (page): Numbered<A> => ({ page, seq: ++answered, n }))
    const fresh = freshItems(config.idOf)
    // Answer number of the latest page that showed the list had grown.
    let grewBy = -1
    let last = first
    const settle = (numbered: Numbered<A>) =>
      Effect.map(
        numbered.seq < grewBy ? fetchNumbered(numbered.n) : Effect.succeed(numbered),
        (settled): Emitted<A> => {
          const { items, repeats } = fresh(settled.page)
          if (repeats > 0 && settled.seq > grewBy) grewBy = settled.seq
          if (settled.page.page >= last.page) last = settled.page
          return { page: settled.page, items }
        }
      )
    const ahead: Stream.Stream<Emitted<A>, WithalloError> = first.hasMore
      ? Stream.range(config.firstPage + 1, lastIndex(first, config.firstPage)).pipe(
        Stream.mapEffect(fetchNumbered, { concurrency: Math.max(1, config.concurrency) }),
        Stream.mapEffect(settle),
        Stream.takeUntil((emitted) => !emitted.page.hasMore)
      )
      : Stream.empty
    const rest: Stream.Stream<Emitted<A>, WithalloError> = Stream.suspend(() =>
      last.hasMore && last.page + 1 > lastIndex(first, config.firstPage)
        ? Stream.paginate(last.page + 1, (n: number) =>
          Effect.map(Effect.flatMap(fetchNumbered(n), settle), (emitted) =>
            [[emitted], emitted.page.hasMore ? Option.some(n + 1) : Option.none<number>()] as const))
        : Stream.empty
    )
    return Stream.fromEffect(settle({ page: first, seq: 0, n: config.firstPage })).pipe(
      Stream.concat(ahead),
      Stream.concat(rest),
      Stream.map((emitted) => emitted.items),
      Stream.flattenIterable
    )
  }))

/** A page's items once repeats are dropped. */
interface Emitted<A> {
  readonly page: Page<A>
  readonly items: ReadonlyArray<A>
}

/** A page with the order its answer arrived in. */
interface Numbered<A> {
  readonly page: Page<A>
  readonly seq: number
  readonly n: number
}

/** Index of the last page as reported by the first page. */
const lastIndex = (page: Page<unknown>, firstPage: number): number => firstPage + page.totalPages - 1

/**
 * Drops records already emitted in the previous two pages. Repeats within one
 * page are kept: they are distinct records whose identities collide.
 */
const freshItems = <A>(idOf: (item: A) => string | undefined) => {
  let previous = new Set<string>()
  let current = new Set<string>()
  return (page: Page<A>): { readonly items: ReadonlyArray<A>; readonly repeats: number } => {
    const seen = new Set<string>()
    let out: Array<A> | undefined
    let repeats = 0
    let i = -1
    for (const item of page.items) {
      i++
      const id = idOf(item)
      if (id !== undefined && (previous.has(id) || current.has(id))) {
        out ??= page.items.slice(0, i)
        repeats++
        continue
      }
      if (id !== undefined) seen.add(id)
      out?.push(item)
    }
    previous = current
    current = seen
    return { items: out ?? page.items, repeats }
  }
}
