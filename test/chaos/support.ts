/**
 * Shared pieces of the chaos suite: a seeded PRNG, the SDK over real HTTP
 * (FetchHttpClient → the fake on 127.0.0.1) with short timeouts, and the
 * random fault mix armed request by request.
 */
import { Clock, Duration, Effect, Latch, Layer, Redacted } from "effect"
import { FetchHttpClient, type HttpClient } from "effect/http"
import { Calls, PhoneNumbers, Sms, WithalloClient } from "../../src/index.js"
import type { FakeServer } from "../../src/node/FakeServer.js"
import type { Fault } from "../../src/testing/fake/types.js"

export const ALLO = "+14155550100"
export const API_KEY = "ak_test_fake"

/** mulberry32: small, seeded, good enough to pick faults reproducibly. */
export const prng = (seed: number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * Client timeout per attempt: short, so a stalled body costs little, yet far
 * above a loopback answer of the fake.
 */
export const TIMEOUT_MS = 400

/** The SDK against a fake server: client pacing off (the fake's limiter is off too). */
export const sdkLayer = (
  server: FakeServer,
  maxRetries = 8,
  timeoutMs = TIMEOUT_MS,
  http: Layer.Layer<HttpClient.HttpClient> = FetchHttpClient.layer
) =>
  Layer.mergeAll(Calls.layer, Sms.layer, PhoneNumbers.layer).pipe(
    Layer.provideMerge(WithalloClient.layer({
      apiKey: Redacted.make(API_KEY),
      baseUrl: server.url,
      timeout: `${timeoutMs} millis`,
      maxRetries,
      rateLimit: false
    })),
    Layer.provide(http)
  )

/**
 * One random transient fault: 429 with Retry-After 0 or 1 s, 500/502/503, a
 * dropped connection, or a stalled body (the client times out).
 */
export const randomFault = (random: () => number): Fault => {
  const r = random()
  if (r < 0.25) return { _tag: "Status", status: 429, retryAfterSeconds: random() < 0.7 ? 0 : 1 }
  if (r < 0.55) return { _tag: "Status", status: [500, 502, 503][Math.floor(random() * 3)]! }
  if (r < 0.8) return { _tag: "Drop" }
  return { _tag: "StallBody" }
}

/**
 * After each answered request on `path`, arms a fault for the next one with
 * probability `rate`; the `malformedAt`-th request (1-based) instead arms a
 * truncated 2xx body. Returns the faults armed, by kind.
 */
export const armRandomFaults = (
  server: FakeServer,
  options: { readonly method: string; readonly path: string; readonly rate: number; readonly seed: number; readonly malformedAt?: number }
) => {
  const random = prng(options.seed)
  const armed: Record<string, number> = {}
  const count = (name: string) => {
    armed[name] = (armed[name] ?? 0) + 1
  }
  const arm = (fault: Fault) => {
    count(fault._tag === "Status" ? String(fault.status) : fault._tag)
    return server.fake.injectFault({ method: options.method, path: options.path, fault, times: 1 })
  }
  return Effect.as(
    server.fake.onRequest({ method: options.method, path: options.path }, (_, n) => {
      if (n === options.malformedAt) return arm({ _tag: "Malformed", mode: "truncated" })
      return random() < options.rate ? arm(randomFault(random)) : Effect.void
    }),
    armed
  )
}

/** Statuses the fake logged for a path (numbers, `"drop"`, `"stall"`). */
export const statuses = (server: FakeServer, path: string) =>
  Effect.map(server.fake.requests, (log) => log.filter((r) => r.path === path).map((r) => r.status))

/**
 * A Clock that follows real time until `jump` moves it an hour on at once:
 * every sleep in progress ends then, and every later one at once. Given a
 * long client timeout, no request times out because the machine is slow; the
 * test ends the attempts that can only end in a timeout (stalled bodies) by
 * jumping, once it has seen that they are all that is left.
 */
export const jumpableClock = (live: Clock.Clock) => {
  let offsetNanos = BigInt(0)
  const jumped = Latch.makeUnsafe(false)
  const millis = () => Number(offsetNanos / BigInt(1_000_000))
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: () => live.currentTimeMillisUnsafe() + millis(),
    currentTimeMillis: Effect.sync(() => live.currentTimeMillisUnsafe() + millis()),
    currentTimeNanosUnsafe: () => live.currentTimeNanosUnsafe() + offsetNanos,
    currentTimeNanos: Effect.sync(() => live.currentTimeNanosUnsafe() + offsetNanos),
    monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe() + offsetNanos,
    monotonicTimeNanos: Effect.sync(() => live.monotonicTimeNanosUnsafe() + offsetNanos),
    sleep: (duration) => Effect.raceFirst(live.sleep(duration), jumped.await)
  }
  const jump = Effect.sync(() => {
    offsetNanos += BigInt(3_600) * BigInt(1_000_000_000)
    jumped.openUnsafe()
  })
  return { clock, jump }
}

/** Polls `check` (a few milliseconds apart, real time) until it holds: waits on an event, with no time limit of its own. */
export const waitUntil = (check: Effect.Effect<boolean>): Effect.Effect<void> =>
  Effect.flatMap(check, (done) => done ? Effect.void : Effect.andThen(Effect.sleep(Duration.millis(5)), waitUntil(check)))

/**
 * A Clock on which time runs `factor` times faster than real time: a sleep of
 * `d` ends after `d / factor`, and the time read moves on consistently. The
 * client's backoff and Retry-After waits shrink with it, so an export through
 * hundreds of faults takes seconds; timeouts shrink too, so give the client a
 * timeout `factor` times longer than the real bound meant.
 */
export const fastClock = (live: Clock.Clock, factor: number): Clock.Clock => {
  const startMillis = live.currentTimeMillisUnsafe()
  const startNanos = live.currentTimeNanosUnsafe()
  const startMonotonic = live.monotonicTimeNanosUnsafe()
  const f = BigInt(factor)
  const millis = () => startMillis + (live.currentTimeMillisUnsafe() - startMillis) * factor
  const nanos = () => startNanos + (live.currentTimeNanosUnsafe() - startNanos) * f
  const monotonic = () => startMonotonic + (live.monotonicTimeNanosUnsafe() - startMonotonic) * f
  return {
    currentTimeMillisUnsafe: millis,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanosUnsafe: nanos,
    currentTimeNanos: Effect.sync(nanos),
    monotonicTimeNanosUnsafe: monotonic,
    monotonicTimeNanos: Effect.sync(monotonic),
    sleep: (duration) => live.sleep(Duration.divideUnsafe(duration, factor))
  }
}
