import { assert, describe, it } from "@effect/vitest"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"
import { FakeWithallo } from "effect-withallo/testing"
import { alloRequests, ALLO_NUMBER, browserLayer, Calls, Contacts, fakeAllo, handlerFor, serverOptions, Sms } from "./support.js"

const text = { from: ALLO_NUMBER, to: "+14155551234", message: "Your table is ready" }

/** Sends a raw operation request, as a hand-written (or hostile) browser would. */
const raw = (fetch: typeof globalThis.fetch, body: string, headers: Record<string, string> = {}) =>
  Effect.promise(async () => {
    const response = await fetch("http://app.test/api/withallo/call", {
      method: "POST",
      body,
      headers: { "content-type": "application/json", authorization: "Bearer token-alice", ...headers }
    })
    return { status: response.status, body: JSON.parse(await response.text()) }
  })

describe("WithalloBrowserServer: operations", () => {
  it.effect("runs an allowed operation with the browser's own services and returns the same typed page", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions())
      const direct = yield* Calls.use((calls) => calls.search({ alloNumber: ALLO_NUMBER, size: 5 }))
      const viaBrowser = yield* Calls.use((calls) => calls.search({ alloNumber: ALLO_NUMBER, size: 5 })).pipe(
        Effect.provide(browserLayer(fetch, "token-alice"))
      )
      assert.deepStrictEqual(viaBrowser, direct)
      assert.strictEqual(viaBrowser.items.length, 5)
    }).pipe(Effect.provide(fakeAllo())))

  it.effect("streams cross as pages of the allowed paged operation", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions())
      const calls = yield* Stream.runCollect(Calls.use((c) => Effect.succeed(c.stream({ alloNumber: ALLO_NUMBER, pageSize: 10 }))).pipe(
        Stream.unwrap,
        Stream.provide(browserLayer(fetch, "token-alice"))
      ))
      const direct = yield* Stream.runCollect(Calls.use((c) => Effect.succeed(c.stream({ alloNumber: ALLO_NUMBER }))).pipe(Stream.unwrap))
      assert.deepStrictEqual(calls, direct)
      assert.isAbove(calls.length, 10)
      const pages = (yield* alloRequests).filter((r) => r.query.size === "10").map((r) => r.query.page)
      assert.deepStrictEqual(pages, ["0", "1"])
    }).pipe(Effect.provide(fakeAllo())))

  it.effect("sends an SMS on the user's behalf", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions())
      const sent = yield* Sms.use((sms) => sms.send(text)).pipe(Effect.provide(browserLayer(fetch, "token-alice")))
      assert.strictEqual(sent.to_number, text.to)
      const fake = yield* FakeWithallo
      assert.deepStrictEqual((yield* fake.sentSms).map((s) => s.content), [text.message])
    }).pipe(Effect.provide(fakeAllo())))
})

describe("WithalloBrowserServer: refusals send nothing to Allo", () => {
  it.effect("no session: AuthenticationError 401 SESSION_REQUIRED", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions())
      const error = yield* Effect.flip(Sms.use((sms) => sms.send(text)).pipe(Effect.provide(browserLayer(fetch, "token-mallory"))))
      assert.strictEqual(error._tag, "AuthenticationError")
      if (error._tag !== "AuthenticationError") return
      assert.strictEqual(error.status, 401)
      assert.strictEqual(error.code, "SESSION_REQUIRED")
      assert.strictEqual(error.operation, "Sms.send")
      assert.strictEqual(error.isRetryable, false)
      assert.deepStrictEqual(yield* alloRequests, [])
    }).pipe(Effect.provide(fakeAllo())))

  it.effect("an operation outside the allow-list: ForbiddenError 403 OPERATION_NOT_ALLOWED", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions())
      const error = yield* Effect.flip(Contacts.use((c) => c.search({})).pipe(Effect.provide(browserLayer(fetch, "token-alice"))))
      assert.strictEqual(error._tag, "ForbiddenError")
      assert.strictEqual("code" in error ? error.code : undefined, "OPERATION_NOT_ALLOWED")
      const made = yield* raw(fetch, JSON.stringify({ operation: "Webhooks.delete", input: { id: "x" } }))
      assert.strictEqual(made.status, 403)
      assert.strictEqual(made.body.error._tag, "ForbiddenError")
      assert.deepStrictEqual(yield* alloRequests, [])
    }).pipe(Effect.provide(fakeAllo())))

  it.effect("malformed arguments: ValidationError naming the field, decoded by the operation's own schema", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions())
      const bad = yield* raw(fetch, JSON.stringify({ operation: "Sms.send", input: { params: { ...text, to: "tomorrow" } } }))
      assert.strictEqual(bad.status, 400)
      assert.strictEqual(bad.body.error._tag, "ValidationError")
      assert.deepStrictEqual(bad.body.error.errors.map((e: { field: string }) => e.field), ["to"])
      const extra = yield* raw(fetch, JSON.stringify({ operation: "Sms.send", input: { params: text, path: "/v2/api/x" } }))
      assert.strictEqual(extra.body.error.errors[0].field, "path")
      const notJson = yield* raw(fetch, "{operation")
      assert.strictEqual(notJson.body.error._tag, "ValidationError")
      const form = yield* raw(fetch, JSON.stringify({ operation: "Sms.send", input: { params: text } }), {
        "content-type": "application/x-www-form-urlencoded"
      })
      assert.strictEqual(form.status, 415)
      assert.deepStrictEqual(yield* alloRequests, [])
    }).pipe(Effect.provide(fakeAllo())))

  it.effect("permit: the app's own rule refuses with 403 (alice may only read her own number)", () =>
    Effect.gen(function*() {
      const server = serverOptions({
        permit: (session, call) => {
          const params = call.input.params
          const number = typeof params === "object" && params !== null && "alloNumber" in params ? params.alloNumber : undefined
          return number === undefined || session.numbers.includes(String(number))
        }
      })
      const { fetch } = yield* handlerFor(server)
      const alice = browserLayer(fetch, "token-alice")
      assert.strictEqual((yield* Calls.use((c) => c.search({ alloNumber: ALLO_NUMBER, size: 1 })).pipe(Effect.provide(alice))).items.length, 1)
      const error = yield* Effect.flip(Calls.use((c) => c.search({ alloNumber: "+33612345678" })).pipe(Effect.provide(alice)))
      assert.strictEqual(error._tag, "ForbiddenError")
      assert.strictEqual((yield* alloRequests).length, 1)
    }).pipe(Effect.provide(fakeAllo())))

  it.effect("per-user limits: a user over the limit gets RateLimitError with retryAfter; others are not affected", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions({ limits: { writesPerMinute: 2 } }))
      const alice = browserLayer(fetch, "token-alice")
      yield* Sms.use((sms) => sms.send(text)).pipe(Effect.provide(alice))
      yield* Sms.use((sms) => sms.send(text)).pipe(Effect.provide(alice))
      const error = yield* Effect.flip(Sms.use((sms) => sms.send(text)).pipe(Effect.provide(alice)))
      assert.strictEqual(error._tag, "RateLimitError")
      if (error._tag !== "RateLimitError") return
      assert.strictEqual(error.code, "USER_RATE_LIMITED")
      assert.strictEqual(error.retryAfter === undefined ? undefined : Duration.toMillis(error.retryAfter), 30_000)
      yield* Sms.use((sms) => sms.send({ from: "+33612345678", to: "+33612345679", message: "Bonjour" })).pipe(Effect.provide(browserLayer(fetch, "token-bob")))
      yield* TestClock.adjust("30 seconds")
      yield* Sms.use((sms) => sms.send(text)).pipe(Effect.provide(alice))
      assert.strictEqual((yield* alloRequests).length, 4)
    }).pipe(Effect.provide(fakeAllo())))
})

describe("WithalloBrowserServer: allow by name", () => {
  it.effect("names the SDK's operations; a name it does not define fails every request closed, saying which", () =>
    Effect.gen(function*() {
      const byName = yield* handlerFor(serverOptions({ allow: ["Calls.search", "Me.get"] }))
      const me = yield* raw(byName.fetch, JSON.stringify({ operation: "Me.get", input: {} }))
      assert.strictEqual(me.status, 200)
      const sms = yield* raw(byName.fetch, JSON.stringify({ operation: "Sms.send", input: { params: text } }))
      assert.strictEqual(sms.body.error.code, "OPERATION_NOT_ALLOWED")
      const typo = yield* handlerFor(serverOptions({ allow: ["Calls.search", "Sms.sned"] }))
      const refused = yield* raw(typo.fetch, JSON.stringify({ operation: "Calls.search", input: { params: { alloNumber: ALLO_NUMBER } } }))
      assert.strictEqual(refused.status, 500)
      assert.strictEqual(refused.body.error._tag, "ServerError")
      assert.include(refused.body.error.message, "Sms.sned")
      assert.strictEqual((yield* alloRequests).length, 1)
    }).pipe(Effect.provide(fakeAllo())))
})

describe("WithalloBrowserServer: Allo's errors", () => {
  it.effect("Allo down: the typed error, without the server's details", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions())
      const fake = yield* FakeWithallo
      yield* fake.injectFault({ fault: { _tag: "Drop" }, path: "/v1/api/sms" })
      const error = yield* Effect.flip(Sms.use((sms) => sms.send(text)).pipe(Effect.provide(browserLayer(fetch, "token-alice"))))
      assert.strictEqual(error._tag, "TransportError")
      assert.strictEqual(error.message, "Sms.send: Allo could not be reached")
      assert.notInclude(JSON.stringify(error), "withallo.test")
    }).pipe(Effect.provide(fakeAllo())))

  it.effect("Allo's own refusal crosses as its class with its code", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions())
      const error = yield* Effect.flip(
        Sms.use((sms) => sms.send({ ...text, from: "+19995550100" })).pipe(Effect.provide(browserLayer(fetch, "token-alice")))
      )
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual("code" in error ? error.code : undefined, "FROM_NUMBER_NOT_FOUND")
    }).pipe(Effect.provide(fakeAllo())))
})
