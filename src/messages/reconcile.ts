/**
 * Settling an ambiguous send by looking the message up in Allo: the v2
 * conversation item search, newest first, for outbound texts to the
 * recipient (from the sender's number when there is one), back to shortly
 * before the request started; a text matches when its content has the
 * message's SHA-256.
 *
 * Allo's SMS response carries no item id, so a message settled by its 2xx
 * has none to exclude. When several log rows share number and text, the
 * match counts them: the found texts nobody is attributed to must outnumber
 * the log's other rows already known sent without an item id, else this one
 * is taken as not found. An item id is attributed to one row only (a unique
 * column), so two replicas can never both settle on the same text.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import type { Conversations } from "../services/Conversations.js"
import type { WithalloError } from "../WithalloError.js"
import { sha256Hex } from "./privacy.js"
import type { Row, Store, StoreFailure } from "./store.js"

/** What the lookup established. */
export type Lookup =
  | { readonly _tag: "Found"; readonly alloItemId: string }
  | { readonly _tag: "NotFound" }

/** Texts read at most per lookup (newest first), so one busy number cannot stall reconciliation. */
const MAX_ITEMS = 1000

const timeOf = (date: string): number => {
  const ms = Date.parse(date)
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms
}

/**
 * Looks `row` up in Allo. `clockSkewMs` widens the window before the request
 * started, for clocks that disagree.
 */
export const lookup = (
  conversations: Conversations.Service,
  store: Store,
  row: Row,
  clockSkewMs: number
): Effect.Effect<Lookup, WithalloError | StoreFailure> =>
  Effect.gen(function*() {
    const since = (row.sending_at ?? row.created_at).getTime() - clockSkewMs
    const items = yield* conversations.streamItems({
      contactNumber: row.to_number,
      alloNumber: row.from_number ?? undefined,
      type: "SMS",
      direction: "OUTBOUND",
      sort: "DATE_DESC",
      pageSize: 50,
      concurrency: 1
    }).pipe(
      Stream.takeWhile((item) => timeOf(item.date ?? "") >= since),
      Stream.take(MAX_ITEMS),
      Stream.runCollect
    )
    const matching: Array<{ readonly id: string; readonly ms: number }> = []
    for (const item of items) {
      if (item.direction !== "OUTBOUND" || item.content === null) continue
      if ((yield* Effect.promise(() => sha256Hex(item.content ?? ""))) === row.body_sha256) {
        matching.push({ id: item.id, ms: timeOf(item.date ?? "") })
      }
    }
    if (matching.length === 0) return { _tag: "NotFound" } as const
    const taken = yield* store.attributed(matching.map((m) => m.id))
    const free = matching.filter((m) => !taken.has(m.id)).sort((a, b) => a.ms - b.ms)
    const others = (yield* store.lookalikes(row.to_number, row.body_sha256, new Date(since))).filter((other) =>
      other.id !== row.id && other.allo_item_id === null && other.status === "sent"
    )
    const chosen = free[others.length]
    return chosen === undefined ? { _tag: "NotFound" } as const : { _tag: "Found", alloItemId: chosen.id } as const
  })
