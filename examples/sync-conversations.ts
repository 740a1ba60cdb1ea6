/**
 * Incremental sync of an Allo number's conversations: each run asks only for
 * conversations active since the previous run's high-water mark
 * (`last_activity_since`), stores them, and saves the new mark.
 *
 *   npm run example -- sync-conversations +14155550100   (against a local fake Allo)
 *
 * The cursor is kept in $ALLO_SYNC_CURSOR, or in the system's temp directory:
 * never in your working tree. Conversations whose last activity is exactly
 * the mark are remembered with it, so a second run does not report them
 * again, whether the API's "since" is inclusive or not, and however many
 * fractional digits its timestamps carry.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Schema, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Conversations, Withallo } from "effect-withallo"

const alloNumber = process.argv[2] ?? "+14155550100"
const cursorFile = process.env["ALLO_SYNC_CURSOR"] ?? join(tmpdir(), `allo-sync-${alloNumber.replace("+", "")}.json`)

/** The mark, and the conversations already seen at exactly that instant. */
const Cursor = Schema.Struct({ since: Schema.String, seenAtSince: Schema.Array(Schema.String) })
type Cursor = typeof Cursor.Type

/** Where the app keeps its cursor; a file here, a database row in practice. */
const loadCursor: Effect.Effect<Cursor | undefined, Error> = Effect.suspend(() =>
  existsSync(cursorFile)
    ? Effect.try(() => readFileSync(cursorFile, "utf8")).pipe(
      Effect.flatMap(Schema.decodeUnknownEffect(Schema.fromJsonString(Cursor))),
      Effect.mapError((cause) => new Error(`cannot read the cursor ${cursorFile} (delete it to start over): ${cause.message}`))
    )
    : Effect.succeed(undefined)
)
const saveCursor = (cursor: Cursor) => Effect.sync(() => writeFileSync(cursorFile, JSON.stringify(cursor)))

const sync = Effect.gen(function*() {
  const conversations = yield* Conversations
  const cursor = yield* loadCursor
  const sinceMs = cursor === undefined ? -Infinity : Date.parse(cursor.since)
  const seen = new Set(cursor?.seenAtSince ?? [])
  // The newest activity of this run becomes the next run's mark.
  let next: { ms: number; since: string; seenAtSince: Array<string> } = {
    ms: sinceMs,
    since: cursor?.since ?? "",
    seenAtSince: [...seen]
  }
  const count = yield* conversations.stream({
    alloNumber,
    ...(cursor === undefined ? {} : { lastActivitySince: cursor.since })
  }).pipe(
    // The boundary: a conversation reported last run at the mark, unchanged since.
    // (One without a last activity has nothing to sync.)
    Stream.filter((c) => {
      const ms = Date.parse(c.last_activity ?? "")
      return ms > sinceMs || (ms === sinceMs && !seen.has(c.contact_number))
    }),
    Stream.tap((conversation) =>
      Effect.sync(() => {
        const ms = Date.parse(conversation.last_activity ?? "")
        if (ms > next.ms) next = { ms, since: conversation.last_activity ?? "", seenAtSince: [conversation.contact_number] }
        else if (ms === next.ms) next.seenAtSince.push(conversation.contact_number)
        // upsert(conversation.contact_number, conversation.last_item) in your store
      })
    ),
    Stream.runCount
  )
  if (next.since !== "") yield* saveCursor({ since: next.since, seenAtSince: next.seenAtSince })
  yield* Console.log(`${count} conversation(s) changed since ${cursor?.since ?? "the beginning"} (cursor: ${cursorFile})`)
})

const live = Withallo.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

NodeRuntime.runMain(
  sync.pipe(
    Effect.provide(live),
    Effect.tapError((error) => Console.error(`sync failed: ${error.message}`))
  ),
  { disableErrorReporting: true }
)
