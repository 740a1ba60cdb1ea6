/**
 * Not a suite of `npm run bench`: a CPU-profiling aid for target 2. Runs one
 * contender (`PROFILE_WHO=ours|floor`) against one endpoint
 * (`PROFILE_ENDPOINT=list|search`) at `PROFILE_CONCURRENCY` (16) for
 * `PROFILE_SECONDS` (5), with the counting tracer installed, so that
 * `node --cpu-prof .tmp/bench/profile.mjs` shows where the client's CPU goes.
 * `node bench/profile-summary.mjs <file.cpuprofile>` sums self time by function.
 */
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Redacted from "effect/Redacted"
import * as Scope from "effect/Scope"
import * as Tracer from "effect/Tracer"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientRequest from "effect/http/HttpClientRequest"
import { Calls, PhoneNumbers, WithalloClient } from "effect-withallo"
import { ALLO, API_KEY, countingTracer, log, startServer } from "./lib.js"

const who = process.env.PROFILE_WHO ?? "ours"
const endpoint = process.env.PROFILE_ENDPOINT ?? "list"
const concurrency = Number(process.env.PROFILE_CONCURRENCY ?? 16)
const seconds = Number(process.env.PROFILE_SECONDS ?? 5)
const headers = { authorization: `Api-Key ${API_KEY}`, accept: "application/json" }

const server = await startServer({ seed: 8, numbers: [ALLO], calls: 2_000 })
const scope = Scope.makeUnsafe()
try {
  const sdk = Layer.mergeAll(Calls.layer, PhoneNumbers.layer).pipe(
    Layer.provide(WithalloClient.layer({ apiKey: Redacted.make(API_KEY), baseUrl: server.url, rateLimit: false })),
    Layer.provide(FetchHttpClient.layer)
  )
  const context = await Effect.runPromise(Layer.buildWithScope(sdk, scope))
  const floorClient = await Effect.runPromise(Effect.provide(Effect.service(HttpClient.HttpClient), FetchHttpClient.layer))
  const path = endpoint === "list" ? "/v1/api/numbers" : `/v1/api/calls?allo_number=${encodeURIComponent(ALLO)}&page=0&size=100`
  const once: Effect.Effect<unknown, unknown> = who === "floor"
    ? HttpClientRequest.get(`${server.url}${path}`, { headers }).pipe(floorClient.execute, Effect.flatMap((r) => r.json))
    : Effect.provideContext(
      endpoint === "list"
        ? PhoneNumbers.use((n) => n.list()) as Effect.Effect<unknown, unknown, PhoneNumbers | Calls>
        : Calls.use((c) => c.search({ alloNumber: ALLO, size: 100 })),
      context
    )
  const deadline = performance.now() + seconds * 1000
  let done = 0
  const start = performance.now()
  await Effect.runPromise(Effect.provideService(
    Effect.forEach(Array.from({ length: concurrency }), () =>
      Effect.whileLoop({ while: () => performance.now() < deadline, body: () => once, step: () => void done++ }), {
      concurrency: "unbounded",
      discard: true
    }),
    Tracer.Tracer,
    countingTracer
  ))
  const cpu = process.cpuUsage()
  log(`${who} ${endpoint} c=${concurrency}: ${(done / ((performance.now() - start) / 1000)).toFixed(0)} req/s, ${((cpu.user + cpu.system) / done).toFixed(0)} µs CPU/request (incl. start-up)`)
} finally {
  await Effect.runPromise(Scope.close(scope, Exit.void))
  await server.close()
}
