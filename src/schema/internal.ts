/**
 * Building blocks for Allo's wire shapes: how the schemas stay tolerant where
 * Allo is loose (open enums, nullable fields) without losing completion.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/**
 * Any string, typed as `string & {}` so that a union with documented literals
 * keeps those literals for completion instead of collapsing to `string`.
 */
const AnyString = Schema.declare((u: unknown): u is string & {} => typeof u === "string", {
  expected: "string"
})

/**
 * An enum Allo documents but does not keep closed (live data has shown values
 * outside the docs, e.g. call results `MISSED`, `TRANSFERRED`): the documented
 * values type-check with completion, any other string still decodes.
 */
export const OpenEnum = <const L extends ReadonlyArray<string>>(literals: L) =>
  Schema.Union([Schema.Literals(literals), AnyString])

/** A field Allo documents as nullable: accepts `null` and absence. */
export const Nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/** A field that is usually present but that Allo has been seen to omit. */
export const Optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(schema)

/** Allo's success envelope: `{"data": …}`. */
export const DataEnvelope = <S extends Schema.Top>(data: S) => Schema.Struct({ data })
