/**
 * Thousands of random mutations of Allo's real payloads: decoding yields a
 * typed `WebhookPayloadError` or a valid event, never a defect or a throw;
 * the receiver answers 200, 400 or 413, never anything else.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Exit } from "effect"
import fc from "fast-check"
import { WebhookEvent } from "../../src/webhooks/decode.js"
import * as WebhookReceiver from "../../src/webhooks/WebhookReceiver.js"
import { bodies } from "./support.js"

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
type Path = ReadonlyArray<string | number>

const seeds = Object.values(bodies)

const isArray = (value: Json): value is ReadonlyArray<Json> => Array.isArray(value)

const pathsOf = (value: Json, prefix: Path = []): Array<Path> => {
  if (value === null || typeof value !== "object") return [prefix]
  const children: Array<[string | number, Json]> = isArray(value)
    ? value.map((v: Json, i: number): [number, Json] => [i, v])
    : Object.entries(value)
  return [prefix, ...children.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))]
}

/** `value` with the node at `path` replaced (`undefined` deletes it). */
const update = (value: Json, path: Path, replacement: Json | undefined): Json | undefined => {
  const [head, ...rest] = path
  if (head === undefined) return replacement
  if (isArray(value)) {
    const copy: Array<Json> = [...value]
    const child = update(copy[Number(head)] ?? null, rest, replacement)
    if (child === undefined) copy.splice(Number(head), 1)
    else copy[Number(head)] = child
    return copy
  }
  if (value === null || typeof value !== "object") return value
  const copy: Record<string, Json> = { ...value }
  const child = update(copy[String(head)] ?? null, rest, replacement)
  if (child === undefined) delete copy[String(head)]
  else copy[String(head)] = child
  return copy
}

const parse = (text: string): Json => JSON.parse(text)

const jsonValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.double(),
  fc.string({ unit: "grapheme" }),
  fc.constant("x".repeat(200_000)),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 2 }).map((v) => parse(JSON.stringify(v)))
)

/** One mutation of one seed: the raw text of a body Allo might (not) send. */
const mutated: fc.Arbitrary<string> = fc.oneof(
  // truncation
  fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([seed, n]) => seed.slice(0, n % (seed.length + 1))),
  // type swaps and deleted keys anywhere in the tree
  fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.option(jsonValue, { nil: undefined })).map(([seed, n, replacement]) => {
    const json = parse(seed)
    const paths = pathsOf(json)
    return JSON.stringify(update(json, paths[n % paths.length] ?? [], replacement) ?? null)
  }),
  // unicode (incl. lone surrogates) spliced into the text
  fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.string({ unit: "binary" })).map(([seed, n, text]) => {
    const at = n % (seed.length + 1)
    return seed.slice(0, at) + text + seed.slice(at)
  }),
  // byte-level corruption
  fc.tuple(fc.constantFrom(...seeds), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([seed, n, byte]) => {
    const bytes = new TextEncoder().encode(seed)
    bytes[n % bytes.length] = byte
    return new TextDecoder().decode(bytes)
  })
)

describe("WebhookEvent.decode under random mutations", () => {
  it("returns a valid event or a WebhookPayloadError, never a defect", () => {
    let valid = 0
    let rejected = 0
    fc.assert(
      fc.property(mutated, fc.boolean(), (body, asBytes) => {
        const exit = Effect.runSyncExit(WebhookEvent.decode(asBytes ? new TextEncoder().encode(body) : body))
        if (Exit.isSuccess(exit)) {
          valid++
          assert.isString(exit.value.topic)
          return
        }
        const error = Cause.findErrorOption(exit.cause)
        assert.isTrue(error._tag === "Some", `not a typed failure: ${Cause.pretty(exit.cause)}`)
        if (error._tag === "Some") assert.strictEqual(error.value._tag, "WebhookPayloadError")
        rejected++
      }),
      { numRuns: 3000, seed: 20240315 }
    )
    assert.isAbove(valid, 100)
    assert.isAbove(rejected, 100)
  })

  it.effect("the receiver answers only 200, 400 or 413", () =>
    Effect.gen(function*() {
      const receiver = WebhookReceiver.make({
        allowUnsigned: true,
        handlers: { "call.received": () => Effect.void },
        maxBodySize: 150_000
      })
      const samples = fc.sample(mutated, { numRuns: 1000, seed: 7 })
      for (const body of samples) {
        const response = yield* receiver.handle({ body, headers: {} })
        assert.include([200, 400, 413], response.status)
      }
    }))
})
