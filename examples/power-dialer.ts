/**
 * Fill a teammate's Power Dialer queue from a CSV of leads (`number,name,company`),
 * then show what is queued. Numbers may be in any format: Allo normalises them
 * and reports the ones it cannot read. Lists longer than 1,000 go in several
 * requests; every row is checked before anything is sent.
 *
 *   npm run example -- power-dialer leads.csv [teammate@acme.com]   (against a local fake Allo)
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { readFileSync } from "node:fs"
import { DialingQueues, Withallo } from "effect-withallo"

const [file = "leads.csv", email] = process.argv.slice(2)

const leads = readFileSync(file, "utf8")
  .split(/\r?\n/)
  .slice(1)
  .filter((row) => row.trim() !== "")
  .map((row) => {
    const [number = "", name, company] = row.split(",").map((cell) => cell.trim())
    return { number, name: name || null, company: company || null }
  })

const program = Effect.gen(function*() {
  const queues = yield* DialingQueues
  yield* queues.reset({ name: `Leads from ${file}`, email })
  yield* queues.upsert({ email, voicemailHandling: "SKIP" })
  const { added, skipped } = yield* queues.appendNumbers(leads, { email })
  yield* Console.log(`queued ${added.length} numbers, skipped ${skipped.length}`)
  for (const s of skipped) yield* Console.log(`  skipped ${s.number}: ${s.reason}`)
  yield* queues.streamCurrent({ email }).pipe(
    Stream.take(10),
    Stream.runForEach((entry) => Console.log(`  #${entry.position} ${entry.number_to}`))
  )
})

const live = Withallo.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))

NodeRuntime.runMain(program.pipe(Effect.provide(live)))
