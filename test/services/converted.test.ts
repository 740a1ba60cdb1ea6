/**
 * What the endpoint conversion added or fixed, as a caller sees it:
 * `PhoneNumbers.setDefaultSummaryTemplate` (CONTRACT §5b), `Me.get` on an
 * answer that leaves out non-essential fields (issue 15), ids recorded on
 * spans, and the wire form of the flags that go through codecs.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Tracer } from "effect"
import { Contacts, Conversations, Me, PhoneNumbers, Webhooks, Withallo } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"
import { makeStub } from "../support/stub.js"
import { collectSpans } from "../support/spans.js"

const overStub = (stub: ReturnType<typeof makeStub>) => Withallo.services.pipe(Layer.provide(stub.layer()))

describe("PhoneNumbers.setDefaultSummaryTemplate", () => {
  it.effect("sets, then clears, a number's default template; the fake remembers it", () =>
    Effect.gen(function*() {
      const numbers = yield* PhoneNumbers
      const fake = yield* FakeWithallo
      const set = yield* numbers.setDefaultSummaryTemplate("+14155550100", "tst-abc123")
      assert.deepStrictEqual(set, { number: "+14155550100", default_summary_template_id: "tst-abc123" })
      const cleared = yield* numbers.setDefaultSummaryTemplate("+14155550100", null)
      assert.deepStrictEqual(cleared, { number: "+14155550100", default_summary_template_id: null })
      const sent = yield* fake.requests
      assert.deepStrictEqual(sent.map((r) => [r.method, r.path, r.body]), [
        ["PUT", "/v2/api/numbers/%2B14155550100/default_summary_template", { summary_template_id: "tst-abc123" }],
        ["PUT", "/v2/api/numbers/%2B14155550100/default_summary_template", { summary_template_id: null }]
      ])
      // A v2 write: each call mints its own key.
      const keys = sent.map((r) => r.headers["idempotency-key"] ?? "")
      for (const key of keys) assert.match(key, /^[0-9a-f-]{36}$/)
      assert.notStrictEqual(keys[0], keys[1])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a caller's idempotency key is sent as given", () =>
    Effect.gen(function*() {
      yield* (yield* PhoneNumbers).setDefaultSummaryTemplate("+33612345678", "tst-1", { idempotencyKey: "set-tst-1" })
      const [request] = yield* (yield* FakeWithallo).requests
      assert.strictEqual(request?.headers["idempotency-key"], "set-tst-1")
      assert.deepStrictEqual(request?.body, { summary_template_id: "tst-1" })
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a number the workspace does not have is a NotFoundError", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* PhoneNumbers).setDefaultSummaryTemplate("+14155559999", "tst-1"))
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual((error as { code?: string }).code, "PHONE_NUMBER_NOT_FOUND")
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("Me.get", () => {
  it.effect("decodes an answer whose endpoints have no scope and that leaves out team and rate limits", () =>
    Effect.gen(function*() {
      const stub = makeStub([{
        status: 200,
        body: { data: { api_key_id: "api-1", scopes: [], endpoints: [{ method: "GET", path: "/v2/api/me", description: "Me" }] } }
      }])
      const me = yield* Me.use((m) => m.get()).pipe(Effect.provide(overStub(stub)))
      assert.strictEqual(me.api_key_id, "api-1")
      assert.deepStrictEqual(me.endpoints, [{ method: "GET", path: "/v2/api/me", description: "Me" }])
      assert.notProperty(me, "rate_limits")
    }))

  it.effect("still fails, naming the field, when the key's id is missing", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 200, body: { data: { scopes: [] } } }])
      const error = yield* Effect.flip(Me.use((m) => m.get()).pipe(Effect.provide(overStub(stub))))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      assert.include(error.message, "api_key_id")
    }))
})

describe("spans", () => {
  it.effect("an operation on one record names its id on the span", () =>
    Effect.gen(function*() {
      const { spans, tracer } = collectSpans()
      const stub = makeStub([{ status: 204 }])
      yield* Webhooks.use((w) => w.delete("web-123")).pipe(
        Effect.provide(overStub(stub)),
        Effect.provideService(Tracer.Tracer, tracer)
      )
      const span = spans.find((s) => s.name === "Webhooks.delete")
      assert.strictEqual(span?.attributes.get("withallo.webhook_id"), "web-123")
    }))
})

describe("flags through codecs", () => {
  it.effect("transcript: true travels as extend=transcript, in the query even on the batch POST; false sends nothing", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 200, body: { data: [] } }])
      yield* Conversations.use((c) => Effect.all([c.getItems(["cll-1"], { transcript: true }), c.getItems(["cll-2"], { transcript: false })])).pipe(
        Effect.provide(overStub(stub))
      )
      assert.deepStrictEqual(stub.sent.map((r) => [Object.fromEntries(r.url.searchParams), JSON.parse(r.body ?? "null")]), [
        [{ extend: "transcript" }, { ids: ["cll-1"] }],
        [{}, { ids: ["cll-2"] }]
      ])
    }))

  it.effect("an empty extend list sends no extend", () =>
    Effect.gen(function*() {
      const stub = makeStub([{ status: 404, body: { code: "CONTACT_NOT_FOUND", details: null } }])
      yield* Contacts.use((c) => c.get("cnt_1", { extend: [] })).pipe(Effect.provide(overStub(stub)), Effect.exit)
      assert.deepStrictEqual(Object.fromEntries(stub.sent[0]!.url.searchParams), {})
    }))

  it.effect("a v1 webhook is created enabled unless told otherwise", () =>
    Effect.gen(function*() {
      const created = { data: { id: "web-1", alloNumber: "+14155550100", enabled: true, url: "https://x.test", topics: ["PING"] } }
      const stub = makeStub([{ status: 200, body: created }])
      yield* Webhooks.use((w) =>
        Effect.all([
          w.create({ alloNumber: "+14155550100", url: "https://x.test", topics: ["PING"] }),
          w.create({ alloNumber: "+14155550100", url: "https://x.test", topics: ["PING"], enabled: false })
        ])
      ).pipe(Effect.provide(overStub(stub)))
      assert.deepStrictEqual(stub.sent.map((r) => JSON.parse(r.body ?? "null").enabled), [true, false])
    }))
})
