import { assert, layer } from "@effect/vitest"
import { Context, Effect, Layer, Redacted } from "effect"
import { Messages, Withallo } from "../../src/index.js"
import { FakeHttpClient, FakeWithallo, WithalloTest } from "../../src/testing/index.js"
import { describePg, eventsUntil, FROM, fastTimings, messagesOver, pgLayer, resetLog, TO } from "./support.js"

/** One replica: its own client and log (own worker, own claims) over the shared fake and database. */
const replica = Messages.layer(fastTimings).pipe(
  Layer.provide(
    Withallo.layer({
      apiKey: Redacted.make(WithalloTest.apiKey),
      baseUrl: "https://api.withallo.test",
      rateLimit: false,
      timeout: "300 millis",
      maxRetries: 0
    }).pipe(Layer.provide(FakeHttpClient.layer))
  )
)

describePg("Messages on PostgreSQL", () => {
  layer(Layer.mergeAll(pgLayer("postgres"), FakeWithallo.layer({ now: Date.now() })), { excludeTestServices: true, timeout: "60 seconds" })(
    (it) => {
      it.effect("the log works the same on a PostgreSQL server", () =>
        Effect.gen(function*() {
          yield* resetLog
          const messages = yield* Messages
          const sent = yield* messages.send({ key: "pg-1", from: FROM, to: TO, message: "From Postgres" })
          assert.strictEqual(sent.status, "sent")
          const events = yield* eventsUntil((e) => e._tag === "MessageSent")
          assert.deepStrictEqual(events.map((e) => e._tag), ["MessageQueued", "MessageSent"])
        }).pipe(Effect.provide(messagesOver())))

      it.effect("two replicas given the same 60 keys, each twice and at once, send 60 SMS", () =>
        Effect.gen(function*() {
          yield* resetLog
          const fake = yield* FakeWithallo
          yield* fake.reset({ now: Date.now() })
          const a = Context.get(yield* Layer.build(replica), Messages)
          const b = Context.get(yield* Layer.build(replica), Messages)
          const keys = Array.from({ length: 60 }, (_, i) => `dup-${i}`)
          const submissions = keys.flatMap((key, i) => {
            const params = { key, from: FROM, to: TO, message: `Message ${i}` }
            return [a.send(params), b.send(params), b.enqueue(params), a.send(params)]
          })
          const results = yield* Effect.all(submissions, { concurrency: 16 })
          const sms = yield* fake.sentSms
          assert.lengthOf(sms, 60)
          assert.lengthOf(new Set(sms.map((s) => s.content)), 60)
          const byKey = new Map(results.map((m) => [m.key, m.id]))
          for (const m of results) assert.strictEqual(m.id, byKey.get(m.key))
          const page = yield* a.search({ size: 100 })
          assert.strictEqual(page.totalCount, 60)
          assert.isTrue(page.items.every((m) => m.status === "sent" && m.attempts === 1))
        }).pipe(Effect.scoped))

      it.effect("a replica's events stream sees what the other replica wrote", () =>
        Effect.gen(function*() {
          yield* resetLog
          const a = Context.get(yield* Layer.build(replica), Messages)
          const b = Context.get(yield* Layer.build(replica), Messages)
          yield* a.send({ key: "seen-by-b", from: FROM, to: TO, message: "Hello from A" })
          const events = yield* Effect.provideService(eventsUntil((e) => e._tag === "MessageSent"), Messages, b)
          assert.deepStrictEqual(events.map((e) => [e._tag, e.key]), [["MessageQueued", "seen-by-b"], ["MessageSent", "seen-by-b"]])
        }).pipe(Effect.scoped))
    }
  )
})
