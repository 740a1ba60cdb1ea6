/**
 * How arguments that did not decode are reported: one `ValidationError`
 * listing every bad field by the name a caller knows it by (`date.from`,
 * `numbers[2]`, `id`), in words rather than schema jargon, never quoting the
 * value.
 *
 * @internal
 */
import * as SchemaIssue from "effect/SchemaIssue"
import { type FieldError, ValidationError } from "../WithalloError.js"
import { describe } from "./describe.js"

const formatter = SchemaIssue.makeFormatterStandardSchemaV1()

/** "Expected string | undefined" → "must be a string"; "Expected number | null | undefined" → "must be a number or null". */
const problem = (message: string): string => {
  if (message === "Missing key") return "is required"
  if (message === "Expected no excess property") return "is not a parameter of this operation"
  const expected = /^Expected ([a-z]+)( \| null)?(?: \| undefined)?$/.exec(message)
  if (expected?.[1] !== undefined) {
    const type = expected[1]
    return `must be ${/^[aeiou]/.test(type) ? "an" : "a"} ${type}${expected[2] === undefined ? "" : " or null"}`
  }
  return message
}

/** `params.date.from` → `date.from`; `numbers.0` → `numbers[0]`. */
const fieldOf = (args: ReadonlyArray<{ readonly name: string }>, path: ReadonlyArray<PropertyKey>): string => {
  const [index, ...rest] = path
  const name = typeof index === "number" ? args[index]?.name ?? "arguments" : "arguments"
  const parts = (name === "params" || name === "options") && rest.length > 0 ? rest : [name, ...rest]
  let out = ""
  for (const p of parts) {
    if (typeof p === "number") out += `[${p}]`
    else out += out === "" ? String(p) : `.${String(p)}`
  }
  return out
}

/** The `ValidationError` for arguments that did not decode: every issue, each naming its field. */
export const invalidArguments = (operation: string, args: ReadonlyArray<{ readonly name: string }>, issue: SchemaIssue.Issue): ValidationError => {
  const errors: Array<FieldError> = formatter(issue).issues.map((i) => ({
    field: fieldOf(args, (i.path ?? []).map((p) => (typeof p === "object" ? p.key : p))),
    message: problem(i.message)
  }))
  const first = errors[0] ?? { field: "arguments", message: "are invalid" }
  return new ValidationError({
    operation,
    status: 0,
    message: describe(operation, `invalid ${first.field}:`, first.message),
    errors
  })
}
