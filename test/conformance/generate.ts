/**
 * Responses generated from the spec's response schemas: each schema
 * converted from OpenAPI 3.0 to JSON Schema by
 * `@openapi-contrib/openapi-schema-to-json-schema` (`nullable` becomes a
 * `null` type), then filled by `json-schema-faker`, seeded so a failure
 * reproduces. Every field the spec leaves optional (almost all) is present or
 * absent at random, except the ones the SDK deliberately requires
 * (`required.ts`), which are always there.
 */
import { fromSchema } from "@openapi-contrib/openapi-schema-to-json-schema"
import { generateSync } from "json-schema-faker"
import { type Location, REQUIRED } from "./required.js"
import { type Doc, isRecord, operationsOf, patched, walk } from "./spec.js"

const toJsonSchema = (schema: unknown): Record<string, unknown> => {
  const converted: unknown = fromSchema(isRecord(schema) ? schema : {}, { cloneSchema: true })
  if (!isRecord(converted)) throw new Error("the converter returned no schema")
  delete converted.$schema
  return converted
}

/** The schema object a location names in `doc` (a clone: callers may change it). */
const schemaAt = (doc: Doc, location: Location): Record<string, unknown> => {
  let node: unknown
  if ("component" in location) node = doc.components?.schemas?.[location.component]
  else {
    const op = operationsOf(doc).find((o) => o.key === location.operation)
    const response: unknown = op?.operation.responses[location.status]
    const media = isRecord(response) && isRecord(response.content) ? response.content["application/json"] : undefined
    node = isRecord(media) ? media.schema : undefined
  }
  for (const step of location.path ?? []) {
    node = isRecord(node) ? (step === "[]" ? node.items : isRecord(node.properties) ? node.properties[step] : undefined) : undefined
  }
  if (!isRecord(node)) throw new Error(`no schema at ${JSON.stringify(location)}`)
  return node
}

/** {@link patched} with every field of `REQUIRED` marked required, beside the few the spec itself requires. */
const withRequired = (requirements: typeof REQUIRED): Doc => {
  const doc: Doc = structuredClone(patched)
  for (const { at, fields } of requirements) {
    for (const location of at) {
      const node = schemaAt(doc, location)
      const properties = isRecord(node.properties) ? node.properties : {}
      for (const field of fields) {
        if (!(field in properties)) throw new Error(`${JSON.stringify(location)} has no field ${field}`)
      }
      node.required = [...new Set([...(Array.isArray(node.required) ? node.required : []), ...fields])]
    }
  }
  return doc
}

/** A response body's JSON Schema, with the document's components beside it for its `$ref`s. */
export interface ResponseSchema {
  readonly key: string
  readonly operationId: string
  readonly status: string
  readonly schema: Record<string, unknown>
}

const responseSchemas = (doc: Doc, only?: (key: string) => boolean): ReadonlyArray<ResponseSchema> => {
  const components: Record<string, unknown> = {}
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) components[name] = toJsonSchema(schema)
  return operationsOf(doc).filter(({ key }) => only?.(key) ?? true).flatMap(({ key, operation, operationId }) =>
    Object.entries(operation.responses).flatMap(([status, response]) => {
      const media = status.startsWith("2") && "content" in response ? response.content?.["application/json"] : undefined
      if (media?.schema === undefined) return []
      return [{ key, operationId, status, schema: { ...toJsonSchema(media.schema), components: { schemas: components } } }]
    })
  )
}

/** Every success response schema of every operation (extensions included), with `REQUIRED` applied. */
export const RESPONSE_SCHEMAS: ReadonlyArray<ResponseSchema> = responseSchemas(withRequired(REQUIRED))

/**
 * The `n`th generated body: optional fields present with probability ½,
 * arrays of one to three items on even seeds (so items are always tried)
 * and of zero to three on odd ones.
 */
export const generated = (schema: ResponseSchema, n: number): unknown =>
  generateSync(schema.schema, {
    seed: 1 + n,
    optionalsProbability: 0.5,
    maxDefaultItems: 3,
    maxDepth: 12,
    ...(n % 2 === 0 ? { minItems: 1 } : {})
  })

/** Components a schema uses, directly or through other components. */
const componentsUsed = (doc: Doc, schema: unknown): ReadonlySet<string> => {
  const seen = new Set<string>()
  const visit = (node: unknown) =>
    walk(node, (n) => {
      if (typeof n.$ref !== "string") return
      const name = n.$ref.replace("#/components/schemas/", "")
      if (seen.has(name)) return
      seen.add(name)
      visit(doc.components?.schemas?.[name])
    })
  visit(schema)
  return seen
}

/** Every field present, no `null`, arrays of one to three: a response with all of a location's fields. */
const FULL = { seed: 7, alwaysFakeOptionals: true, minItems: 1, maxDefaultItems: 3, maxDepth: 12 } as const

/**
 * A response with every field present, and the same without `field` at
 * `location` (everywhere that schema is used), from the first success
 * response that reaches the location and that `accept` takes.
 */
export const probe = (location: Location, field: string, accept: (key: string) => boolean) => {
  const full = withRequired(REQUIRED)
  walk(full, (node) => delete node.nullable)
  const reaches = (key: string) => {
    if (!accept(key)) return false
    if (!("component" in location)) return key === location.operation
    const op = operationsOf(full).find((o) => o.key === key)
    return op !== undefined && componentsUsed(full, op.operation.responses).has(location.component)
  }
  const candidates = responseSchemas(full, reaches).filter((s) => "component" in location || s.status === location.status)
  const first = candidates[0]
  if (first === undefined) return undefined
  const without: Doc = structuredClone(full)
  const node = schemaAt(without, location)
  if (isRecord(node.properties)) delete node.properties[field]
  if (Array.isArray(node.required)) node.required = node.required.filter((f) => f !== field)
  const variant = responseSchemas(without, (key) => key === first.key).find((s) => s.status === first.status)
  if (variant === undefined) return undefined
  return { key: first.key, full: generateSync(first.schema, FULL), without: generateSync(variant.schema, FULL) }
}
