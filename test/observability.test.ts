import { assert, describe, it } from "@effect/vitest"
import { ConfigProvider, Duration, Effect, Fiber, Layer, Redacted, Schema, Tracer } from "effect"
import { HttpClient } from "effect/http"
import { createServer } from "node:net"
import { TestClock } from "effect/testing"
import { Calls, Conversations, PhoneNumbers, Sms, Withallo, WithalloClient } from "../src/index.js"
import { collectSpans } from "./support/spans.js"
import { makeStub, TEST_KEY } from "./support/stub.js"

describe("spans", () => {
  it.effect("one span per operation with method, route, status, attempts and request id — no number, no key", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub([
        { status: 503 },
        { status: 200, body: { data: { results: [], metadata: { total_pages: 0, current_page: 0 } } }, headers: { "x-request-id": "req_abc" } }
      ])
      const fiber = yield* Calls.use((c) => c.search({ alloNumber: "+14155550100", contactNumber: "+14155550199" })).pipe(
        Effect.provide(Withallo.services.pipe(Layer.provide(stub.layer({ maxRetries: 1 })))),
        Effect.provideService(Tracer.Tracer, tracer),
        Effect.forkChild
      )
      yield* TestClock.adjust(Duration.seconds(5))
      yield* Fiber.join(fiber)
      const span = spans.find((s) => s.name === "Calls.search")
      assert.isDefined(span)
      const attributes = Object.fromEntries(span!.attributes)
      assert.strictEqual(attributes["http.request.method"], "GET")
      assert.strictEqual(attributes["http.route"], "/v1/api/calls")
      assert.strictEqual(attributes["http.response.status_code"], 200)
      assert.strictEqual(attributes["withallo.attempts"], 2)
      assert.strictEqual(attributes["withallo.request_id"], "req_abc")
      const everything = JSON.stringify(spans.map((s) => [s.name, Object.fromEntries(s.attributes)]))
      assert.notInclude(everything, "4155550")
      assert.notInclude(everything, TEST_KEY)
    }))

  it.effect("phone numbers in paths are replaced in the route", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub([{ status: 200, body: null }])
      yield* Conversations.use((c) => c.setStatus("+14155551234", "READ")).pipe(
        Effect.provide(Withallo.services.pipe(Layer.provide(stub.layer()))),
        Effect.provideService(Tracer.Tracer, tracer)
      )
      const span = spans.find((s) => s.name === "Conversations.setStatus")
      assert.strictEqual(span?.attributes.get("http.route"), "/v2/api/conversations/{number}/action")
      assert.notInclude(JSON.stringify(spans.map((s) => Object.fromEntries(s.attributes))), "4155551234")
    }))

  it.effect("an SMS body never reaches a span", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub([{ status: 200, body: { data: { to_number: "+14155550199", type: "OUTBOUND", content: "secret plan", start_date: "2024-01-01T00:00:00" } } }])
      yield* Sms.use((s) => s.send({ from: "+14155550100", to: "+14155550199", message: "secret plan" })).pipe(
        Effect.provide(Withallo.services.pipe(Layer.provide(stub.layer()))),
        Effect.provideService(Tracer.Tracer, tracer)
      )
      assert.isTrue(spans.some((s) => s.name === "Sms.send"))
      assert.notInclude(JSON.stringify(spans.map((s) => Object.fromEntries(s.attributes))), "secret plan")
    }))
})

describe("Withallo.layerConfig", () => {
  const envLayer = (env: Record<string, string>, client: HttpClient.HttpClient) =>
    Withallo.layerConfig().pipe(
      Layer.provide(Layer.succeed(HttpClient.HttpClient, client)),
      Layer.provide(ConfigProvider.layer(ConfigProvider.fromEnvRecord(env)))
    )

  it.effect("reads WITHALLO_* variables through Config", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 503 }, { status: 200, body: { data: [] } }])
      const error = yield* PhoneNumbers.use((p) => p.list()).pipe(
        Effect.flip,
        Effect.provide(envLayer({
          WITHALLO_API_KEY: "ak_live_from_env",
          WITHALLO_BASE_URL: "https://env.allo.test",
          WITHALLO_AUTH_SCHEME: "raw",
          WITHALLO_TIMEOUT: "5 seconds",
          WITHALLO_MAX_RETRIES: "0"
        }, stub.client))
      )
      assert.strictEqual(error._tag, "ServerError", "WITHALLO_MAX_RETRIES=0: no retry")
      assert.strictEqual(stub.sent.length, 1)
      assert.strictEqual(stub.sent[0]?.url.origin, "https://env.allo.test")
      assert.strictEqual(stub.sent[0]?.headers["authorization"], "ak_live_from_env")
    }))

  it.effect("a missing WITHALLO_API_KEY is a ConfigError naming it", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 200, body: {} }])
      const error = yield* Effect.flip(Effect.scoped(Layer.build(envLayer({}, stub.client))))
      assert.include(String(error), "WITHALLO_API_KEY")
      assert.strictEqual(stub.sent.length, 0)
    }))

  it.effect("the client core alone answers requests from options", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 200, body: { ok: true } }])
      const result = yield* WithalloClient.use((c) =>
        c.request({ operation: "X.get", method: "GET", path: "/v2/api/me", response: Schema.Struct({ ok: Schema.Boolean }) })
      ).pipe(Effect.provide(stub.layer()))
      assert.deepStrictEqual(result, { ok: true })
    }))
})

describe("TransportError", () => {
  it.live("names the system error and keeps the transport's own error as cause", () =>
    Effect.gen(function*() {
      const { FetchHttpClient } = yield* Effect.promise(() => import("effect/http"))
      // A port that was free a moment ago: nothing listens there.
      const port = yield* Effect.promise(() =>
        new Promise<number>((resolve) => {
          const server = createServer().listen(0, "127.0.0.1", () => {
            const address = server.address()
            server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0))
          })
        })
      )
      const error = yield* PhoneNumbers.use((p) => p.list()).pipe(
        Effect.flip,
        Effect.provide(
          Withallo.layer({ apiKey: Redacted.make(TEST_KEY), baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0, rateLimit: false }).pipe(
            Layer.provide(FetchHttpClient.layer)
          )
        )
      )
      assert.strictEqual(error._tag, "TransportError")
      assert.include(error.message, "ECONNREFUSED")
      assert.include(error.message, `127.0.0.1:${port}`)
      if (error._tag === "TransportError") assert.instanceOf(error.cause, Error)
      assert.notInclude(error.message, TEST_KEY)
    }))
})
