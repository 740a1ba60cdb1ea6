/**
 * Client layers paced through Redis, shared by the in-process tests and the
 * worker script the multi-process test bundles (so no test-runner imports).
 */
import { NodeRedis } from "@effect/platform-node"
import { Clock, Effect, Layer, Redacted } from "effect"
import { FetchHttpClient } from "effect/http"
import { PhoneNumbers, SharedRateLimit, Withallo } from "../../src/index.js"

/** The key the fake Allo accepts with every scope. */
export const FAKE_KEY = "ak_test_fake"

/** One client layer (its own Redis connection and pacer) paced through Redis against the fake. */
export const sharedClientLayer = (options: {
  readonly baseUrl: string
  readonly redisUrl: string
  readonly rateLimit?: SharedRateLimit.RedisOptions
}) =>
  Withallo.layer({
    apiKey: Redacted.make(FAKE_KEY),
    baseUrl: options.baseUrl,
    rateLimit: { readsPerSecond: 20, writesPerSecond: 5 }
  }).pipe(
    Layer.provide(SharedRateLimit.layerRedis(options.rateLimit)),
    Layer.provide(NodeRedis.layer({ url: options.redisUrl })),
    Layer.provide(FetchHttpClient.layer)
  )


/** Reads as fast as the pacer lets `fibers` loops, until `durationMillis` have passed; the number sent. */
export const readFor = (durationMillis: number, fibers = 2) =>
  Effect.gen(function*() {
    const end = (yield* Clock.currentTimeMillis) + durationMillis
    let sent = 0
    const loop = Effect.gen(function*() {
      while ((yield* Clock.currentTimeMillis) < end) {
        yield* PhoneNumbers.use((numbers) => numbers.list())
        sent++
      }
    })
    yield* Effect.all(Array.from({ length: fibers }, () => loop), { concurrency: "unbounded", discard: true })
    return sent
  })
