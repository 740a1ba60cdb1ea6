import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as HttpRouter from "effect/http/HttpRouter"
import * as HttpServer from "effect/http/HttpServer"
import { WithalloBrowserServer } from "effect-withallo"
import type { WithalloClient } from "../../src/internal/clientKey.js"
import { alloRequests, ALLO_NUMBER, fakeAllo, serverOptions } from "./support.js"

/** The routes on an effect/http router, served as a web handler over the test's fake. */
const routesHandler = (prefix: `/${string}`) =>
  Effect.gen(function*() {
    const context = yield* Effect.context<WithalloClient>()
    const server = serverOptions({ feed: { hub: WithalloBrowserServer.feed(), visible: () => true } })
    const web = HttpRouter.toWebHandler(
      WithalloBrowserServer.toHttpRoutes(server, { prefix }).pipe(
        Layer.provideMerge(Layer.succeedContext(context)),
        Layer.provide(HttpServer.layerServices)
      )
    )
    yield* Effect.addFinalizer(() => Effect.promise(() => web.dispose()))
    return (path: string, init?: RequestInit) => Effect.promise(() => web.handler(new Request(`http://app.test${path}`, init)))
  })

describe("WithalloBrowserServer.toHttpRoutes", () => {
  it.effect("serves the operation route and the feed under the prefix", () =>
    Effect.gen(function*() {
      const request = yield* routesHandler("/allo")
      const ok = yield* request("/allo/call", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer token-alice" },
        body: JSON.stringify({ operation: "Calls.search", input: { params: { alloNumber: ALLO_NUMBER, size: 2 } } })
      })
      assert.strictEqual(ok.status, 200)
      const body = yield* Effect.promise(() => ok.json())
      assert.strictEqual(body._tag, "Success")
      assert.strictEqual(body.value.data.results.length, 2)
      const refused = yield* request("/allo/events")
      assert.strictEqual(refused.status, 401)
      assert.strictEqual((yield* Effect.promise(() => refused.json())).error.code, "SESSION_REQUIRED")
      const feed = yield* request("/allo/events", { headers: { authorization: "Bearer token-alice" } })
      assert.strictEqual(feed.headers.get("content-type"), "text/event-stream")
      const reader = feed.body!.getReader()
      const first = yield* Effect.promise(() => reader.read())
      assert.include(new TextDecoder().decode(first.value), "event: ready")
      yield* Effect.promise(() => reader.cancel())
      const tooBig = yield* request("/allo/call", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer token-alice" },
        body: "x".repeat(70 * 1024)
      })
      assert.strictEqual(tooBig.status, 413)
      assert.strictEqual((yield* alloRequests).length, 1)
    }).pipe(Effect.provide(fakeAllo())))
})
