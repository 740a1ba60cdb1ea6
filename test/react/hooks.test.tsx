// @vitest-environment happy-dom
import { act, cleanup, render, renderHook, screen, waitFor } from "@testing-library/react"
import * as Effect from "effect/Effect"
import type * as React from "react"
import { afterEach, assert, describe, it } from "vitest"
import { useCalls, useConversationItems, useMe, useSendSms, useWebhookEvents, WithalloProvider } from "effect-withallo/react"
import { ALLO_NUMBER, startApp } from "./support.js"

type App = Awaited<ReturnType<typeof startApp>>
let app: App | undefined
const open = async (...args: Parameters<typeof startApp>) => {
  app = await startApp(...args)
  return app
}
afterEach(async () => {
  cleanup()
  await app?.close()
  app = undefined
})

/** Waits on the rendered state (polling the DOM), not on a clock: the bound is a safety net only. */
const until = <T,>(check: () => T): Promise<T> => waitFor(check, { timeout: 20_000 })

const wrapper = (a: App) => ({ children }: { readonly children?: React.ReactNode }) => (
  <WithalloProvider store={a.store}>{children}</WithalloProvider>
)

const text = { from: ALLO_NUMBER, to: "+14155551234", message: "See you at 5" }

describe("useCalls", () => {
  it("loads the first page, then load-more appends the next one", async () => {
    const a = await open({ calls: 30 })
    const { result } = renderHook(() => useCalls({ alloNumber: ALLO_NUMBER, size: 5 }), { wrapper: wrapper(a) })
    assert.isTrue(result.current.loading)
    await until(() => assert.strictEqual(result.current.items.length, 5))
    const first = result.current.items.map((c) => c.id)
    assert.isTrue(result.current.hasMore)
    act(() => result.current.loadMore())
    await until(() => assert.strictEqual(result.current.items.length, 10))
    assert.deepStrictEqual(result.current.items.slice(0, 5).map((c) => c.id), first)
    assert.strictEqual(new Set(result.current.items.map((c) => c.id)).size, 10)
    assert.isFalse(result.current.loading)
    assert.isUndefined(result.current.error)
  })

  it("Allo down: the typed error in the state, the pages already shown kept", async () => {
    const a = await open({ calls: 30 })
    const { result } = renderHook(() => useCalls({ alloNumber: ALLO_NUMBER, size: 5 }), { wrapper: wrapper(a) })
    await until(() => assert.strictEqual(result.current.items.length, 5))
    await a.run(a.fake.injectFault({ fault: { _tag: "Drop" }, path: "/v1/api/calls" }))
    act(() => result.current.loadMore())
    await until(() => assert.strictEqual(result.current.error?._tag, "TransportError"))
    assert.strictEqual(result.current.items.length, 5)
    assert.isFalse(result.current.loading)
  })

  it("refreshes when the live feed brings a call", async () => {
    const a = await open({ calls: 3 })
    const { result } = renderHook(() => ({ calls: useCalls({ alloNumber: ALLO_NUMBER }), feed: useWebhookEvents() }), {
      wrapper: wrapper(a)
    })
    await until(() => assert.strictEqual(result.current.feed.status, "open"))
    const before = result.current.calls.items.length
    const [added] = await a.run(a.fake.addCalls(1, { alloNumber: ALLO_NUMBER }))
    await a.run(a.hub.publish({ topic: "call.completed", data: { id: String(added?.id) } }, { id: "w-call-1" }))
    await until(() => assert.strictEqual(result.current.calls.items.length, before + 1))
    assert.strictEqual(result.current.feed.events[0]?.id, "w-call-1")
  })
})

describe("useConversationItems", () => {
  it("pages v2 items from page 1: load-more appends page 2, each item once", async () => {
    const a = await open({ calls: 20, messages: 20 })
    const { result } = renderHook(() => useConversationItems({ alloNumber: ALLO_NUMBER, size: 5 }), { wrapper: wrapper(a) })
    await until(() => assert.strictEqual(result.current.items.length, 5))
    assert.strictEqual(result.current.result._tag === "Success" ? result.current.result.value.last.page : -1, 1)
    act(() => result.current.loadMore())
    await until(() => assert.strictEqual(result.current.items.length, 10))
    assert.strictEqual(new Set(result.current.items.map((i) => i.id)).size, 10)
    // The item search is a POST: its page number travels in the body.
    const pages = (await a.run(a.fake.requests)).map((r) =>
      typeof r.body === "object" && r.body !== null && "page" in r.body ? r.body.page : undefined
    )
    assert.deepStrictEqual(pages, [1, 2])
  })
})

describe("useSendSms", () => {
  it("pending, then success; the fake received the text", async () => {
    const a = await open({})
    const { result } = renderHook(() => useSendSms(), { wrapper: wrapper(a) })
    assert.strictEqual(result.current.status, "idle")
    act(() => result.current.run(text))
    assert.strictEqual(result.current.status, "pending")
    await until(() => assert.strictEqual(result.current.status, "success"))
    assert.strictEqual(result.current.data?.to_number, text.to)
    assert.deepStrictEqual((await a.run(a.fake.sentSms)).map((s) => s.content), [text.message])
    act(() => result.current.reset())
    assert.strictEqual(result.current.status, "idle")
  })

  it("a bad number: the ValidationError naming the field, and no request", async () => {
    const a = await open({})
    const { result } = renderHook(() => useSendSms(), { wrapper: wrapper(a) })
    act(() => result.current.run({ ...text, to: "555" }))
    await until(() => assert.strictEqual(result.current.status, "failure"))
    assert.strictEqual(result.current.error?._tag, "ValidationError")
    assert.deepStrictEqual(
      result.current.error?._tag === "ValidationError" ? result.current.error.errors.map((e) => e.field) : [],
      ["to"]
    )
    assert.deepStrictEqual(await a.run(a.fake.requests), [])
  })

  it("no session: the typed 401 shown on screen, and no request", async () => {
    const a = await open({}, "token-mallory")
    const Form = () => {
      const send = useSendSms()
      return (
        <div>
          <button onClick={() => send.run(text)}>Send</button>
          <p role="status">{send.status}</p>
          {send.error && <p role="alert">{`${send.error._tag}: ${"code" in send.error ? send.error.code : ""}`}</p>}
        </div>
      )
    }
    render(<Form />, { wrapper: wrapper(a) })
    act(() => screen.getByText("Send").click())
    const alert = await until(() => screen.getByRole("alert"))
    assert.strictEqual(alert.textContent, "AuthenticationError: SESSION_REQUIRED")
    assert.strictEqual(screen.getByRole("status").textContent, "failure")
    assert.deepStrictEqual(await a.run(a.fake.requests), [])
  })
})

describe("useWebhookEvents and useMe", () => {
  it("shows deliveries newest first, each once", async () => {
    const a = await open({})
    const { result } = renderHook(() => useWebhookEvents({ filter: (e) => e.topic.startsWith("sms.") }), { wrapper: wrapper(a) })
    await until(() => assert.strictEqual(result.current.status, "open"))
    const sms = (id: string) => ({ topic: "sms.received" as const, data: { id, content: id } })
    await a.run(Effect.all([
      a.hub.publish(sms("a"), { id: "w1" }),
      a.hub.publish({ topic: "call.received", data: {} }, { id: "w2" }),
      a.hub.publish(sms("b"), { id: "w3" }),
      a.hub.publish(sms("b"), { id: "w3" })
    ]))
    await until(() => assert.deepStrictEqual(result.current.events.map((e) => e.id), ["w3", "w1"]))
  })

  it("useMe: the key's details as the server's key sees them", async () => {
    const a = await open({})
    const { result } = renderHook(() => useMe(), { wrapper: wrapper(a) })
    await until(() => assert.isDefined(result.current.data))
    assert.isFalse(result.current.loading)
  })
})
