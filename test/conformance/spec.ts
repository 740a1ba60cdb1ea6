/**
 * Allo's official OpenAPI document as the conformance tests read it: the
 * verbatim copy in `spec/` (its sha256 pinned), its known faults patched here
 * in the open (never in the copy), the SDK's known extensions declared
 * (`extensions.ts`), then handed to openapi-backend, whose Ajv validators
 * (with ajv-formats) check every request the SDK builds and every example
 * response. The spec is loaded in strict mode: a document the validator
 * refuses fails the tests instead of being skipped.
 */
import { createHash } from "node:crypto"
import { readFileSync } from "node:fs"
import addFormats from "ajv-formats"
import { OpenAPIBackend } from "openapi-backend"
import type { OpenAPIV3 } from "openapi-types"
import { declareExtensions } from "./extensions.js"

export type Doc = OpenAPIV3.Document

/** The hash of the copy in `spec/` (see `spec/SOURCES.md`); a new copy is a deliberate change. */
export const PINNED_SHA256 = "04824c6b178d9e5b4c52a0eaa5bb2e0f192b9d192b7de4f1c9ead7410152b5b6"

const text = readFileSync(new URL("./spec/withallo-openapi.json", import.meta.url), "utf8")

/** sha256 of the copy as read. */
export const sha256 = createHash("sha256").update(text).digest("hex")

/** Allo's document exactly as published. Never mutated: patches work on clones. */
export const official: Doc = JSON.parse(text)

/** Which spec ran, for test names and the log. */
export const specLabel = `Allo's OpenAPI spec ${official.info.version} (sha256 ${sha256.slice(0, 12)}…)`

export const HTTP_METHODS = ["get", "put", "post", "delete", "patch"] as const
const UPPER = { get: "GET", put: "PUT", post: "POST", delete: "DELETE", patch: "PATCH" } as const

export const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

/** Visits every object in a JSON value (depth first, parents before children). */
export const walk = (value: unknown, visit: (node: Record<string, unknown>) => void): void => {
  if (Array.isArray(value)) for (const v of value) walk(v, visit)
  else if (isRecord(value)) {
    visit(value)
    for (const v of Object.values(value)) walk(v, visit)
  }
}

/** One operation of a document: `POST /v1/api/sms#france`. */
export interface SpecOperation {
  readonly key: string
  readonly method: (typeof UPPER)[keyof typeof UPPER]
  readonly path: string
  readonly operationId: string
  readonly operation: OpenAPIV3.OperationObject
}

export const operationsOf = (doc: Doc): ReadonlyArray<SpecOperation> =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.flatMap((m) => {
      const operation = item?.[m]
      if (operation === undefined) return []
      const method = UPPER[m]
      return [{ key: `${method} ${path}`, method, path, operationId: operation.operationId ?? `${method} ${path}`, operation }]
    })
  )

/** A fault of Allo's document and what the tests do about it. */
export interface Fault {
  readonly id: string
  readonly fault: string
  readonly workaround: string
}

/**
 * Known faults of Allo's document. Each is checked to be still present (a
 * fixed fault fails its test, so its workaround goes); the ones about
 * examples are applied where examples are validated (`examples.ts`).
 */
export const FAULTS = {
  danglingRef: {
    id: "dangling-ref",
    fault: "`#/components/schemas/ApiErrorResponse` is referenced by the dialing-queue error responses but not defined",
    workaround: "the loader points those references at `ApiError`, the error schema every other v2 response uses"
  },
  refSiblings: {
    id: "ref-siblings",
    fault: "four schemas put `nullable`/`description` beside a `$ref`, which OpenAPI 3.0 forbids: the validator refuses the document",
    workaround: "the loader rewrites `{ $ref, ...siblings }` as `{ allOf: [{ $ref }], ...siblings }`, and a nullable one as " +
      "`{ anyOf: [{ $ref }, { nullable: true, enum: [null] }] }` (Ajv applies `nullable` only beside a `type`)"
  },
  nullableEnums: {
    id: "nullable-enums",
    fault: "enums marked `nullable: true` do not list `null`, so by OpenAPI 3.0.3 null stays refused, yet examples send null " +
      "(a v1 contact's `engagement`, a queue number's `routing_result`)",
    workaround: "the loader adds `null` to every nullable enum, the evident intent"
  },
  franceFragment: {
    id: "france-fragment",
    fault: "`POST /v1/api/sms` and `POST /v1/api/sms#france` are one URL told apart only by a fragment, which no request carries",
    workaround: "a request is routed by URL, except `Sms.sendFrance`, which is validated against `sendSMSFrance` named by the mapping table"
  },
  zonelessTimestamps: {
    id: "zone-less-timestamps",
    fault: "example timestamps such as `2024-01-15T10:30:00` have no zone, failing the spec's own `format: date-time`",
    workaround: "an example is validated with `Z` appended to those values; the SDK decodes the example as published (it keeps timestamps as strings)"
  },
  dealStatusCase: {
    id: "deal-status-open",
    fault: "the conversations example has a deal `status: \"open\"`, outside the schema's enum `OPEN | WON | LOST`",
    workaround: "the example is validated with the status upper-cased; the SDK decodes `open` as published (its enums are open)"
  }
} as const satisfies Record<string, Fault>

/** Whether `doc` still has each fault the loader patches. */
export const loaderFaultsPresent = (doc: Doc) => ({
  danglingRef: text.includes("\"#/components/schemas/ApiErrorResponse\"") && doc.components?.schemas?.ApiErrorResponse === undefined,
  refSiblings: refsWithSiblings(doc).length > 0,
  nullableEnums: nullableEnumsWithoutNull(doc).length > 0,
  franceFragment: doc.paths["/v1/api/sms#france"]?.post !== undefined && doc.paths["/v1/api/sms"]?.post !== undefined
})

const refsWithSiblings = (doc: Doc): ReadonlyArray<Record<string, unknown>> => {
  const found: Array<Record<string, unknown>> = []
  walk(doc, (node) => {
    if (typeof node.$ref === "string" && Object.keys(node).length > 1) found.push(node)
  })
  return found
}

const nullableEnumsWithoutNull = (doc: Doc): ReadonlyArray<Record<string, unknown>> => {
  const found: Array<Record<string, unknown>> = []
  walk(doc, (node) => {
    if (node.nullable === true && Array.isArray(node.enum) && !node.enum.includes(null)) found.push(node)
  })
  return found
}

const componentName = (ref: string): string => ref.replace("#/components/schemas/", "")

/** The official document with the loader's faults patched and the SDK's extensions declared. */
const patch = (doc: Doc): Doc => {
  const out: Doc = structuredClone(doc)
  // FAULTS.danglingRef
  walk(out, (node) => {
    if (node.$ref === "#/components/schemas/ApiErrorResponse") node.$ref = "#/components/schemas/ApiError"
  })
  // FAULTS.refSiblings
  for (const node of refsWithSiblings(out)) {
    const ref = String(node.$ref)
    delete node.$ref
    const target = out.components?.schemas?.[componentName(ref)]
    if (node.nullable === true) {
      delete node.nullable
      node.anyOf = [{ $ref: ref }, { type: target !== undefined && "type" in target ? target.type : "object", nullable: true, enum: [null] }]
    } else node.allOf = [{ $ref: ref }]
  }
  // FAULTS.nullableEnums
  for (const node of nullableEnumsWithoutNull(out)) if (Array.isArray(node.enum)) node.enum = [...node.enum, null]
  declareExtensions(out)
  return out
}

/** The document the validator reads. */
export const patched: Doc = patch(official)

/** `schema` with its `$ref`s resolved and each `allOf` merged into one object schema. */
const inline = (schema: unknown, doc: Doc): unknown => {
  if (Array.isArray(schema)) return schema.map((s) => inline(s, doc))
  if (!isRecord(schema)) return schema
  if (typeof schema.$ref === "string") return inline(doc.components?.schemas?.[componentName(schema.$ref)], doc)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(schema)) if (k !== "allOf") out[k] = inline(v, doc)
  if (Array.isArray(schema.allOf)) {
    for (const member of schema.allOf.map((m) => inline(m, doc))) {
      if (!isRecord(member)) continue
      out.type ??= member.type
      out.properties = { ...(isRecord(out.properties) ? out.properties : {}), ...(isRecord(member.properties) ? member.properties : {}) }
      const required = [...(Array.isArray(out.required) ? out.required : []), ...(Array.isArray(member.required) ? member.required : [])]
      if (required.length > 0) out.required = [...new Set(required)]
    }
  }
  return out
}

/** Every object schema with `properties` refuses others (unless it says otherwise). */
const close = (schema: unknown): unknown => {
  walk(schema, (node) => {
    if (isRecord(node.properties) && node.additionalProperties === undefined) node.additionalProperties = false
  })
  return schema
}

/**
 * The validator's copy of {@link patched}, with request bodies closed: the
 * SDK must send no body field the spec does not declare. Allo's schemas
 * leave `additionalProperties` open, which would let a misspelt field
 * through; closing them is the tests' strictness, not a patch of Allo's
 * document. Each body schema is inlined (so closing it does not touch a
 * response schema that shares a component) and its `allOf` merged (an
 * `allOf` of closed members would refuse every field).
 */
const withClosedBodies = (doc: Doc): Doc => {
  const out: Doc = structuredClone(doc)
  const paths: unknown = out.paths
  for (const item of isRecord(paths) ? Object.values(paths) : []) {
    for (const operation of isRecord(item) ? Object.values(item) : []) {
      const body = isRecord(operation) ? operation.requestBody : undefined
      const media = isRecord(body) && isRecord(body.content) ? body.content["application/json"] : undefined
      if (isRecord(media) && media.schema !== undefined) media.schema = close(inline(media.schema, out))
    }
  }
  return out
}

/**
 * The validator. Strict: a document it refuses throws here. Request path
 * and query values are coerced from their string form, as any server does.
 */
export const api = new OpenAPIBackend({
  definition: withClosedBodies(patched),
  strict: true,
  // Validators compile on first use: compiling all of them up front took seconds.
  quick: true,
  validate: true,
  coerceTypes: true,
  ajvOpts: { allErrors: true },
  customizeAjv: (ajv) => {
    // ajv-formats is CommonJS: its default import is `module.exports`, whose `default` is the plugin.
    addFormats.default(ajv)
    return ajv
  }
})
await api.init()
