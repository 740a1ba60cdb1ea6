/**
 * One export in a fresh process (`memory.ts` spawns it): `node
 * memoryWorker.mjs <ours|plain> <url> <calls> <file>` writes every call as
 * NDJSON to <file> and prints `{ calls, maxRssMb, seconds }`.
 */
import { createWriteStream } from "node:fs"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { Calls, WithalloClient } from "effect-withallo"
import { ALLO, API_KEY } from "./lib.js"

const [mode, url, , file] = process.argv.slice(2) as [string, string, string, string]
const out = createWriteStream(file)
/** Writes a line, waiting for the file when its buffer is full (backpressure). */
const write = (line: string): Promise<void> | undefined =>
  out.write(line) ? undefined : new Promise((resolve) => out.once("drain", () => resolve()))

const plain = async (): Promise<number> => {
  let n = 0
  for (let page = 0;; page++) {
    const response = await fetch(`${url}/v1/api/calls?allo_number=${encodeURIComponent(ALLO)}&page=${page}&size=100`, {
      headers: { authorization: `Api-Key ${API_KEY}`, accept: "application/json" }
    })
    const body = JSON.parse(await response.text())
    for (const call of body.data.results) {
      await write(`${JSON.stringify(call)}\n`)
      n++
    }
    if (page + 1 >= body.data.metadata.total_pages) return n
  }
}

const oursNdjson = (): Promise<number> => {
  const layer = Calls.layer.pipe(
    Layer.provide(WithalloClient.layer({ apiKey: Redacted.make(API_KEY), baseUrl: url, rateLimit: false })),
    Layer.provide(FetchHttpClient.layer)
  )
  return Effect.runPromise(
    Calls.use((calls) => {
      let n = 0
      return calls.stream({ alloNumber: ALLO }).pipe(
        Stream.runForEach((call) => {
          n++
          const waiting = write(`${JSON.stringify(call)}\n`)
          return waiting === undefined ? Effect.void : Effect.promise(() => waiting)
        }),
        Effect.map(() => n)
      )
    }).pipe(Effect.provide(layer))
  )
}

const start = performance.now()
const calls = await (mode === "plain" ? plain() : oursNdjson())
await new Promise<void>((resolve) => out.end(() => resolve()))
process.stdout.write(`${JSON.stringify({ calls, maxRssMb: process.resourceUsage().maxRSS / 1024, seconds: (performance.now() - start) / 1000 })}\n`)
