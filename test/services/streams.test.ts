/**
 * The SDK's streams and writes running on the fake Allo through the real
 * client stack (encoding, retries, pagination).
 */
import { assert, describe, it } from "@effect/vitest"
import { Duration, Effect, Fiber, Stream } from "effect"
import { TestClock } from "effect/testing"
import { Calls, Contacts, Conversations, PhoneNumbers, Sms } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"

const ALLO = "+14155550100"

const callsPath = (path: string) => path === "/v1/api/calls"

describe("Calls.stream on the fake", () => {
  it.effect("emits the whole history once, newest first, in order", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const calls = yield* Calls
      const all = yield* Stream.runCollect(calls.stream({ alloNumber: ALLO, pageSize: 50 }))
      const page0 = yield* calls.search({ alloNumber: ALLO, size: 100 })
      assert.isAbove(all.length, 100)
      assert.strictEqual(new Set(all.map((c) => c.id)).size, all.length)
      assert.deepStrictEqual(all.slice(0, 100).map((c) => c.id), page0.items.map((c) => c.id))
      const dates = all.map((c) => c.start_date)
      assert.deepStrictEqual(dates, [...dates].sort().reverse())
      const requests = (yield* fake.requests).filter((r) => callsPath(r.path))
      assert.strictEqual(requests.length, Math.ceil(all.length / 50) + 1)
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 600 }))))

  it.effect("an empty history makes one request and emits nothing", () =>
    Effect.gen(function*() {
      const out = yield* Stream.runCollect((yield* Calls).stream({ alloNumber: "+19995550000" }))
      assert.deepStrictEqual(out, [])
      const requests = (yield* (yield* FakeWithallo).requests).filter((r) => callsPath(r.path))
      assert.strictEqual(requests.length, 1)
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 50 }))))

  it.effect("take stops requesting: take(15) at page size 10 and concurrency 1 is at most 3 requests", () =>
    Effect.gen(function*() {
      const out = yield* Stream.runCollect(
        (yield* Calls).stream({ alloNumber: ALLO, pageSize: 10, concurrency: 1 }).pipe(Stream.take(15))
      )
      assert.strictEqual(out.length, 15)
      const requests = (yield* (yield* FakeWithallo).requests).filter((r) => callsPath(r.path))
      assert.isAtMost(requests.length, 3)
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 500 }))))

  it.effect("a transient 503 on page 2 is retried on its own, without restarting", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      // Once page 1 is answered, the next calls request (page 2) gets a 503.
      yield* fake.onRequest({ method: "GET", path: "/v1/api/calls" }, (_, count) =>
        count === 2
          ? fake.injectFault({ method: "GET", path: "/v1/api/calls", fault: { _tag: "Status", status: 503 }, times: 1 })
          : Effect.void)
      const calls = yield* Calls
      const fiber = yield* Effect.forkChild(
        Stream.runCollect(calls.stream({ alloNumber: ALLO, pageSize: 50, concurrency: 1 }))
      )
      yield* TestClock.adjust(Duration.seconds(30))
      const out = yield* Fiber.join(fiber)
      const pages = (yield* fake.requests).filter((r) => callsPath(r.path)).map((r) => `${r.query.page}:${r.status}`)
      assert.deepStrictEqual(pages.slice(0, 4), ["0:200", "1:200", "2:503", "2:200"])
      assert.strictEqual(pages.filter((p) => p.startsWith("0:")).length, 1, "never restarted from the first page")
      assert.strictEqual(new Set(out.map((c) => c.id)).size, out.length)
      const whole = yield* Stream.runCollect(calls.stream({ alloNumber: ALLO, pageSize: 100 }))
      assert.deepStrictEqual(out.map((c) => c.id), whole.map((c) => c.id))
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 400 }))))

  it.effect("new calls arriving mid-export produce no duplicate and lose nothing", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const calls = yield* Calls
      const before = yield* Stream.runCollect(calls.stream({ alloNumber: ALLO, pageSize: 20 }))
      yield* fake.onRequest({ method: "GET", path: "/v1/api/calls" }, (_, count) =>
        count % 2 === 0 ? Effect.asVoid(fake.addCalls(3, { alloNumber: ALLO })) : Effect.void)
      const during = yield* Stream.runCollect(calls.stream({ alloNumber: ALLO, pageSize: 20, concurrency: 2 }))
      const ids = during.map((c) => c.id)
      assert.strictEqual(new Set(ids).size, ids.length, "no duplicate")
      for (const call of before) assert.include(ids, call.id)
      assert.isAbove((yield* fake.state).callCount, 300, "calls did arrive during the export")
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 300 }))))
})

describe("other streams on the fake", () => {
  it.effect("Contacts.stream walks nested-metadata pages", () =>
    Effect.gen(function*() {
      const contacts = yield* Stream.runCollect((yield* Contacts).stream({ pageSize: 7 }))
      const state = yield* (yield* FakeWithallo).state
      assert.strictEqual(contacts.length, state.contacts.length)
      assert.deepStrictEqual(contacts.map((c) => c.id), state.contacts.map((c) => c.id))
    }).pipe(Effect.provide(WithalloTest.layer({ contacts: 40 }))))

  it.effect("Conversations.streamItems walks 1-based v2 pages", () =>
    Effect.gen(function*() {
      const conversations = yield* Conversations
      const first = yield* conversations.searchItems({ size: 100 })
      const all = yield* Stream.runCollect(conversations.streamItems({ pageSize: 25 }))
      assert.strictEqual(first.page, 1)
      assert.strictEqual(all.length, first.totalCount)
      assert.strictEqual(new Set(all.map((i) => i.id)).size, all.length)
    }).pipe(Effect.provide(WithalloTest.layer({ calls: 120 }))))
})

describe("writes on the fake", () => {
  it.effect("Sms.send with a key is retried after a timeout once Allo had the request, and sends one SMS", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      // Allo takes the request, then the response never completes.
      yield* fake.injectFault({ method: "POST", path: "/v1/api/sms", fault: { _tag: "StallBody" }, times: 1 })
      const sms = yield* Sms
      const fiber = yield* Effect.forkChild(
        sms.send({ from: ALLO, to: "+14155550199", message: "hello", idempotencyKey: "k-1" })
      )
      yield* TestClock.adjust(Duration.seconds(10))
      const sent = yield* Fiber.join(fiber)
      assert.strictEqual(sent.content, "hello")
      assert.strictEqual((yield* fake.sentSms).length, 1, "one SMS, not two")
      const posts = (yield* fake.requests).filter((r) => r.method === "POST")
      assert.strictEqual(posts.length, 2)
      assert.deepStrictEqual(posts.map((r) => r.headers["idempotency-key"]), ["k-1", "k-1"])
    }).pipe(Effect.provide(WithalloTest.layer(undefined, { client: { timeout: "2 seconds" } }))))

  it.effect("Sms.send without a key is not retried after a timeout", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ method: "POST", path: "/v1/api/sms", fault: { _tag: "StallBody" }, times: 1 })
      const fiber = yield* Effect.forkChild(Effect.flip((yield* Sms).send({ from: ALLO, to: "+14155550199", message: "hello" })))
      yield* TestClock.adjust(Duration.seconds(10))
      const error = yield* Fiber.join(fiber)
      assert.strictEqual(error._tag, "TimeoutError")
      assert.strictEqual((yield* fake.requests).filter((r) => r.method === "POST").length, 1)
      assert.strictEqual((yield* fake.sentSms).length, 1, "Allo did send it: a retry would have sent it twice")
    }).pipe(Effect.provide(WithalloTest.layer(undefined, { client: { timeout: "2 seconds" } }))))

  it.effect("Sms.send without a key is not retried after a 503, and nothing is recorded twice", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ method: "POST", path: "/v1/api/sms", fault: { _tag: "Status", status: 503 }, times: 1 })
      const error = yield* Effect.flip((yield* Sms).send({ from: ALLO, to: "+14155550199", message: "hello" }))
      assert.strictEqual(error._tag, "ServerError")
      const posts = (yield* fake.requests).filter((r) => r.method === "POST")
      assert.strictEqual(posts.length, 1)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an unknown from number is a NotFoundError with Allo's code", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* Sms).send({ from: "+19995550000", to: "+14155550199", message: "x" }))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual((error as { code?: string }).code, "FROM_NUMBER_NOT_FOUND")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an unknown contact is a NotFoundError although v1 answers 400", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* Contacts).get("cnt_missing"))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual((error as { status?: number }).status, 400)
      assert.strictEqual((error as { code?: string }).code, "CONTACT_NOT_FOUND")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a key without SMS_SEND gets a ForbiddenError naming the scope", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* Sms).send({ from: ALLO, to: "+14155550199", message: "x" }))
      assert.strictEqual(error._tag, "ForbiddenError")
      if (error._tag === "ForbiddenError") assert.deepStrictEqual(error.requiredScopes, ["SMS_SEND"])
    }).pipe(Effect.provide(WithalloTest.layer(
      { apiKeys: [{ key: "ak_test_readonly", scopes: ["CONVERSATIONS_READ"] }] },
      { client: { apiKey: "ak_test_readonly" } }
    ))))

  it.effect("the raw Authorization form is accepted too", () =>
    Effect.gen(function*() {
      const numbers = yield* (yield* PhoneNumbers).list()
      assert.isAbove(numbers.length, 0)
    }).pipe(Effect.provide(WithalloTest.layer(undefined, { client: { authScheme: "raw" } }))))
})
