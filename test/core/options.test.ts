import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import { Me, ValidationError, Withallo } from "effect-withallo"
import * as HttpClient from "effect/http/HttpClient"
import * as HttpClientResponse from "effect/http/HttpClientResponse"

const seen: Array<string> = []
const fakeHttpClient = Layer.succeed(
  HttpClient.HttpClient,
  HttpClient.make((request) => {
    seen.push(request.headers.authorization ?? "")
    return Effect.succeed(HttpClientResponse.fromWeb(request, new Response("{\"data\":{}}", { status: 200 })))
  })
)

// Options as a JavaScript caller might write them.
const build = (options: unknown) =>
  Layer.build(Withallo.layer(options as Parameters<typeof Withallo.layer>[0]).pipe(Layer.provide(fakeHttpClient))).pipe(
    Effect.scoped,
    Effect.flip
  )

describe("Withallo.layer options", () => {
  it.effect("invalid options fail the layer with a ValidationError naming each option", () =>
    Effect.gen(function*() {
      const e = yield* build({ apiKey: "ak_test_1", rateLimit: { readsPerSecond: 0, writesPerSecond: Number.NaN }, timeout: "soon" })
      assert.instanceOf(e, ValidationError)
      assert.strictEqual(e.operation, "WithalloClient.layer")
      assert.deepStrictEqual(e.errors.map((x) => x.field), ["timeout", "rateLimit.readsPerSecond", "rateLimit.writesPerSecond"])
      const empty = yield* build({ apiKey: " " })
      assert.deepStrictEqual(empty.errors.map((x) => x.field), ["apiKey"])
      const notObject = yield* build(null)
      assert.deepStrictEqual(notObject.errors.map((x) => x.field), ["options", "apiKey"])
      const retries = yield* build({ apiKey: "k", maxRetries: -1, baseUrl: "ftp://x", authScheme: "Bearer" })
      assert.deepStrictEqual(retries.errors.map((x) => x.field), ["baseUrl", "authScheme", "maxRetries"])
    }))

  it.effect("a plain-string API key is accepted (what a JavaScript caller writes first)", () =>
    Effect.gen(function*() {
      seen.length = 0
      const me = yield* Me
      yield* Effect.exit(me.get())
      assert.deepStrictEqual(seen, ["Api-Key ak_test_plain"])
    }).pipe(Effect.provide(Withallo.layer({ apiKey: "ak_test_plain", rateLimit: false }).pipe(Layer.provide(fakeHttpClient)))))
})
