/**
 * Target 1 — export at the rate-limit ceiling. The fake over real HTTP on
 * loopback enforces Allo's 20 reads/s and answers each request after 150 ms;
 * 20,000 calls at 100 per page, so the ceiling is 2,000 calls/s.
 * Ours: `Calls.stream` with default options (and the client's default pacing).
 * Baseline: a sequential `fetch` page loop.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { Calls, WithalloClient } from "effect-withallo"
import { ALLO, API_KEY, log, median, report, rounds, type Row, type ServerProcess, sleep, startServer } from "./lib.js"

const CALLS = 20_000
const CEILING = 2_000
const LATENCY_MS = 150

const armServer = async (server: ServerProcess) => {
  await server.admin("reset", {})
  await server.admin("rate-limit", { readsPerSecond: 20, writesPerSecond: 5 })
  await server.admin("latency", { ms: LATENCY_MS })
  // A fresh bucket for every run: both contenders start from the same state.
  await sleep(1_100)
}

const statusesOf = async (server: ServerProcess) => {
  const log = (await server.admin("requests")) as { data: ReadonlyArray<{ path: string; status: number | string }> }
  const calls = log.data.filter((r) => r.path === "/v1/api/calls")
  return { requests: calls.length, tooMany: calls.filter((r) => r.status === 429).length }
}

const baseline = async (url: string): Promise<Array<string>> => {
  const ids: Array<string> = []
  for (let page = 0;; page++) {
    const response = await fetch(`${url}/v1/api/calls?allo_number=${encodeURIComponent(ALLO)}&page=${page}&size=100`, {
      headers: { authorization: `Api-Key ${API_KEY}`, accept: "application/json" }
    })
    const body = JSON.parse(await response.text())
    if (response.status !== 200) throw new Error(`baseline: ${response.status}`)
    for (const call of body.data.results) ids.push(call.id)
    if (page + 1 >= body.data.metadata.total_pages) return ids
  }
}

const ours = (url: string): Promise<Array<string>> => {
  const layer = Calls.layer.pipe(
    Layer.provide(WithalloClient.layer({ apiKey: Redacted.make(API_KEY), baseUrl: url })),
    Layer.provide(FetchHttpClient.layer)
  )
  return Effect.runPromise(
    Calls.use((calls) =>
      calls.stream({ alloNumber: ALLO }).pipe(
        Stream.runFold(() => [] as Array<string>, (ids, call) => {
          ids.push(call.id)
          return ids
        })
      )
    ).pipe(Effect.provide(layer))
  )
}

const timed = async (run: () => Promise<Array<string>>) => {
  const start = performance.now()
  const ids = await run()
  return { ids, seconds: (performance.now() - start) / 1000 }
}

const main = async () => {
  const server = await startServer({ seed: 8, numbers: [ALLO], calls: CALLS })
  const n = rounds(3)
  const perRound: Array<{
    oursCallsPerSecond: number
    baselineCallsPerSecond: number
    ratio: number
    oursOfCeiling: number
    oursRequests: number
    ours429: number
    idsInOrderOnce: number
  }> = []
  let expected: ReadonlyArray<string> | undefined
  let allCorrect = true
  try {
    for (let round = 0; round < n; round++) {
      await armServer(server)
      const o = await timed(() => ours(server.url))
      const oStats = await statusesOf(server)
      await armServer(server)
      const b = await timed(() => baseline(server.url))
      expected ??= b.ids
      const inOrder = o.ids.length === CALLS && o.ids.every((id, i) => id === expected![i])
      const unique = new Set(o.ids).size === o.ids.length
      allCorrect &&= inOrder && unique && oStats.tooMany === 0
      const row = {
        oursCallsPerSecond: CALLS / o.seconds,
        baselineCallsPerSecond: CALLS / b.seconds,
        ratio: b.seconds / o.seconds,
        oursOfCeiling: CALLS / o.seconds / CEILING,
        oursRequests: oStats.requests,
        ours429: oStats.tooMany,
        idsInOrderOnce: inOrder && unique ? 1 : 0
      }
      perRound.push(row)
      log(`export round ${round + 1}/${n}:`, JSON.stringify(row))
    }
  } finally {
    await server.close()
  }
  const ofCeiling = median(perRound.map((r) => r.oursOfCeiling))
  const total429 = perRound.reduce((s, r) => s + r.ours429, 0)
  const rows: Array<Row> = [{
    suite: "export",
    name: "Calls.stream 20k @ 20 req/s, 150 ms",
    unit: "calls/s",
    ours: median(perRound.map((r) => r.oursCallsPerSecond)),
    baseline: median(perRound.map((r) => r.baselineCallsPerSecond)),
    baselineName: "sequential fetch loop",
    ratio: median(perRound.map((r) => r.ratio)),
    target: "≥ 97% of 2,000 calls/s, 0×429, ids once in order",
    met: ofCeiling >= 0.97 && total429 === 0 && allCorrect,
    note: `ours at ${(ofCeiling * 100).toFixed(1)}% of the ceiling (median); baseline at ${
      (median(perRound.map((r) => r.baselineCallsPerSecond)) / CEILING * 100).toFixed(1)
    }%; 429s received: ${total429}; ids once and in order: ${allCorrect ? "yes" : "NO"}`,
    rounds: perRound
  }]
  report(rows)
}

await main()
