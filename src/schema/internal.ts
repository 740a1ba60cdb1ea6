/**
 * Building blocks for Allo's wire shapes: how the schemas stay tolerant where
 * Allo is loose (open enums, nullable fields) without losing completion.
 *
 * Required fields are a deliberate, short list. Allo's OpenAPI spec marks
 * almost no response field as required, and a field the SDK requires but
 * Allo leaves out fails the whole call with a `ResponseDecodeError`
 * (`Me.get()` did, for an endpoint listed without a `scope`). So a record,
 * v1 or v2, requires only what identifies it (`id`; `contact_number` for a
 * conversation; `name` for an event type; `method` and `path` for a `/me`
 * endpoint; `position` for a queue entry; the Allo number for a v1 webhook),
 * the `data` of an envelope and the pagination numbers; every other field is
 * `Nullable` (null or absent) or `Optional` (absent). The one list of those
 * fields, each with its reason, is `test/conformance/required.ts`: responses
 * generated from the spec's schemas check that nothing else is required, and
 * that each listed field is. Making a field required means adding it there.
 *
 * @internal
 */
import * as Schema from "effect/Schema"

/**
 * An enum Allo documents but does not keep closed (live data has shown values
 * outside the docs, e.g. call results `MISSED`, `TRANSFERRED`): the documented
 * values type-check with completion, any other string still decodes.
 *
 * The type is `L | (string & {})`, so the literals survive for completion
 * instead of collapsing to `string`; every string is a member of it, which is
 * what the refinement says. It decodes as one string check: a union of the
 * literals with a declared any-string, the earlier form, made an export's
 * 100-call page decode three times slower (issue #8). `literals` are the
 * documented values.
 */
export const OpenEnum = <const L extends ReadonlyArray<string>>(literals: L) =>
  Object.assign(
    Schema.String.pipe(
      Schema.refine((_: string): _ is L[number] | (string & {}) => true, {
        description: `one of ${literals.join(", ")}, or another string Allo adds later`
      })
    ),
    { literals }
  )

/** A field Allo documents as nullable: accepts `null` and absence. */
export const Nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))

/** A field that is usually present but that Allo has been seen to omit. */
export const Optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(schema)

/** Allo's success envelope: `{"data": …}`. */
export const DataEnvelope = <S extends Schema.Top>(data: S) => Schema.Struct({ data })
