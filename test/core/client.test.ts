/**
 * The client core as a caller observes it through a scripted transport: what
 * is sent (URL, query, headers, body), how long the server's advertised
 * window holds the next request, and which answer boundaries are errors.
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Schema, Tracer } from "effect"
import * as Result from "effect/Result"
import { TestClock } from "effect/testing"
import { classify } from "../../src/internal/classify.js"
import { hostOf, routeOf } from "../../src/internal/request.js"
import { WithalloClient } from "../../src/WithalloClient.js"
import type { RequestSpec } from "../../src/WithalloClient.js"
import { makeStub, type Script, TEST_KEY } from "../support/stub.js"
import { collectSpans } from "../support/spans.js"

const ok: Script = { status: 200, body: { data: [] } }
const call = <A>(spec: Partial<RequestSpec<A>> & Pick<RequestSpec<A>, "response">) =>
  WithalloClient.use((c) => c.request({ operation: "Things.list", method: "GET", path: "/v2/api/things", ...spec }))

describe("what is sent", () => {
  it.effect("query values in order: strings as is, numbers and booleans as text, arrays comma-joined, undefined left out", () =>
    Effect.gen(function*() {
      const stub = makeStub([ok])
      yield* call({
        query: { q: "a b&c", page: 2, archived: false, tags: ["x", "y z"], skipped: undefined, last: "1" },
        response: Schema.Unknown
      }).pipe(Effect.provide(stub.layer()))
      const url = stub.sent[0]!.url
      assert.deepStrictEqual([...url.searchParams], [["q", "a b&c"], ["page", "2"], ["archived", "false"], ["tags", "x,y z"], ["last", "1"]])
      assert.strictEqual(url.pathname, "/v2/api/things")
    }))

  it.effect("a request without a query or body sends neither, nor a content type or idempotency key", () =>
    Effect.gen(function*() {
      const stub = makeStub([ok])
      yield* call({ response: Schema.Unknown }).pipe(Effect.provide(stub.layer({ baseUrl: "https://allo.test" })))
      const sent = stub.sent[0]!
      assert.strictEqual(sent.url.toString(), "https://allo.test/v2/api/things")
      assert.isUndefined(sent.body)
      assert.notProperty(sent.headers, "content-type")
      assert.notProperty(sent.headers, "idempotency-key")
      assert.strictEqual(sent.headers["authorization"], `Api-Key ${TEST_KEY}`)
      assert.match(sent.headers["user-agent"] ?? "", /^effect-withallo\/\S+ effect\/\S+ \S+$/)
    }))

  it.effect("a body is sent as JSON with its content type; a given idempotency key as its header", () =>
    Effect.gen(function*() {
      const stub = makeStub([ok])
      yield* call({ method: "PATCH", body: { a: [1, "two"] }, idempotencyKey: "key-1", response: Schema.Unknown }).pipe(
        Effect.provide(stub.layer())
      )
      const sent = stub.sent[0]!
      assert.strictEqual(sent.method, "PATCH")
      assert.strictEqual(sent.body, "{\"a\":[1,\"two\"]}")
      assert.strictEqual(sent.headers["content-type"], "application/json")
      assert.strictEqual(sent.headers["idempotency-key"], "key-1")
    }))

  it.effect("no key is minted unless asked for", () =>
    Effect.gen(function*() {
      const stub = makeStub([ok])
      yield* call({ method: "POST", body: {}, mintIdempotencyKey: false, response: Schema.Unknown }).pipe(Effect.provide(stub.layer()))
      assert.notProperty(stub.sent[0]!.headers, "idempotency-key")
    }))
})

describe("the server's advertised window", () => {
  /** Two reads in a row, the first answered with `headers`; the clock time each was sent. */
  const twoReads = (headers: Record<string, string>) =>
    Effect.gen(function*() {
      yield* TestClock.setTime(10_000)
      const stub = makeStub([{ status: 200, body: { data: [] }, headers }, ok])
      const fiber = yield* Effect.forkChild(
        Effect.provide(Effect.zip(call({ response: Schema.Unknown }), call({ response: Schema.Unknown })), stub.layer({
          rateLimit: { readsPerSecond: 1_000, writesPerSecond: 1_000 }
        }))
      )
      yield* TestClock.adjust(1)
      const afterOneMilli = stub.sent.length
      yield* TestClock.adjust(Duration.seconds(5))
      yield* Fiber.join(fiber)
      return afterOneMilli
    })

  it.effect("remaining 0 with a reset holds the next request until the reset", () =>
    Effect.gen(function*() {
      assert.strictEqual(yield* twoReads({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "11" }), 1)
    }))

  it.effect("is ignored when either header is missing or not a number", () =>
    Effect.gen(function*() {
      for (
        const headers of [
          { "x-ratelimit-remaining": "0" },
          { "x-ratelimit-reset": "11" },
          { "x-ratelimit-remaining": "none", "x-ratelimit-reset": "11" },
          { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "soon" }
        ]
      ) {
        assert.strictEqual(yield* twoReads(headers), 2, JSON.stringify(headers))
      }
    }))

  it.effect("with rateLimit: false nothing is held: 60 reads at once all go out before the clock moves", () =>
    Effect.gen(function*() {
      const stub = makeStub([ok])
      const fiber = yield* Effect.forkChild(
        Effect.provide(
          Effect.all(Array.from({ length: 60 }, () => call({ response: Schema.Unknown })), { concurrency: "unbounded" }),
          stub.layer({ rateLimit: false })
        )
      )
      yield* TestClock.adjust(0)
      assert.strictEqual(stub.sent.length, 60)
      yield* Fiber.join(fiber)
    }))
})

describe("spans", () => {
  it.effect("an answer without x-request-id records no request id on the span", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub([{ status: 200, body: {} }])
      yield* call({ method: "POST", path: "/v1/api/sms/+33612345678", response: Schema.Unknown }).pipe(
        Effect.withSpan("Things.list"),
        Effect.provide(stub.layer()),
        Effect.provideService(Tracer.Tracer, tracer)
      )
      const attributes = Object.fromEntries(spans.find((s) => s.name === "Things.list")!.attributes)
      assert.deepStrictEqual(attributes, {
        "http.request.method": "POST",
        "http.route": "/v1/api/sms/{number}",
        "http.response.status_code": 200,
        "withallo.attempts": 1
      })
    }))

  it.effect("is the operation's only span: effect/http's own client span (full URL, query and all) stays off", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub([ok])
      yield* call({ query: { allo_number: "+14155550100" }, response: Schema.Unknown }).pipe(
        Effect.withSpan("Things.list"),
        Effect.provide(stub.layer()),
        Effect.provideService(Tracer.Tracer, tracer)
      )
      assert.deepStrictEqual(spans.map((s) => s.name), ["Things.list"])
    }))

  it.effect("a call whose parent is another process's span (an external span) succeeds and records nothing on it", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 200, body: { ok: true }, headers: { "x-request-id": "req_ext" } }])
      const parent = Tracer.externalSpan({ traceId: "0af7651916cd43dd8448eb211c80319c", spanId: "b7ad6b7169203331" })
      const result = yield* call({ response: Schema.Struct({ ok: Schema.Boolean }) }).pipe(
        Effect.withParentSpan(parent),
        Effect.provide(stub.layer())
      )
      assert.deepStrictEqual(result, { ok: true })
      assert.strictEqual(stub.sent.length, 1)
    }))

  it.effect("a call run after its span has ended writes nothing onto that span", () =>
    Effect.gen(function*() {
      // Like an OpenTelemetry span, this one sees every write, even after it
      // ended (effect's native span drops those itself).
      const late: Array<string> = []
      class WatchedSpan extends Tracer.NativeSpan {
        override attribute(key: string, value: unknown) {
          if (this.status._tag === "Ended") late.push(key)
          super.attribute(key, value)
        }
      }
      const tracer = Tracer.make({ span: (options) => new WatchedSpan(options) })
      const stub = makeStub([{ status: 200, body: { ok: true }, headers: { "x-request-id": "req_late" } }])
      // The span ends first; the call (forked and detached, say) runs later under it.
      const ended = yield* Effect.withSpan(Effect.currentSpan, "Things.list").pipe(Effect.withTracer(tracer))
      const result = yield* call({ response: Schema.Struct({ ok: Schema.Boolean }) }).pipe(
        Effect.withParentSpan(ended),
        Effect.withTracer(tracer),
        Effect.provide(stub.layer())
      )
      assert.deepStrictEqual(result, { ok: true })
      assert.strictEqual(stub.sent.length, 1)
      assert.strictEqual(ended.status._tag, "Ended")
      assert.deepStrictEqual(late, [])
    }))

  it.effect("a call no answer came back to records status 0 and every attempt it made", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub(["drop", "drop", "drop"])
      const fiber = yield* call({ response: Schema.Unknown }).pipe(
        Effect.withSpan("Things.list"),
        Effect.flip,
        Effect.provide(stub.layer({ maxRetries: 2 })),
        Effect.provideService(Tracer.Tracer, tracer),
        Effect.forkChild
      )
      yield* TestClock.adjust(Duration.seconds(30))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual(stub.sent.length, 3)
      assert.deepStrictEqual(Object.fromEntries(spans.find((s) => s.name === "Things.list")!.attributes), {
        "http.request.method": "GET",
        "http.route": "/v2/api/things",
        "http.response.status_code": 0,
        "withallo.attempts": 3
      })
    }))

  it.effect("the status and request id are the last answer's, after a refused first attempt", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub([
        { status: 503, headers: { "x-request-id": "req_first" } },
        { status: 200, body: {}, headers: { "x-request-id": "req_second" } }
      ])
      const fiber = yield* call({ response: Schema.Unknown }).pipe(
        Effect.withSpan("Things.list"),
        Effect.provide(stub.layer({ maxRetries: 1 })),
        Effect.provideService(Tracer.Tracer, tracer),
        Effect.forkChild
      )
      yield* TestClock.adjust(Duration.seconds(30))
      yield* Fiber.join(fiber)
      const attributes = Object.fromEntries(spans.find((s) => s.name === "Things.list")!.attributes)
      assert.strictEqual(attributes["http.response.status_code"], 200)
      assert.strictEqual(attributes["withallo.request_id"], "req_second")
      assert.strictEqual(attributes["withallo.attempts"], 2)
    }))
})

describe("the route on each span", () => {
  it.effect("is its own path's, for a path seen before and after hundreds of other paths", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub([{ status: 200, body: {} }])
      // 300 distinct paths, half of them with a number in them, then the first two again.
      const paths = Array.from({ length: 300 }, (_, i) => i % 2 === 0 ? `/v1/api/sms/+1415555${String(i).padStart(4, "0")}` : `/v2/api/things/t${i}`)
      yield* Effect.forEach([...paths, paths[0]!, paths[1]!], (path, i) =>
        call({ method: "GET", path, response: Schema.Unknown }).pipe(Effect.withSpan(`call ${i}`)), { discard: true }).pipe(
        Effect.provide(stub.layer()),
        Effect.provideService(Tracer.Tracer, tracer)
      )
      const routes = spans.filter((s) => s.name.startsWith("call ")).map((s) => s.attributes.get("http.route"))
      assert.strictEqual(routes.length, 302)
      assert.deepStrictEqual(routes, [...paths, paths[0]!, paths[1]!].map((p) => p.startsWith("/v1/api/sms/") ? "/v1/api/sms/{number}" : p))
    }))
})

describe("routeOf and hostOf", () => {
  it("replaces path segments of five digits or more (with or without +) by {number}", () => {
    assert.strictEqual(routeOf("/v1/api/contacts/+14155550100/conversation"), "/v1/api/contacts/{number}/conversation")
    assert.strictEqual(routeOf("/v1/api/contacts/%2B14155550100"), "/v1/api/contacts/{number}")
    assert.strictEqual(routeOf("/v1/api/contacts/%2b14155550100"), "/v1/api/contacts/{number}")
    assert.strictEqual(routeOf("/v2/api/a/12345/b/67890"), "/v2/api/a/{number}/b/{number}")
    assert.strictEqual(routeOf("/v2/api/a/1234/b"), "/v2/api/a/1234/b")
    assert.strictEqual(routeOf("/v2/api/a/12345x"), "/v2/api/a/12345x")
    assert.strictEqual(routeOf("/v2/api/a/x12345"), "/v2/api/a/x12345")
    assert.strictEqual(routeOf("/v2/api/calls"), "/v2/api/calls")
  })

  it("names a base URL's host, or the text itself when it is no URL", () => {
    assert.strictEqual(hostOf("https://api.withallo.com/"), "api.withallo.com")
    assert.strictEqual(hostOf("http://127.0.0.1:8080"), "127.0.0.1:8080")
    assert.strictEqual(hostOf("not a url"), "not a url")
  })
})

describe("classify boundaries", () => {
  const answer = (status: number, bodyText: string, secret?: string) => ({
    operation: "Test.op",
    status,
    requestId: undefined,
    retryAfter: undefined,
    bodyText,
    nowMillis: 0,
    secret
  })
  const tagOf = (r: Result.Result<unknown, { readonly _tag: string }>) => Result.isSuccess(r) ? "success" : r.failure._tag

  it("2xx is success, 1xx and 3xx are errors", () => {
    assert.strictEqual(tagOf(classify(answer(199, "{}"), Schema.Unknown)), "ServerError")
    assert.strictEqual(tagOf(classify(answer(200, "{}"), Schema.Unknown)), "success")
    assert.strictEqual(tagOf(classify(answer(299, "{}"), Schema.Unknown)), "success")
    assert.strictEqual(tagOf(classify(answer(300, "{}"), Schema.Unknown)), "ServerError")
  })

  it("an empty or blank 2xx body reads as no body (a 204)", () => {
    assert.deepStrictEqual(classify(answer(204, ""), Schema.Void), Result.succeed(undefined))
    assert.deepStrictEqual(classify(answer(200, " \n"), Schema.Void), Result.succeed(undefined))
    assert.strictEqual(tagOf(classify(answer(200, " \n"), Schema.Struct({ a: Schema.String }))), "ResponseDecodeError")
  })

  it("an empty secret redacts nothing", () => {
    const r = classify(answer(400, "{\"error\":{\"code\":\"BAD\",\"message\":\"plain words\"}}", ""), Schema.Unknown)
    assert.isTrue(Result.isFailure(r))
    if (Result.isFailure(r)) assert.strictEqual(r.failure.message, "Test.op: BAD plain words")
  })
})
