/**
 * Chaos: writes and cancellation over real HTTP.
 * - 200 concurrent SMS sends, without idempotency keys, while a third of
 *   them meet a fault: no SMS is recorded twice by the fake (a send that may
 *   have reached Allo — 5xx, dropped connection, stalled body — is never
 *   retried; a 429 is, since Allo did not process it), and every failure is
 *   one of the SDK's tagged errors.
 * - Interrupting an export mid-flight aborts the requests in flight (the
 *   fake server sees the connections go away) and leaves nothing running.
 */
import { afterAll, assert, beforeAll, describe, it } from "@effect/vitest"
import { Clock, Duration, Effect, Exit, Fiber, Layer, Stream } from "effect"
import { FetchHttpClient, HttpClient } from "effect/http"
import * as FakeServer from "../../src/node/FakeServer.js"
import { Calls, Sms } from "../../src/index.js"
import { ALLO, jumpableClock, prng, randomFault, sdkLayer, waitUntil } from "./support.js"

const SMS_PATH = "/v1/api/sms"
const TAGS = new Set([
  "AuthenticationError",
  "ForbiddenError",
  "ValidationError",
  "NotFoundError",
  "ConflictError",
  "RateLimitError",
  "ServerError",
  "TransportError",
  "TimeoutError",
  "ResponseDecodeError"
])

let server: FakeServer.FakeServer
beforeAll(async () => {
  server = await FakeServer.start({ seed: { seed: 5, numbers: [ALLO], calls: 5_000 } })
})
afterAll(() => server.close())

describe("chaos: 200 concurrent SMS sends with faults", () => {
  it.live("no SMS is sent twice and every failure is a typed error", () =>
    Effect.gen(function*() {
      yield* server.fake.reset()
      const random = prng(99)
      // 70 faults spread over the 200 sends, caught by whichever POSTs come next.
      for (let i = 0; i < 70; i++) {
        yield* server.fake.injectFault({ method: "POST", path: SMS_PATH, fault: randomFault(random), times: 1 })
      }
      // No send times out because the machine is loaded: the client's timeout
      // is an hour, on a clock the test moves on once the stalled sends (the
      // fake never finishes their bodies) are all that is left.
      const { clock, jump } = jumpableClock(yield* Clock.Clock)
      let settled = 0
      const sends = Effect.forEach(
        Array.from({ length: 200 }, (_, i) => i),
        (i) =>
          Sms.use((sms) => sms.send({ from: ALLO, to: "+14155550199", message: `chaos ${i}` })).pipe(
            Effect.result,
            Effect.ensuring(Effect.sync(() => settled++))
          ),
        { concurrency: 200 }
      ).pipe(Effect.provide(sdkLayer(server, 8, 3_600_000)), Effect.provideService(Clock.Clock, clock))
      const fiber = yield* Effect.forkChild(sends)
      const stalled = Effect.map(server.fake.requests, (log) => log.filter((r) => r.path === SMS_PATH && r.status === "stall").length)
      yield* waitUntil(Effect.map(stalled, (n) => settled + n === 200))
      const stalls = yield* stalled
      yield* jump
      const results = yield* Fiber.join(fiber)

      const sent = (yield* server.fake.sentSms).map((s) => s.content)
      assert.strictEqual(new Set(sent).size, sent.length, "no SMS recorded twice")
      const failures = results.flatMap((r) => r._tag === "Failure" ? [r.failure] : [])
      const successes = results.flatMap((r, i) => r._tag === "Success" ? [`chaos ${i}`] : [])
      assert.deepStrictEqual(failures.filter((error) => !TAGS.has(error._tag)), [], "every failure is a typed WithalloError")
      for (const message of successes) assert.include(sent, message, "a success was really sent")
      assert.isAbove(stalls, 0, "some bodies stalled")
      assert.strictEqual(failures.filter((error) => error._tag === "TimeoutError").length, stalls, "each stalled send timed out, once")
      assert.isAtLeast(failures.length, stalls + 1, "sends failed in other ways too")
      assert.isAtLeast(successes.length, 50)
      // Per message: at most one POST that may have reached the fake (anything but a 429).
      const log = (yield* server.fake.requests).filter((r) => r.path === SMS_PATH)
      const reached = new Map<string, number>()
      for (const r of log) {
        const message = (r.body as { message?: string } | undefined)?.message ?? "?"
        if (r.status !== 429) reached.set(message, (reached.get(message) ?? 0) + 1)
      }
      for (const [message, n] of reached) assert.isAtMost(n, 1, `${message} reached the server ${n} times`)
      assert.isAbove(log.length, 200, "429s were retried")
    }), 60_000)
})

describe("chaos: interrupting an export", () => {
  it.live("aborts the requests in flight and leaves no running fiber", () =>
    Effect.gen(function*() {
      yield* server.fake.reset()
      yield* server.fake.setLatency(Duration.millis(300))
      const before = { ...server.connections }
      // The SDK's clock: any sleep left behind (a retry's backoff, a deadline)
      // is ended by `jump` below, so whatever it would then send is sent at once.
      const { clock, jump } = jumpableClock(yield* Clock.Clock)
      let issued = 0
      const counted = Layer.effect(
        HttpClient.HttpClient,
        Effect.map(HttpClient.HttpClient, HttpClient.mapRequest((request) => {
          issued++
          return request
        }))
      ).pipe(Layer.provide(FetchHttpClient.layer))
      const fiber = yield* Effect.forkChild(
        Calls.use((calls) => Stream.runDrain(calls.stream({ alloNumber: ALLO, pageSize: 20, concurrency: 4 }))).pipe(
          Effect.provide(sdkLayer(server, 8, 3_600_000, counted)),
          Effect.provideService(Clock.Clock, clock)
        )
      )
      // The first page has been answered and the fetch-ahead is under way.
      yield* waitUntil(Effect.map(server.fake.requests, (log) => log.length > 0 && server.connections.inFlight >= 2))
      yield* Fiber.interrupt(fiber)
      const exit = fiber.pollUnsafe()
      assert.isTrue(exit !== undefined && Exit.hasInterrupts(exit), "the stream's fiber is done, interrupted")

      // The server sees the cancelled requests go away, and nothing new arrives.
      yield* waitUntil(Effect.sync(() => server.connections.inFlight === 0))
      assert.isAbove(server.connections.aborted, before.aborted, "in-flight requests were aborted")
      const requested = { issued, logged: (yield* server.fake.requests).length }
      yield* jump
      // Fibers woken by the jump run in these turns of the scheduler.
      for (let i = 0; i < 20; i++) yield* Effect.yieldNow
      assert.strictEqual(issued, requested.issued, "no request issued after the interruption")
      assert.strictEqual((yield* server.fake.requests).length, requested.logged, "no request after the interruption")
      yield* server.fake.setLatency(0)
    }), 30_000)
})
