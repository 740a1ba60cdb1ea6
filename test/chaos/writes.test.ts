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
import { Duration, Effect, Exit, Fiber, Stream } from "effect"
import * as FakeServer from "../../src/node/FakeServer.js"
import { Calls, Sms } from "../../src/index.js"
import { ALLO, prng, randomFault, sdkLayer } from "./support.js"

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
      const sms = yield* Sms
      const results = yield* Effect.forEach(
        Array.from({ length: 200 }, (_, i) => i),
        (i) => Effect.result(sms.send({ from: ALLO, to: "+14155550199", message: `chaos ${i}` })),
        { concurrency: 200 }
      )

      const sent = (yield* server.fake.sentSms).map((s) => s.content)
      assert.strictEqual(new Set(sent).size, sent.length, "no SMS recorded twice")
      const failures = results.flatMap((r) => r._tag === "Failure" ? [r.failure] : [])
      const successes = results.flatMap((r, i) => r._tag === "Success" ? [`chaos ${i}`] : [])
      assert.deepStrictEqual(failures.filter((error) => !TAGS.has(error._tag)), [], "every failure is a typed WithalloError")
      for (const message of successes) assert.include(sent, message, "a success was really sent")
      assert.isAtLeast(failures.length, 1, "some sends did fail")
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
      // A 2 s timeout here: 200 sends at once share one loaded event loop with
      // the fake, and a spurious timeout would only add typed failures.
    }).pipe(Effect.provide(sdkLayer(server, 8, 2_000))), 60_000)
})

describe("chaos: interrupting an export", () => {
  it.live("aborts the requests in flight and leaves no running fiber", () =>
    Effect.gen(function*() {
      yield* server.fake.reset()
      yield* server.fake.setLatency(Duration.millis(300))
      const before = { ...server.connections }
      const calls = yield* Calls
      const fiber = yield* Effect.forkChild(
        Stream.runDrain(calls.stream({ alloNumber: ALLO, pageSize: 20, concurrency: 4 }))
      )
      // Let the first page land and the fetch-ahead start (polled: a loaded
      // machine may take longer than the fake's latency to get there).
      yield* Effect.sleep(Duration.millis(700))
      for (let i = 0; i < 50 && server.connections.inFlight === 0; i++) yield* Effect.sleep(Duration.millis(50))
      assert.isAbove(server.connections.inFlight, 0, "requests in flight when interrupted")
      yield* Fiber.interrupt(fiber)
      const exit = fiber.pollUnsafe()
      assert.isTrue(exit !== undefined && Exit.hasInterrupts(exit), "the stream's fiber is done, interrupted")

      // The server sees the cancelled requests go away, and nothing new arrives.
      for (let i = 0; i < 50 && server.connections.inFlight > 0; i++) yield* Effect.sleep(Duration.millis(20))
      assert.strictEqual(server.connections.inFlight, 0)
      assert.isAbove(server.connections.aborted, before.aborted, "in-flight requests were aborted")
      const requested = (yield* server.fake.requests).length
      yield* Effect.sleep(Duration.millis(600))
      assert.strictEqual((yield* server.fake.requests).length, requested, "no request after the interruption")
      yield* server.fake.setLatency(0)
    }).pipe(Effect.provide(sdkLayer(server))), 30_000)
})
