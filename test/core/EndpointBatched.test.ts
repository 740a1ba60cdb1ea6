import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as Endpoint from "../../src/Endpoint.js"
import { NonEmpty, NonEmptyArray } from "../../src/internal/params.js"
import type { RequestSpec, Service } from "../../src/WithalloClient.js"
import { ValidationError } from "../../src/WithalloError.js"

const add = Endpoint.make({
  name: "Things.add",
  method: "POST",
  path: "/v2/api/things",
  args: [Endpoint.arg("names", NonEmptyArray(NonEmpty))],
  response: Schema.Struct({ data: Schema.Array(Schema.String) }),
  result: Endpoint.data,
  idempotency: "mint"
})

type Input = Parameters<typeof add.request>[0]

/** A client that records each request and the most requests it saw in flight; it answers the names upper-cased. */
const recorder = () => {
  const bodies: Array<unknown> = []
  const seen = { inFlight: 0, most: 0 }
  const client: Service = {
    request: <A>(spec: RequestSpec<A>) =>
      Effect.gen(function*() {
        bodies.push(spec.body)
        seen.inFlight++
        seen.most = Math.max(seen.most, seen.inFlight)
        // Yielding lets any other request in flight start meanwhile.
        for (let i = 0; i < 3; i++) yield* Effect.yieldNow
        seen.inFlight--
        return yield* Schema.decodeUnknownEffect(spec.response)({
          data: (spec.body as { names: ReadonlyArray<string> }).names.map((n) => n.toUpperCase())
        }).pipe(Effect.orDie)
      })
  }
  return { client, bodies, seen }
}

const inTwos = (input: Input): ReadonlyArray<Input> => {
  const parts: Array<Input> = []
  for (let i = 0; i < input.names.length; i += 2) parts.push({ names: input.names.slice(i, i + 2) })
  return parts
}

describe("Endpoint.batched", () => {
  it.effect("sends the parts one after another and merges their answers in order", () =>
    Effect.gen(function*() {
      const { bodies, client, seen } = recorder()
      const run = Endpoint.batched(client, add, { split: inTwos, merge: (results) => results.flat() })
      const out = yield* run(["a", "b", "c", "d", "e"])
      assert.deepStrictEqual(out, ["A", "B", "C", "D", "E"])
      assert.deepStrictEqual(bodies, [{ names: ["a", "b"] }, { names: ["c", "d"] }, { names: ["e"] }])
      assert.strictEqual(seen.most, 1)
    }))

  it.effect("with concurrency, parts overlap and the merge still keeps their order", () =>
    Effect.gen(function*() {
      const { client, seen } = recorder()
      const run = Endpoint.batched(client, add, { split: inTwos, merge: (results) => results.flat(), concurrency: 3 })
      assert.deepStrictEqual(yield* run(["a", "b", "c", "d", "e"]), ["A", "B", "C", "D", "E"])
      assert.strictEqual(seen.most, 3)
    }))

  it.effect("checks the whole input first: a bad entry in the last part sends nothing", () =>
    Effect.gen(function*() {
      const { bodies, client } = recorder()
      const run = Endpoint.batched(client, add, { split: inTwos, merge: (results) => results.flat() })
      const error = yield* Effect.flip(run(["a", "b", "c", "d", ""]))
      assert.instanceOf(error, ValidationError)
      assert.deepStrictEqual(error.errors, [{ field: "names[4]", message: "must not be empty" }])
      assert.lengthOf(bodies, 0)
    }))
})
