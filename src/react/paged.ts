/**
 * A paged list as one atom: its value is the list loaded so far (an
 * `AsyncResult`, waiting while a page loads, failed with the typed error but
 * keeping what was loaded). Writing a command loads: `"load"` the first
 * page, `"more"` the next one, `"refresh"` as many pages as are shown,
 * again (a live event moved every record one place down).
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import type * as Scope from "effect/Scope"
import * as AsyncResult from "effect/reactivity/AsyncResult"
import type * as Atom from "effect/reactivity/Atom"
import type { AtomRegistry } from "effect/reactivity/AtomRegistry"
import type { Page } from "../Pagination.js"
import type { WithalloError } from "../WithalloError.js"

/** What a paged atom is told. */
export type PageCommand = "load" | "more" | "refresh"

/** The list loaded so far. */
export interface PagedList<A> {
  /** Every record of the pages loaded, in order, each once. */
  readonly items: ReadonlyArray<A>
  /** The last page loaded: whether there is more, the totals. */
  readonly last: Page<A>
  /** How many pages are loaded. */
  readonly pages: number
}

/** A paged list's atom. */
export type PagedAtom<A> = Atom.AtomResultFn<PageCommand, PagedList<A>, WithalloError>

/** How to read one list. */
export interface PagedSource<A, R> {
  /** The first page's number: 0 for v1 lists, 1 for v2. */
  readonly firstPage: number
  readonly fetch: (page: number) => Effect.Effect<Page<A>, WithalloError, R>
  /** A record's identity: a record pushed onto the next page by a new one is not shown twice. */
  readonly idOf: (item: A) => string
}

/** The runtime's `fn`, as this module uses it. */
export type FnFactory<R> = <Arg, A, E>(
  fn: (arg: Arg, get: Atom.FnContext) => Effect.Effect<A, E, R | Scope.Scope | AtomRegistry>
) => Atom.AtomResultFn<Arg, A, E>

const append = <A>(items: ReadonlyArray<A>, more: ReadonlyArray<A>, idOf: (item: A) => string): ReadonlyArray<A> => {
  const seen = new Set(items.map(idOf))
  return [...items, ...more.filter((item) => !seen.has(idOf(item)))]
}

/** Builds a paged list's atom on a runtime's `fn`. */
export const make = <A, R>(fn: FnFactory<R>, source: PagedSource<A, R>): PagedAtom<A> => {
  const first = Effect.map(source.fetch(source.firstPage), (page): PagedList<A> => ({ items: page.items, last: page, pages: 1 }))

  const more = (list: PagedList<A>): Effect.Effect<PagedList<A>, WithalloError, R> =>
    list.last.hasMore
      ? Effect.map(source.fetch(list.last.page + 1), (page) => ({
        items: append(list.items, page.items, source.idOf),
        last: page,
        pages: list.pages + 1
      }))
      : Effect.succeed(list)

  const reload = (pages: number): Effect.Effect<PagedList<A>, WithalloError, R> =>
    Effect.gen(function*() {
      let list = yield* first
      while (list.pages < pages && list.last.hasMore) list = yield* more(list)
      return list
    })

  return fn((command: PageCommand, get) =>
    Effect.suspend(() => {
      const current = Option.flatMap(get.self<AsyncResult.AsyncResult<PagedList<A>, WithalloError>>(), AsyncResult.value)
      if (Option.isNone(current) || command === "load") return first
      return command === "more" ? more(current.value) : reload(current.value.pages)
    })
  )
}
