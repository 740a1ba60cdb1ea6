/**
 * The tolerance rules every Allo record follows, as a reusable test table:
 * extra fields decode, unknown enum values decode, documented-nullable fields
 * accept null and absence, a record with only its required fields decodes,
 * and a missing required field fails with an error naming it.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"

/** Decodes `input`, failing the test with Schema's message if it does not decode. */
export const decode = <S extends Schema.Decoder<unknown>>(schema: S, input: unknown) =>
  Schema.decodeUnknownEffect(schema)(input).pipe(
    Effect.mapError((error) => new Error(`expected a decode, got: ${error.message}`))
  )

/** Decodes `input` expecting a failure; yields Schema's error message. */
export const decodeFailure = <S extends Schema.Decoder<unknown>>(schema: S, input: unknown) =>
  Schema.decodeUnknownEffect(schema)(input).pipe(
    Effect.result,
    Effect.map((result) => {
      assert.isTrue(Result.isFailure(result), "expected the decode to fail")
      return Result.isFailure(result) ? result.failure.message : ""
    })
  )

/** `record` without `key`. */
export const without = (record: Record<string, unknown>, key: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([k]) => k !== key))

/** Which fields of a record each rule applies to. */
export interface Rules {
  readonly required: ReadonlyArray<string>
  readonly nullable: ReadonlyArray<string>
  readonly enums: ReadonlyArray<string>
  /** Kept beside `required` when decoding the bare record: a field needed under one of two names. */
  readonly oneOf?: ReadonlyArray<string>
}

/** Runs every tolerance rule against `schema`, starting from a valid `sample`. */
export const describeRules = <S extends Schema.Decoder<unknown>>(
  name: string,
  schema: S,
  sample: Record<string, unknown>,
  rules: Rules
) =>
  describe(`${name} tolerance`, () => {
    it.effect("decodes the sample", () => Effect.asVoid(decode(schema, sample)))

    it.effect("decodes with only its required fields, every other field absent", () =>
      Effect.gen(function*() {
        const kept = [...rules.required, ...(rules.oneOf ?? [])]
        const essential = Object.fromEntries(Object.entries(sample).filter(([k]) => kept.includes(k)))
        const decoded = yield* decode(schema, essential)
        for (const field of Object.keys(sample)) {
          if (!kept.includes(field)) assert.notProperty(decoded, field)
        }
      }))

    it.effect("ignores fields Allo adds later", () =>
      Effect.gen(function*() {
        const withExtra = yield* decode(schema, { ...sample, some_future_field: { nested: [1, 2] } })
        const plain = yield* decode(schema, sample)
        // The extra field changes nothing else: every documented field decodes as without it.
        for (const key of Object.keys(plain as object)) {
          assert.deepStrictEqual((withExtra as Record<string, unknown>)[key], (plain as Record<string, unknown>)[key], key)
        }
      }))

    for (const field of rules.required) {
      it.effect(`fails without ${field}, naming it`, () =>
        Effect.gen(function*() {
          const message = yield* decodeFailure(schema, without(sample, field))
          assert.include(message, `["${field}"]`)
          assert.include(message, "Missing key")
        }))
    }

    for (const field of rules.nullable) {
      it.effect(`accepts ${field}: null`, () =>
        Effect.gen(function*() {
          const decoded = yield* decode(schema, { ...sample, [field]: null })
          assert.propertyVal(decoded, field, null)
        }))
      it.effect(`accepts ${field} absent`, () =>
        Effect.gen(function*() {
          const decoded = yield* decode(schema, without(sample, field))
          assert.notProperty(decoded, field)
        }))
    }

    for (const field of rules.enums) {
      it.effect(`accepts an undocumented ${field}`, () =>
        Effect.gen(function*() {
          const decoded = yield* decode(schema, { ...sample, [field]: "SOMETHING_NEW" })
          assert.propertyVal(decoded, field, "SOMETHING_NEW")
        }))
      it.effect(`rejects a non-string ${field}`, () =>
        Effect.gen(function*() {
          const message = yield* decodeFailure(schema, { ...sample, [field]: 42 })
          assert.include(message, `["${field}"]`)
        }))
    }
  })

/** `xs[i]`, failing loudly when a fixture has fewer entries than a test expects. */
export const at = <A>(xs: ReadonlyArray<A>, i = 0): A => {
  const x = xs[i]
  if (x === undefined) throw new Error(`fixture has no entry ${i}`)
  return x
}
