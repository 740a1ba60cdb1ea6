/**
 * Incremental sync of an Allo number's conversations: each run asks only for
 * conversations active since the previous run's high-water mark
 * (`last_activity_since`), stores them, and saves the new mark.
 *
 *   WITHALLO_API_KEY=ak_live_… node examples/sync-conversations.ts +14155550100
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Option, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { Conversations, Withallo } from "effect-withallo"

const alloNumber = process.argv[2] ?? "+14155550100"
const cursorFile = `.allo-sync-${alloNumber.replace("+", "")}.json`

/** Where the app keeps its cursor; a file here, a database row in practice. */
const loadCursor = Effect.sync((): Option.Option<string> =>
  existsSync(cursorFile) ? Option.some(JSON.parse(readFileSync(cursorFile, "utf8")).since) : Option.none()
)
const saveCursor = (since: string) => Effect.sync(() => writeFileSync(cursorFile, JSON.stringify({ since })))

const sync = Effect.gen(function*() {
  const conversations = yield* Conversations
  const since = yield* loadCursor
  // The newest activity seen this run becomes the next run's cursor.
  let newest = Option.getOrElse(since, () => "")
  const count = yield* conversations.stream({
    alloNumber,
    ...(Option.isSome(since) ? { lastActivitySince: since.value } : {})
  }).pipe(
    Stream.tap((conversation) =>
      Effect.sync(() => {
        const activity = conversation.last_activity ?? ""
        if (activity > newest) newest = activity
        // upsert(conversation.contact_number, conversation.last_item) in your store
      })
    ),
    Stream.runCount
  )
  if (newest !== "") yield* saveCursor(newest)
  yield* Console.log(`${count} conversation(s) changed since ${Option.getOrElse(since, () => "the beginning")}`)
})

const live = Withallo.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

NodeRuntime.runMain(sync.pipe(Effect.provide(live)))
