import { assert, describe, it, layer } from "@effect/vitest"
import { maskNumber } from "../../src/messages/privacy.js"
import { Effect, Layer, Stream } from "effect"
import { SqlClient } from "effect/sql"
import { Conversations, Messages } from "../../src/index.js"
import { FakeWithallo } from "../../src/testing/index.js"
import { eventsUntil, FROM, messagesOver, pgliteLayer, resetLog, TO } from "./support.js"

const tags = (events: ReadonlyArray<{ readonly _tag: string }>) => events.map((e) => e._tag)

layer(pgliteLayer, { excludeTestServices: true, timeout: "180 seconds" })("Messages on PGlite", (it) => {
  it.effect("send writes the message, sends one SMS and records Queued then Sent", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const sent = yield* messages.send({ key: "order-1", from: FROM, to: TO, message: "Your order shipped", meta: { order: 1 } })
      assert.strictEqual(sent.status, "sent")
      assert.strictEqual(sent.attempts, 1)
      assert.deepStrictEqual(sent.meta, { order: 1 })
      assert.match(sent.id, /^wm_[0-9a-f]{24}$/)
      assert.isNotNull(sent.sentAt)
      const sms = yield* (yield* FakeWithallo).sentSms
      assert.deepStrictEqual(sms.map((s) => [s.from_number, s.to_number, s.content]), [[FROM, TO, "Your order shipped"]])
      const events = yield* eventsUntil((e) => e._tag === "MessageSent")
      assert.deepStrictEqual(tags(events), ["MessageQueued", "MessageSent"])
      assert.isTrue(events.every((e) => e.key === "order-1" && e.messageId === sent.id))
      assert.deepStrictEqual(yield* messages.get("order-1"), yield* messages.get(sent.id))
    }).pipe(Effect.provide(messagesOver())))

  it.effect("a repeated key returns the stored message without sending; a key reused for another text is refused", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const params = { key: "otp-7", from: FROM, to: TO, message: "Code 123456" }
      const first = yield* messages.send(params)
      const again = yield* Effect.all([messages.send(params), messages.send(params), messages.enqueue(params)], { concurrency: 3 })
      for (const m of again) assert.strictEqual(m.id, first.id)
      assert.lengthOf(yield* (yield* FakeWithallo).sentSms, 1)
      const reused = yield* Effect.flip(messages.send({ ...params, message: "Code 999999" }))
      assert.strictEqual(reused._tag, "MessageKeyReusedError")
      if (reused._tag === "MessageKeyReusedError") assert.deepStrictEqual(reused.fields, ["message"])
    }).pipe(Effect.provide(messagesOver())))

  it.effect("bad input fails with a ValidationError naming the field; nothing is written or sent", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const cases = [
        [{ key: "k", to: TO, message: "hi" }, "from"],
        [{ key: "k", from: FROM, senderId: "AcmeCorp", to: TO, message: "hi" }, "senderId"],
        [{ key: "", from: FROM, to: TO, message: "hi" }, "key"],
        [{ key: "k", from: FROM, to: "0612", message: "hi" }, "to"],
        [{ key: "k", from: FROM, to: TO, message: "" }, "message"],
        [{ key: "k", from: FROM, to: TO, message: "hi", meta: { n: 10n } }, "meta"]
      ] as const
      for (const [params, field] of cases) {
        const error = yield* Effect.flip(messages.send(params))
        assert.strictEqual(error._tag, "ValidationError")
        if (error._tag === "ValidationError") assert.strictEqual(error.errors[0]?.field, field)
      }
      const page = yield* messages.search()
      assert.strictEqual(page.totalCount, 0)
      assert.lengthOf(yield* (yield* FakeWithallo).requests, 0)
      const badFilter = yield* Effect.flip(messages.search({ status: "lost" as "sent" }))
      assert.strictEqual(badFilter._tag, "ValidationError")
    }).pipe(Effect.provide(messagesOver())))

  it.effect("Allo refusing a message fails it with the error's tag and message, once", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const failed = yield* messages.send({ key: "bad-from", from: "+14155550111", to: TO, message: "hello" })
      assert.strictEqual(failed.status, "failed")
      assert.strictEqual(failed.error?.tag, "NotFoundError")
      assert.match(failed.error?.message ?? "", /FROM_NUMBER_NOT_FOUND/)
      assert.isNotNull(failed.settledAt)
      const events = yield* eventsUntil((e) => e._tag === "MessageFailed")
      assert.deepStrictEqual(tags(events), ["MessageQueued", "MessageFailed"])
      assert.lengthOf((yield* (yield* FakeWithallo).requests).filter((r) => r.path === "/v1/api/sms"), 1)
    }).pipe(Effect.provide(messagesOver())))

  it.effect("a timeout after Allo accepted the text is reconciled through the conversation search: sent once, never re-sent", () =>
    Effect.gen(function*() {
      yield* resetLog
      const fake = yield* FakeWithallo
      const messages = yield* Messages
      yield* fake.injectFault({ method: "POST", path: "/v1/api/sms", fault: { _tag: "StallBody" } })
      const first = yield* messages.send({ key: "stalled", from: FROM, to: TO, message: "Your table is ready" })
      assert.strictEqual(first.status, "sending")
      assert.strictEqual(first.error?.tag, "TimeoutError")
      const events = yield* eventsUntil((e) => e._tag === "MessageSent")
      const sentEvent = events.find((e) => e._tag === "MessageSent")
      assert.isTrue(sentEvent?._tag === "MessageSent" && sentEvent.reconciled)
      const settled = yield* messages.get("stalled")
      assert.strictEqual(settled.status, "sent")
      assert.match(settled.alloItemId ?? "", /^msg-/)
      assert.lengthOf(yield* fake.sentSms, 1)
    }).pipe(Effect.provide(messagesOver())))

  it.effect("a failure before Allo processed the text is proven unsent after notFoundAfter and sent again, once", () =>
    Effect.gen(function*() {
      yield* resetLog
      const fake = yield* FakeWithallo
      const messages = yield* Messages
      yield* fake.injectFault({ method: "POST", path: "/v1/api/sms", fault: { _tag: "Status", status: 503 } })
      const first = yield* messages.send({ key: "retry-me", from: FROM, to: TO, message: "See you at 5" })
      assert.strictEqual(first.status, "sending")
      assert.strictEqual(first.error?.tag, "ServerError")
      const events = yield* eventsUntil((e) => e._tag === "MessageSent")
      assert.deepStrictEqual(tags(events), ["MessageQueued", "MessageQueued", "MessageSent"])
      const requeued = events[1]
      assert.isTrue(requeued?._tag === "MessageQueued" && requeued.attempt === 2)
      const settled = yield* messages.get("retry-me")
      assert.strictEqual(settled.status, "sent")
      assert.strictEqual(settled.attempts, 2)
      assert.lengthOf(yield* fake.sentSms, 1)
    }).pipe(Effect.provide(messagesOver())))

  it.effect("a message that cannot be looked up becomes unsettled and is reported, never re-sent", () =>
    Effect.gen(function*() {
      yield* resetLog
      const fake = yield* FakeWithallo
      const messages = yield* Messages
      yield* fake.injectFault({ method: "POST", path: "/v1/api/sms", fault: { _tag: "Drop" } })
      yield* fake.injectFault({ path: "/v2/api/conversations/items/search", fault: { _tag: "Status", status: 403 } })
      const first = yield* messages.send({ key: "in-doubt", from: FROM, to: TO, message: "Reminder" })
      assert.strictEqual(first.error?.tag, "TransportError")
      const events = yield* eventsUntil((e) => e._tag === "MessageUnsettled")
      const unsettled = events[events.length - 1]
      assert.isTrue(unsettled?._tag === "MessageUnsettled" && unsettled.error.tag === "ForbiddenError")
      const stored = yield* messages.get("in-doubt")
      assert.strictEqual(stored.status, "unsettled")
      const page = yield* messages.search({ status: "unsettled" })
      assert.deepStrictEqual(page.items.map((m) => m.key), ["in-doubt"])
      assert.lengthOf(yield* fake.sentSms, 0)
    }).pipe(Effect.provide(messagesOver())))

  it.effect("enqueue returns at once; the worker sends the message", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const queued = yield* messages.enqueue({ key: "later", senderId: "AcmeCorp", to: "+33612345670", message: "Bonjour" })
      assert.strictEqual(queued.status, "queued")
      yield* eventsUntil((e) => e._tag === "MessageSent")
      const sent = yield* messages.get("later")
      assert.strictEqual(sent.status, "sent")
      const sms = yield* (yield* FakeWithallo).sentSms
      assert.deepStrictEqual(sms.map((s) => [s.sender_id, s.to_number]), [["AcmeCorp", "+33612345670"]])
    }).pipe(Effect.provide(messagesOver())))

  it.effect("search pages and streams filter by status, number and time, newest first", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      for (let i = 0; i < 5; i++) yield* messages.send({ key: `k${i}`, from: FROM, to: i % 2 === 0 ? TO : "+14155550198", message: `m${i}` })
      yield* messages.send({ key: "bad", from: "+14155550111", to: TO, message: "x" })
      const page1 = yield* messages.search({ status: "sent", size: 2 })
      assert.deepStrictEqual(page1.items.map((m) => m.key), ["k4", "k3"])
      assert.deepStrictEqual([page1.page, page1.totalPages, page1.totalCount, page1.hasMore], [1, 3, 5, true])
      const toTo = yield* messages.search({ to: TO, status: ["sent", "failed"] })
      assert.deepStrictEqual(toTo.items.map((m) => m.key), ["bad", "k4", "k2", "k0"])
      const all = yield* messages.stream({ pageSize: 2 }).pipe(Stream.runCollect)
      assert.deepStrictEqual(all.map((m) => m.key), ["bad", "k4", "k3", "k2", "k1", "k0"])
      const future = yield* messages.search({ since: new Date(Date.now() + 3_600_000) })
      assert.strictEqual(future.totalCount, 0)
    }).pipe(Effect.provide(messagesOver())))

  it.effect("storeBodies: false keeps only the text's hash once settled; the API key is stored nowhere", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      const sent = yield* messages.send({ key: "secret", from: FROM, to: TO, message: "Your code is 424242" })
      assert.isNull(sent.body)
      assert.match(sent.bodySha256, /^[0-9a-f]{64}$/)
      const sql = yield* SqlClient.SqlClient
      const dump = JSON.stringify([
        yield* sql`SELECT * FROM withallo_messages`,
        yield* sql`SELECT * FROM withallo_message_events`
      ])
      assert.notInclude(dump, "424242")
      assert.notInclude(dump, "ak_test_fake")
    }).pipe(Effect.provide(messagesOver({ storeBodies: false }))))

  it.effect("the conversation search the reconciliation reads finds what the fake sent", () =>
    Effect.gen(function*() {
      yield* resetLog
      const messages = yield* Messages
      yield* messages.send({ key: "found", from: FROM, to: TO, message: "Lookup me" })
      const items = yield* Conversations.use((c) => c.searchItems({ contactNumber: TO, type: "SMS", direction: "OUTBOUND" }))
      assert.include(items.items.map((i) => i.content), "Lookup me")
    }).pipe(Effect.provide(messagesOver())))

  it.effect("runs PostgreSQL's SQL: transactions roll back, constraint violations are typed SqlErrors", () =>
    Effect.gen(function*() {
      const sql = yield* SqlClient.SqlClient
      yield* sql`CREATE TABLE IF NOT EXISTS pglite_probe (id int PRIMARY KEY, doc jsonb)`
      yield* sql`TRUNCATE pglite_probe`
      yield* sql`INSERT INTO pglite_probe VALUES (1, ${JSON.stringify({ a: 1 })}::jsonb)`
      const rolledBack = yield* Effect.flip(sql.withTransaction(Effect.gen(function*() {
        yield* sql`INSERT INTO pglite_probe VALUES (2, NULL)`
        return yield* Effect.fail("stop" as const)
      })))
      assert.strictEqual(rolledBack, "stop")
      const duplicate = yield* Effect.flip(sql`INSERT INTO pglite_probe VALUES (1, NULL)`)
      assert.strictEqual(duplicate.reason._tag, "UniqueViolation")
      const syntax = yield* Effect.flip(sql`SELEC 1`)
      assert.strictEqual(syntax.reason._tag, "SqlSyntaxError")
      const rows = yield* sql<{ readonly id: number; readonly doc: unknown }>`SELECT * FROM pglite_probe FOR UPDATE SKIP LOCKED`
      assert.deepStrictEqual(rows.map((r) => [r.id, r.doc]), [[1, { a: 1 }]])
    }))

  it.effect("options are checked when the layer is built", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip(Layer.build(messagesOver({ maxAttempts: 0 })))
      assert.strictEqual(error._tag, "ValidationError")
    }).pipe(Effect.scoped))
})

describe("maskNumber", () => {
  it("keeps the country and area code and the last four digits", () => {
    assert.strictEqual(maskNumber("+14155550199"), "+1415•••0199")
    assert.strictEqual(maskNumber("+33612345678"), "+3361•••5678")
    assert.strictEqual(maskNumber("+4412"), "+4•••12")
  })
})
