import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { FakeWithallo } from "../../src/testing/FakeWithallo.js"
import { call } from "./support.js"

const page = (fake: FakeWithallo.Service, n: number, size = 100, number = "+14155550100") =>
  Effect.map(call(fake, "GET", `/v1/api/calls?allo_number=${encodeURIComponent(number)}&size=${size}&page=${n}`), (r) => r.json)

const firstPage = (seed: Parameters<typeof FakeWithallo.layer>[0]) =>
  Effect.gen(function*() {
    const fake = yield* FakeWithallo
    const calls = yield* page(fake, 0)
    const contacts = yield* call(fake, "GET", "/v1/api/contacts?size=100")
    const items = yield* call(fake, "POST", "/v2/api/conversations/items/search", { body: { size: 100 } })
    return JSON.stringify([calls, contacts.json, items.json])
  }).pipe(Effect.provide(FakeWithallo.layer(seed)))

describe("generated seeds", () => {
  it.effect("are deterministic: same seed → same data; another seed → different data", () =>
    Effect.gen(function*() {
      const a = yield* firstPage({ calls: 500, contacts: 50, messages: 30, seed: 7 })
      const b = yield* firstPage({ calls: 500, contacts: 50, messages: 30, seed: 7 })
      const c = yield* firstPage({ calls: 500, contacts: 50, messages: 30, seed: 8 })
      assert.strictEqual(a, b)
      assert.notStrictEqual(a, c)
    }))

  it.effect("look like Allo's data: E.164 numbers, stable prefixed ids, varied results, tricky transcripts", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const results: Array<any> = []
      for (let p = 0; p < 10; p++) results.push(...(yield* page(fake, p)).data.results)
      assert.strictEqual(results.length, 1000)
      const ids = new Set(results.map((c) => c.id))
      assert.strictEqual(ids.size, 1000)
      for (const c of results) {
        assert.match(c.id, /^call_[a-z0-9]+$/)
        assert.match(c.from_number, /^\+[1-9]\d{6,14}$/)
        assert.match(c.start_date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/)
      }
      const kinds = new Set(results.map((c) => c.result))
      for (const r of ["ANSWERED", "VOICEMAIL", "MISSED"]) assert.isTrue(kinds.has(r), r)
      const texts = results.flatMap((c) => (c.transcript ?? []).map((l: any) => l.text as string))
      assert.isTrue(texts.some((t) => t.includes(",")))
      assert.isTrue(texts.some((t) => t.includes("\"")))
      assert.isTrue(texts.some((t) => t.includes("\n")))
      const dates = results.map((c) => c.start_date)
      assert.deepStrictEqual([...dates].sort().reverse(), dates)
      // ids are stable: a second read gives the same records
      assert.deepStrictEqual((yield* page(fake, 3)).data.results, results.slice(300, 400))
    }).pipe(Effect.provide(FakeWithallo.layer({ calls: 1000, contacts: 50, numbers: ["+14155550100"] }))))

  // How cheap is the bench's business (bench/memory.ts); this pins that it works at that size.
  it.effect("200,000 calls seed and page through in order", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const first = yield* page(fake, 0)
      assert.strictEqual(first.data.metadata.total_pages, 2000)
      let count = 0
      let previous = "9999"
      for (let p = 0; p < 2000; p += 1) {
        const body = yield* page(fake, p)
        count += body.data.results.length
        const last = body.data.results[body.data.results.length - 1]
        assert.isTrue(last.start_date <= previous)
        previous = last.start_date
      }
      assert.strictEqual(count, 200_000)
    }).pipe(Effect.provide(FakeWithallo.layer({ calls: 200_000, contacts: 200, numbers: ["+14155550100"] }))), 30_000)

  it.effect("explicit records are taken as given and merged newest first", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const body = (yield* page(fake, 0, 100, "+1234567890")).data.results
      assert.deepStrictEqual(body.map((c: any) => c.id), ["call_new", "call_old"])
      assert.strictEqual(body[1].to_number, "+1234567890")
      const byId = yield* call(fake, "GET", "/v2/api/conversations/items/cll-new")
      assert.strictEqual(byId.json.data.direction, "OUTBOUND")
      const contact = yield* call(fake, "GET", "/v1/api/contact/cnt_abc123")
      assert.strictEqual(contact.json.data.name, "Sarah")
    }).pipe(Effect.provide(FakeWithallo.layer({
      numbers: ["+1234567890"],
      contacts: [{ id: "cnt_abc123", name: "Sarah", numbers: ["+14155551234"] }],
      calls: [
        { id: "call_old", from_number: "+14155551234", to_number: "+1234567890", start_date: "2024-01-15T10:30:00", result: "ANSWERED" },
        { id: "call_new", type: "OUTBOUND", from_number: "+1234567890", to_number: "+14155551234", start_date: "2024-02-01T09:00:00", result: "VOICEMAIL" }
      ]
    }))))

  it.effect("reset returns to the layer's seed and clears logs and faults", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* call(fake, "POST", "/v1/api/sms", { body: { from: "+14155550100", to: "+14155551234", message: "x" } })
      yield* fake.injectFault({ fault: { _tag: "Drop" } })
      yield* fake.seed({ contacts: 5 })
      assert.strictEqual((yield* fake.state).contacts.length, 8)
      yield* fake.reset()
      assert.strictEqual((yield* fake.state).contacts.length, 3)
      assert.deepStrictEqual([(yield* fake.requests).length, (yield* fake.sentSms).length], [0, 0])
      assert.strictEqual((yield* call(fake, "GET", "/v1/api/numbers")).status, 200)
    }).pipe(Effect.provide(FakeWithallo.layer({ contacts: 3 }))))
})
