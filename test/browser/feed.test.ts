import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Option from "effect/Option"
import * as Queue from "effect/Queue"
import * as Stream from "effect/Stream"
import { TestClock } from "effect/testing"
import type { WebhookEvent } from "effect-withallo"
import * as FeedHub from "../../src/browser/feed.js"
import { type FeedMessage, messages } from "../../src/browser/liveFeed.js"
import { formatMessage, makeParser } from "../../src/browser/sse.js"
import { fakeAllo, handlerFor, serverOptions, type Session } from "./support.js"

const sms = (to: string, content: string): WebhookEvent => ({
  topic: "sms.received",
  version: "2.0",
  timestamp: "2026-01-01T00:00:00Z",
  data: { id: `msg-${content}`, from_number: "+14155559999", to_number: to, content }
})

const toNumber = (event: WebhookEvent): string => {
  const data = event.data
  return typeof data === "object" && data !== null && "to_number" in data ? String(data.to_number) : ""
}

const ids = (entries: ReadonlyArray<FeedHub.FeedEntry>) => entries.map((e) => e.id)

describe("sse", () => {
  it("parses messages split across chunks at any byte, with CRLF, comments and multi-line data", () => {
    const text = formatMessage({ id: "a", event: "webhook", data: "{\"x\":1}" }) + ": keepalive\r\n\r\n" +
      "id: b\r\nevent: webhook\r\ndata: line 1\r\ndata: line 2\r\n\r\n"
    for (let cut = 1; cut < text.length; cut++) {
      const parse = makeParser()
      const out = [...parse(text.slice(0, cut)), ...parse(text.slice(cut))]
      assert.deepStrictEqual(out, [
        { id: "a", event: "webhook", data: "{\"x\":1}" },
        { id: "b", event: "webhook", data: "line 1\nline 2" }
      ], `cut at ${cut}`)
    }
  })
})

describe("WebhookFeed", () => {
  it.effect("replays what came after Last-Event-ID, everything kept when the id is unknown, nothing without one", () =>
    Effect.gen(function*() {
      const hub = FeedHub.make({ size: 3 })
      for (const id of ["w1", "w2", "w3", "w4"]) yield* hub.publish(sms("+1", id), { id })
      const replay = (last: string | undefined) =>
        Effect.map(Stream.runCollect(Stream.take(Stream.unwrap(hub.subscribe(last)), last === undefined ? 0 : 3)), ids)
      assert.deepStrictEqual(yield* Effect.map(Stream.runCollect(Stream.take(Stream.unwrap(hub.subscribe("w2")), 2)), ids), ["w3", "w4"])
      assert.deepStrictEqual(yield* replay("w1"), ["w2", "w3", "w4"], "w1 was dropped: all kept are sent")
      assert.deepStrictEqual(yield* replay(undefined), [])
    }))

  it.effect("skips a webhook-id already published (a redelivery)", () =>
    Effect.gen(function*() {
      const hub = FeedHub.make()
      const fiber = yield* Effect.forkChild(Stream.runCollect(Stream.take(Stream.unwrap(hub.subscribe(undefined)), 2)))
      yield* Effect.yieldNow
      yield* hub.publish(sms("+1", "a"), { id: "w1" })
      yield* hub.publish(sms("+1", "a"), { id: "w1" })
      yield* hub.publish(sms("+1", "b"), { id: "w2" })
      assert.deepStrictEqual(ids(yield* Fiber.join(fiber)), ["w1", "w2"])
    }))
})

/**
 * A fetch that cuts the events connection after `cutAfter` webhook messages
 * on the first connection, and records each connection's Last-Event-ID.
 */
const droppingFetch = (inner: typeof globalThis.fetch, cutAfter: number) => {
  const lastEventIds: Array<string | null> = []
  let connections = 0
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const response = await inner(input, init)
    const url = String(input instanceof Request ? input.url : input)
    if (!url.endsWith("/events") || response.body === null) return response
    lastEventIds.push(new Headers(init?.headers).get("last-event-id"))
    if (++connections > 1) return response
    const reader = response.body.getReader()
    let seen = 0
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const chunk = await reader.read()
        if (chunk.done) return controller.close()
        controller.enqueue(chunk.value)
        seen += new TextDecoder().decode(chunk.value).split("event: webhook").length - 1
        if (seen >= cutAfter) {
          await reader.cancel()
          controller.error(new Error("connection reset"))
        }
      }
    })
    return new Response(body, { status: response.status, headers: response.headers })
  }
  return { fetch, lastEventIds }
}

const eventsOf = (messages: ReadonlyArray<FeedMessage>) =>
  messages.flatMap((m) => (m._tag === "Event" ? [m.event.id] : [`(${m.status})`]))

describe("live feed: server to browser", () => {
  it.effect("a dropped connection reconnects with Last-Event-ID and loses no acknowledged event, without repeats", () =>
    Effect.gen(function*() {
      const hub = FeedHub.make()
      const server = serverOptions({ feed: { hub, visible: (s: Session, e) => s.numbers.includes(toNumber(e)) } })
      const { fetch: inner } = yield* handlerFor(server)
      const { fetch, lastEventIds } = droppingFetch(inner, 1)
      const out = yield* Queue.unbounded<FeedMessage>()
      yield* Effect.forkChild(
        Stream.runForEach(messages({ url: "http://app.test/api/withallo", fetch, headers: { authorization: "Bearer token-alice" } }), (m) =>
          Queue.offer(out, m))
      )
      const next = Queue.take(out)
      assert.deepStrictEqual(eventsOf([yield* next, yield* next]), ["(connecting)", "(open)"])
      yield* hub.publish(sms("+14155550100", "one"), { id: "w1" })
      assert.deepStrictEqual(eventsOf([yield* next, yield* next]), ["w1", "(reconnecting)"])
      // While the browser is away: one for bob, one for alice, and a redelivery of w1.
      yield* hub.publish(sms("+33612345678", "bob's"), { id: "w2" })
      yield* hub.publish(sms("+14155550100", "two"), { id: "w3" })
      yield* TestClock.adjust("1 second")
      assert.deepStrictEqual(eventsOf([yield* next, yield* next]), ["(open)", "w3"])
      yield* hub.publish(sms("+14155550100", "three"), { id: "w4" })
      assert.deepStrictEqual(eventsOf([yield* next]), ["w4"])
      assert.deepStrictEqual(lastEventIds, [null, "w1"])
      assert.isTrue(Option.isNone(yield* Queue.poll(out)), "nothing else: no repeat of w1, nothing of bob's")
    }).pipe(Effect.provide(fakeAllo())))

  it.effect("no session: the feed ends with the typed 401 error instead of reconnecting", () =>
    Effect.gen(function*() {
      const { fetch } = yield* handlerFor(serverOptions({ feed: { hub: FeedHub.make(), visible: () => true } }))
      const error = yield* Effect.flip(Stream.runDrain(messages({ url: "http://app.test/api/withallo", fetch })))
      assert.strictEqual(error._tag, "AuthenticationError")
      assert.strictEqual("code" in error ? error.code : undefined, "SESSION_REQUIRED")
    }).pipe(Effect.provide(fakeAllo())))
})
