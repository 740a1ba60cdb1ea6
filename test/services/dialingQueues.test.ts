/**
 * The Power Dialer's queue against the fake: requests, the queue's state
 * through reset/upsert/append/clear, appends split at 1,000 numbers, and
 * inputs refused before any request.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Stream } from "effect"
import { DialingQueues, NotFoundError, ValidationError } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"

const JORDAN = { id: "usr-def456", email: "jordan@acme.com" }
const numbers = (count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => ({ number: `+1212555${String(from + i).padStart(4, "0")}` }))

const requests = FakeWithallo.use((fake) => fake.requests)

describe("DialingQueues.current", () => {
  it.effect("with no queue: an empty page and no queue", () =>
    Effect.gen(function*() {
      const page = yield* (yield* DialingQueues).current()
      assert.deepStrictEqual(page.items, [])
      assert.isUndefined(page.queue)
      assert.isFalse(page.hasMore)
      const [request] = yield* requests
      assert.strictEqual(request?.method, "GET")
      assert.strictEqual(request?.path, "/v2/api/dialing-queues/current")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("pages the numbers by position, the queue's settings beside them; a teammate's by email", () =>
    Effect.gen(function*() {
      const queues = yield* DialingQueues
      yield* queues.appendNumbers(numbers(5), { email: JORDAN.email })
      const page = yield* queues.current({ email: JORDAN.email, page: 2, size: 2 })
      assert.deepStrictEqual(page.items.map((n) => [n.number_to, n.position]), [["+12125550002", 2], ["+12125550003", 3]])
      assert.deepStrictEqual([page.page, page.totalPages, page.totalCount, page.hasMore], [2, 3, 5, true])
      assert.strictEqual(page.queue?.assignee_id, JORDAN.id)
      assert.match(page.queue?.id ?? "", /^pdl_/)
      const request = (yield* requests).at(-1)
      assert.deepStrictEqual(request?.query, { email: JORDAN.email, page: "2", size: "2" })
      const mine = yield* queues.current()
      assert.isUndefined(mine.queue, "the caller's own queue is another one")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an unknown teammate is a NotFoundError (ASSIGNEE_NOT_FOUND)", () =>
    Effect.gen(function*() {
      const error = yield* Effect.flip((yield* DialingQueues).current({ userId: "usr-nobody" }))
      assert.instanceOf(error, NotFoundError)
      assert.strictEqual(error.code, "ASSIGNEE_NOT_FOUND")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("streamCurrent walks every page in position order", () =>
    Effect.gen(function*() {
      const queues = yield* DialingQueues
      yield* queues.appendNumbers(numbers(25))
      const all = yield* Stream.runCollect(queues.streamCurrent({ pageSize: 10 }))
      assert.deepStrictEqual(all.map((n) => n.position), Array.from({ length: 25 }, (_, i) => i))
      assert.deepStrictEqual((yield* requests).filter((r) => r.method === "GET").map((r) => r.query.page), ["1", "2", "3"])
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("DialingQueues.reset and upsert", () => {
  it.effect("reset starts a fresh named queue; upsert changes only the settings given", () =>
    Effect.gen(function*() {
      const queues = yield* DialingQueues
      yield* queues.appendNumbers(numbers(3))
      const fresh = yield* queues.reset({ name: "Monday cold calls" })
      assert.strictEqual(fresh.name, "Monday cold calls")
      assert.deepStrictEqual(fresh.numbers, [])
      assert.strictEqual((yield* queues.current()).totalCount, 0)
      const updated = yield* queues.upsert({ voicemailHandling: "SKIP", doNotDisturb: "ENABLED" })
      assert.strictEqual(updated.id, fresh.id)
      assert.deepStrictEqual([updated.name, updated.voicemail_handling, updated.do_not_disturb], ["Monday cold calls", "SKIP", "ENABLED"])
      const writes = (yield* requests).filter((r) => r.method !== "GET" && r.path === "/v2/api/dialing-queues/current")
      assert.deepStrictEqual(writes.map((r) => [r.method, r.body]), [
        ["POST", { name: "Monday cold calls" }],
        ["PATCH", { voicemail_handling: "SKIP", do_not_disturb: "ENABLED" }]
      ])
      assert.isTrue(writes.every((r) => r.headers["idempotency-key"] !== undefined))
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("reset with nothing sends an empty body for the caller's own queue", () =>
    Effect.gen(function*() {
      const queue = yield* (yield* DialingQueues).reset()
      assert.strictEqual(queue.assignee_id, "usr-abc123")
      assert.deepStrictEqual((yield* requests)[0]?.body, {})
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("DialingQueues.appendNumbers", () => {
  it.effect("sends entries in snake_case, returns added with positions and skipped as given", () =>
    Effect.gen(function*() {
      const result = yield* (yield* DialingQueues).appendNumbers(
        [
          { number: "+1 (212) 555-0010", name: "John", lastName: "Doe", company: "Acme Inc", jobTitle: "Sales Manager" },
          { number: "not a number" },
          { number: "+33 6 12 34 56 78" }
        ],
        { userId: JORDAN.id }
      )
      assert.deepStrictEqual(result.added.map((n) => [n.number_to, n.position, n.sync_status]), [
        ["+12125550010", 0, "SYNCED"],
        ["+33612345678", 1, "NOT_SYNCED"]
      ])
      assert.deepStrictEqual(result.skipped, [{ number: "not a number", reason: "INVALID_PHONE_NUMBER" }])
      const [request] = yield* requests
      assert.strictEqual(request?.path, "/v2/api/dialing-queues/current/numbers")
      assert.deepStrictEqual(request?.body, {
        numbers: [
          { number: "+1 (212) 555-0010", name: "John", last_name: "Doe", company: "Acme Inc", job_title: "Sales Manager" },
          { number: "not a number" },
          { number: "+33 6 12 34 56 78" }
        ],
        user_id: JORDAN.id
      })
      const contact = (yield* (yield* FakeWithallo).state).contacts.find((c) => c.numbers.includes("+12125550010"))
      assert.strictEqual(contact?.company?.name, "Acme Inc")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("more than 1,000 numbers go in requests of 1,000, in order, merged in order", () =>
    Effect.gen(function*() {
      const queues = yield* DialingQueues
      const fake = yield* FakeWithallo
      // The queue is worked through as it is filled: each request finds room.
      yield* fake.onRequest({ method: "POST", path: "/v2/api/dialing-queues/current/numbers" }, () =>
        Effect.ignore(queues.clearNumbers({ unassigned: true })))
      const entries = [...numbers(999), { number: "oops" }, ...numbers(1001, 999)]
      const result = yield* queues.appendNumbers(entries, { idempotencyKey: "bulk-1" })
      const posts = (yield* fake.requests).filter((r) => r.method === "POST")
      assert.deepStrictEqual(posts.map((r) => (r.body as { numbers: ReadonlyArray<unknown> }).numbers.length), [1000, 1000, 1])
      assert.deepStrictEqual(posts.map((r) => r.headers["idempotency-key"]), ["bulk-1", "bulk-1-2", "bulk-1-3"])
      assert.strictEqual(result.added.length, 2000)
      assert.deepStrictEqual(result.added.slice(997, 1001).map((n) => n.number_to), ["+12125550997", "+12125550998", "+12125550999", "+12125551000"])
      assert.strictEqual(result.added.at(-1)?.number_to, "+12125551999")
      assert.deepStrictEqual(result.skipped, [{ number: "oops", reason: "INVALID_PHONE_NUMBER" }])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a full queue is a ValidationError (DIALING_QUEUE_LIMIT_REACHED) and adds nothing", () =>
    Effect.gen(function*() {
      const queues = yield* DialingQueues
      yield* queues.appendNumbers(numbers(990))
      const error = yield* Effect.flip(queues.appendNumbers(numbers(11, 990)))
      assert.instanceOf(error, ValidationError)
      assert.strictEqual(error.code, "DIALING_QUEUE_LIMIT_REACHED")
      assert.strictEqual((yield* queues.current()).totalCount, 990)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("one bad entry anywhere fails the whole call before any request", () =>
    Effect.gen(function*() {
      const entries: Array<{ number: string }> = numbers(2500)
      entries[2100] = { number: "" }
      const error = yield* Effect.flip((yield* DialingQueues).appendNumbers(entries))
      assert.instanceOf(error, ValidationError)
      assert.strictEqual(error.errors[0]?.field, "numbers[2100].number")
      const empty = yield* Effect.flip((yield* DialingQueues).appendNumbers([]))
      assert.instanceOf(empty, ValidationError)
      assert.strictEqual(empty.errors[0]?.field, "numbers")
      assert.lengthOf(yield* requests, 0)
    }).pipe(Effect.provide(WithalloTest.layer())))
})

describe("DialingQueues.clearNumbers", () => {
  it.effect("removes by number, by position (positions close up), or every unassigned entry", () =>
    Effect.gen(function*() {
      const queues = yield* DialingQueues
      yield* queues.appendNumbers([...numbers(3), { number: "+12125550001" }])
      assert.deepStrictEqual(yield* queues.clearNumbers({ number: "+12125550001", position: 3 }), { removed: 1 })
      assert.deepStrictEqual(yield* queues.clearNumbers({ position: 0 }), { removed: 1 })
      const left = yield* queues.current()
      assert.deepStrictEqual(left.items.map((n) => [n.number_to, n.position]), [["+12125550001", 0], ["+12125550002", 1]])
      assert.deepStrictEqual(yield* queues.clearNumbers({ number: "+12125550001" }), { removed: 1 })
      assert.deepStrictEqual(yield* queues.clearNumbers({ unassigned: true, email: undefined }), { removed: 1 })
      const deletes = (yield* requests).filter((r) => r.method === "DELETE")
      assert.deepStrictEqual(deletes.map((r) => r.query), [
        { number: "+12125550001", position: "3" },
        { position: "0" },
        { number: "+12125550001" },
        { unassigned: "true" }
      ])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a position past the end is a NotFoundError (QUEUE_NUMBER_POSITION_NOT_FOUND)", () =>
    Effect.gen(function*() {
      const queues = yield* DialingQueues
      yield* queues.appendNumbers(numbers(2))
      const error = yield* Effect.flip(queues.clearNumbers({ position: 7 }))
      assert.instanceOf(error, NotFoundError)
      assert.strictEqual(error.code, "QUEUE_NUMBER_POSITION_NOT_FOUND")
    }).pipe(Effect.provide(WithalloTest.layer())))

  const filters: ReadonlyArray<readonly [string, string, DialingQueues.ClearParams | undefined]> = [
    ["no filter at all", "number", undefined],
    ["an empty filter", "number", {}],
    ["unassigned with a number", "unassigned", { unassigned: true, number: "+12125550001" }],
    ["unassigned with a position", "unassigned", { unassigned: true, position: 0 }],
    ["a negative position", "position", { position: -1 }],
    ["a bad teammate email", "email", { unassigned: true, email: "jordan" }]
  ]
  for (const [name, field, params] of filters) {
    it.effect(`${name} is a ValidationError on ${field}, and nothing is sent`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip((yield* DialingQueues).clearNumbers(params))
        assert.instanceOf(error, ValidationError)
        assert.strictEqual(error.errors[0]?.field, field)
        assert.lengthOf(yield* requests, 0)
      }).pipe(Effect.provide(WithalloTest.layer())))
  }

  it.effect("the fake answers a missing or conflicting filter with the spec's 400 codes", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      const clear = (query: string) =>
        fake.handle({ method: "DELETE", url: `/v2/api/dialing-queues/current/numbers${query}`, headers: { authorization: WithalloTest.apiKey } })
      const codes = []
      for (const query of ["", "?unassigned=true&position=1", "?number=%2B1212"]) {
        const r = yield* clear(query)
        codes.push(r._tag === "Response" ? [r.status, JSON.parse(r.body ?? "{}").error.code] : r._tag)
      }
      assert.deepStrictEqual(codes, [
        [400, "DIALING_QUEUE_DELETE_FILTER_REQUIRED"],
        [400, "DIALING_QUEUE_DELETE_FILTER_CONFLICT"],
        [400, "INVALID_PHONE_NUMBER"]
      ])
    }).pipe(Effect.provide(WithalloTest.layer())))
})
