import { assert, describe, it } from "@effect/vitest"
import { Effect, Exit, Fiber, Layer } from "effect"
import { HttpClient, HttpClientRequest } from "effect/http"
import { TestClock } from "effect/testing"
import * as FakeHttpClient from "../../src/testing/FakeHttpClient.js"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"

const BASE = "https://api.withallo.com"
const CALLS = `${BASE}/v1/api/calls?allo_number=%2B14155550100&size=5`
const env = (seed: Parameters<typeof FakeWithallo.layer>[0] = { calls: 50 }) =>
  Effect.provide(FakeHttpClient.layer.pipe(Layer.provideMerge(FakeWithallo.layer(seed))))

const get = (url: string) =>
  Effect.flatMap(HttpClient.HttpClient, (client) =>
    client.execute(HttpClientRequest.get(url, { headers: { authorization: "Api-Key ak_test_fake" } })))

describe("FakeHttpClient", () => {
  it.effect("routes requests, including JSON bodies, to the fake", () =>
    Effect.gen(function*() {
      const client = yield* HttpClient.HttpClient
      const ok = yield* get(CALLS)
      assert.strictEqual(ok.status, 200)
      assert.match(ok.headers["x-request-id"]!, /^req_/)
      const body: any = yield* ok.json
      assert.strictEqual(body.data.results.length, 5)
      const sms = yield* client.execute(
        HttpClientRequest.post(`${BASE}/v1/api/sms`, { headers: { authorization: "ak_test_fake" } }).pipe(
          HttpClientRequest.bodyJsonUnsafe({ from: "+14155550100", to: "+14155551234", message: "via client" })
        )
      )
      assert.strictEqual(sms.status, 200)
      const text = yield* client.execute(
        HttpClientRequest.post(`${BASE}/v1/api/sms`, { headers: { authorization: "ak_test_fake" } }).pipe(
          HttpClientRequest.bodyText(JSON.stringify({ from: "+14155550100", to: "+14155551234", message: "as text" }), "application/json")
        )
      )
      assert.strictEqual(text.status, 200)
      const fake = yield* FakeWithallo
      assert.deepStrictEqual((yield* fake.sentSms).map((s) => s.content), ["via client", "as text"])
    }).pipe(env()))
})

describe("faults", () => {
  it.effect("status faults hit the next N matching requests, with Retry-After and the path's body shape", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ method: "GET", path: "/v1/api/calls", times: 2, fault: { _tag: "Status", status: 503, retryAfterSeconds: 2 } })
      yield* fake.injectFault({ path: "/v2/api/*", fault: { _tag: "Status", status: 429, retryAfterSeconds: 3 } })
      const a = yield* get(CALLS)
      const b = yield* get(CALLS)
      const c = yield* get(CALLS)
      assert.deepStrictEqual([a.status, b.status, c.status], [503, 503, 200])
      assert.strictEqual(a.headers["retry-after"], "2")
      const aBody: any = yield* a.json
      assert.deepStrictEqual(aBody, { code: "SERVICE_UNAVAILABLE", details: null })
      assert.strictEqual((yield* get(`${BASE}/v1/api/numbers`)).status, 200)
      const v2 = yield* get(`${BASE}/v2/api/me`)
      const v2Body: any = yield* v2.json
      assert.deepInclude(v2Body.error, { type: "rate_limit_error", retry_after_seconds: 3 })
      assert.strictEqual((yield* get(`${BASE}/v2/api/me`)).status, 200)
      const custom = yield* fake.injectFault({ fault: { _tag: "Status", status: 500, body: "oops", headers: { "X-Custom": "1" } } }).pipe(
        Effect.andThen(get(CALLS))
      )
      assert.deepStrictEqual([custom.status, custom.headers["x-custom"], yield* custom.text], [500, "1", "oops"])
      const log = yield* fake.requests
      assert.deepStrictEqual(log.slice(0, 3).map((r) => r.status), [503, 503, 200])
    }).pipe(env()))

  it.effect("latency (per fault and global) is virtual: TestClock releases it", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ path: "/v1/api/calls", fault: { _tag: "Latency", delay: "10 seconds" } })
      const fiber = yield* Effect.forkChild(get(CALLS))
      yield* TestClock.adjust(9_999)
      assert.isUndefined(fiber.pollUnsafe())
      yield* TestClock.adjust(1)
      const response = yield* Fiber.join(fiber)
      assert.strictEqual(response.status, 200)
      yield* fake.setLatency("2 seconds")
      const slow = yield* Effect.forkChild(get(CALLS))
      yield* TestClock.adjust(1_999)
      assert.isUndefined(slow.pollUnsafe())
      yield* TestClock.adjust(1)
      assert.strictEqual((yield* Fiber.join(slow)).status, 200)
    }).pipe(env()))

  it.effect("a stalled body sends the status but never completes; interruption cancels it", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ path: "/v1/api/calls", fault: { _tag: "StallBody" } })
      const response = yield* get(CALLS)
      assert.strictEqual(response.status, 200)
      const reading = yield* Effect.forkChild(response.text)
      yield* TestClock.adjust(60_000)
      yield* Effect.yieldNow
      assert.isUndefined(reading.pollUnsafe())
      const exit = yield* Fiber.interrupt(reading).pipe(Effect.andThen(Fiber.await(reading)))
      assert.isTrue(Exit.isFailure(exit))
      assert.strictEqual((yield* fake.requests)[0]!.status, "stall")
      // a timeout around the read fires under TestClock
      yield* fake.injectFault({ path: "/v1/api/calls", fault: { _tag: "StallBody" } })
      const timed = yield* Effect.forkChild(get(CALLS).pipe(Effect.flatMap((r) => r.text), Effect.timeout("5 seconds"), Effect.result))
      yield* TestClock.adjust(5_000)
      const result = yield* Fiber.join(timed)
      assert.strictEqual(result._tag, "Failure")
    }).pipe(env()))

  it.effect("a dropped connection fails with the effect/http TransportError", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ method: "GET", fault: { _tag: "Drop" } })
      const error = yield* Effect.flip(get(CALLS))
      assert.strictEqual(error._tag, "HttpClientError")
      assert.strictEqual(error.reason._tag, "TransportError")
      assert.strictEqual((yield* fake.requests)[0]!.status, "drop")
      assert.strictEqual((yield* get(CALLS)).status, 200)
    }).pipe(env()))

  it.effect("malformed bodies: truncated JSON or HTML", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ path: "/v1/api/calls", fault: { _tag: "Malformed" } })
      yield* fake.injectFault({ path: "/v1/api/calls", fault: { _tag: "Malformed", mode: "html" } })
      const truncated = yield* get(CALLS)
      const text = yield* truncated.text
      assert.strictEqual(truncated.status, 200)
      assert.isTrue(text.startsWith("{\"data\":"))
      assert.throws(() => JSON.parse(text))
      const html = yield* get(CALLS)
      assert.strictEqual(html.headers["content-type"], "text/html")
      assert.match(yield* html.text, /^<html>/)
    }).pipe(env()))
})

describe("calls arriving mid-export", () => {
  it.effect("onRequest + addCalls: after the 3rd page request, 5 new calls are prepended", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.onRequest({ path: "/v1/api/calls" }, (_request, count) => count === 3 ? Effect.asVoid(fake.addCalls(5, { alloNumber: "+14155550100" })) : Effect.void)
      const pages: Array<any> = []
      for (let page = 0; page < 4; page++) {
        const r = yield* get(`${BASE}/v1/api/calls?allo_number=%2B14155550100&size=10&page=${page}`)
        pages.push(yield* r.json)
      }
      const totals = pages.map((p) => p.data.metadata.total_pages)
      assert.deepStrictEqual(totals, [4, 4, 4, 5])
      const state = yield* fake.state
      assert.strictEqual(state.callCount, 45)
      // page 3 now starts 5 calls later: the last 5 of page 2 are repeated at its start
      const idsPage2 = pages[2].data.results.map((c: any) => c.id)
      const idsPage3 = pages[3].data.results.map((c: any) => c.id)
      assert.deepStrictEqual(idsPage3.slice(0, 5), idsPage2.slice(5))
      const fresh = yield* get(`${BASE}/v1/api/calls?allo_number=%2B14155550100&size=5`)
      const freshBody: any = yield* fresh.json
      assert.isTrue(freshBody.data.results[0].start_date > pages[0].data.results[0].start_date)
    }).pipe(env({ calls: 40, numbers: ["+14155550100"] })))
})
