/**
 * Stream a number's whole call history to NDJSON in constant memory: pages
 * are fetched ahead at Allo's pace, each line written as it arrives.
 *
 *   npm run example -- export-calls +14155550100 calls.ndjson   (against a local fake Allo)
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { createWriteStream } from "node:fs"
import { Calls, Withallo } from "effect-withallo"

const [alloNumber = "+14155550100", out = "calls.ndjson"] = process.argv.slice(2)

const program = Effect.gen(function*() {
  const calls = yield* Calls
  const file = yield* Effect.acquireRelease(
    Effect.sync(() => createWriteStream(out)),
    (file) => Effect.promise(() => new Promise<void>((resolve) => file.end(resolve)))
  )
  const count = yield* calls.stream({ alloNumber }).pipe(
    Stream.runFoldEffect(() => 0, (n, call) =>
      Effect.promise(() =>
        new Promise<number>((resolve) => {
          // Respect back-pressure: wait for the file when its buffer is full.
          if (file.write(JSON.stringify(call) + "\n")) resolve(n + 1)
          else file.once("drain", () => resolve(n + 1))
        })
      ))
  )
  yield* Console.log(`wrote ${count} calls to ${out}`)
})

const live = Withallo.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

NodeRuntime.runMain(
  program.pipe(
    Effect.scoped,
    Effect.provide(live),
    // One line for any failure (it is a tagged error with a readable message), and exit code 1.
    Effect.tapError((error) => Console.error(`export failed: ${error.message}`))
  ),
  { disableErrorReporting: true }
)
