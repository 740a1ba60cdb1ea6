/**
 * Chaos: exporting 5,000 calls over real HTTP while a fifth of the requests
 * fail at random. Each page is retried on its own by the client; the stream
 * must still yield every id exactly once, in order.
 *
 * The one malformed 2xx body is a `ResponseDecodeError`, which the SDK never
 * retries (a body that does not parse is not transient, and retrying hides a
 * contract change). The test plays a consumer that resumes: on a decode error
 * it starts the stream again and skips the calls it already has. That is
 * correct here because the list does not change; the second test, where
 * calls arrive mid-export, arms no malformed body.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Clock, Effect, Stream } from "effect"
import * as FakeServer from "../../src/node/FakeServer.js"
import { Calls, type WithalloError } from "../../src/index.js"
import { ALLO, armRandomFaults, fastClock, sdkLayer, statuses, TIMEOUT_MS } from "./support.js"

const CALLS = 5_000
const CALLS_PATH = "/v1/api/calls"

let server: FakeServer.FakeServer
beforeAll(async () => {
  server = await FakeServer.start({ seed: { seed: 42, numbers: [ALLO], calls: CALLS } })
})
afterAll(() => server.close())

/**
 * The client's clock runs 10× fast (backoff and Retry-After waits shrink), its
 * timeout is 10× longer: a stalled body is still given 400 ms of real time.
 */
const FACTOR = 10
const fast = <A, E, R>(self: Effect.Effect<A, E, R>) =>
  Effect.flatMap(Effect.service(Clock.Clock), (live) =>
    self.pipe(Effect.provide(sdkLayer(server, 8, TIMEOUT_MS * FACTOR)), Effect.provideService(Clock.Clock, fastClock(live, FACTOR))))

/** Every id of the history, fetched without faults. */
const cleanIds = Effect.gen(function*() {
  const calls = yield* Calls
  return (yield* Stream.runCollect(calls.stream({ alloNumber: ALLO }))).map((c) => c.id)
})

/** Runs the export; on a `ResponseDecodeError` resumes once more, skipping what it has. */
const resumingExport = (resumes: { count: number }) =>
  Effect.gen(function*() {
    const calls = yield* Calls
    const ids: Array<string> = []
    const run = (): Effect.Effect<void, WithalloError> =>
      calls.stream({ alloNumber: ALLO }).pipe(
        Stream.drop(ids.length),
        Stream.runForEach((call) => Effect.sync(() => void ids.push(call.id))),
        Effect.catchTag("ResponseDecodeError", () => {
          resumes.count++
          return resumes.count > 3 ? Effect.die("too many resumes") : run()
        })
      )
    yield* run()
    return ids
  })

describe("chaos: Calls.stream over real HTTP with 20% faults", () => {
  it.live("yields all 5,000 ids once each, in order (retrying each page; resuming after the one malformed page)", () =>
    Effect.gen(function*() {
      yield* Effect.promise(() => Effect.runPromise(server.fake.reset()))
      const expected = yield* cleanIds
      assert.strictEqual(expected.length, CALLS)
      yield* server.fake.reset()

      const armed = yield* armRandomFaults(server, { method: "GET", path: CALLS_PATH, rate: 0.2, seed: 7, malformedAt: 20 })
      const resumes = { count: 0 }
      const ids = yield* resumingExport(resumes)

      assert.strictEqual(ids.length, CALLS)
      assert.strictEqual(new Set(ids).size, CALLS, "each id once")
      assert.deepStrictEqual(ids, expected, "in order")
      assert.strictEqual(resumes.count, 1, "the malformed page stopped the stream exactly once")
      const seen = yield* statuses(server, CALLS_PATH)
      const faulted = seen.filter((s) => s !== 200).length
      assert.isAtLeast(faulted, 10, `faults were really served: ${JSON.stringify(armed)}`)
      assert.isAtLeast(seen.filter((s) => s === 429).length, 1)
      assert.isAtLeast(seen.filter((s) => s === "drop").length, 1)
      assert.isAtLeast(seen.filter((s) => s === "stall").length, 1)
    }).pipe(fast), 60_000)

  // While calls arrive, a page retried after its successor was answered sees
  // the list shifted further; the stream spots the growth (repeats at the
  // start of a page) and fetches the stale successors again, so with
  // fetch-ahead too no older call is lost and none is repeated.
  const arrivingExport = (seed: number, concurrency: number | undefined) =>
    Effect.gen(function*() {
      yield* server.fake.reset()
      const before = new Set(yield* cleanIds)
      yield* server.fake.reset()
      yield* armRandomFaults(server, { method: "GET", path: CALLS_PATH, rate: 0.2, seed })
      // Three new calls after every other calls request: the list shifts under the export.
      yield* server.fake.onRequest({ method: "GET", path: CALLS_PATH }, (_, n) =>
        n % 2 === 0 ? Effect.asVoid(server.fake.addCalls(3, { alloNumber: ALLO })) : Effect.void)
      const calls = yield* Calls
      const ids = (yield* Stream.runCollect(calls.stream({ alloNumber: ALLO, concurrency }))).map((c) => c.id)
      const got = new Set(ids)
      assert.isAbove((yield* server.fake.state).callCount, CALLS, "calls really arrived")
      return { ids, lost: [...before].filter((id) => !got.has(id)) }
    })

  it.live("emits no duplicate and loses no older call while new calls arrive (default fetch-ahead)", () =>
    Effect.gen(function*() {
      const { ids, lost } = yield* arrivingExport(11, undefined)
      assert.strictEqual(new Set(ids).size, ids.length, "no duplicate")
      assert.deepStrictEqual(lost, [], "no older call lost")
    }).pipe(fast), 60_000)

  it.live("with concurrency 1, also loses no older call while new ones arrive", () =>
    Effect.gen(function*() {
      const { ids, lost } = yield* arrivingExport(13, 1)
      assert.strictEqual(new Set(ids).size, ids.length, "no duplicate")
      assert.deepStrictEqual(lost, [], "no older call lost")
    }).pipe(fast), 60_000)
})
