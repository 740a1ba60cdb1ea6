/**
 * Every example response of Allo's spec (success and error), checked against
 * the spec's own response schema by openapi-backend, with the known faults of
 * the examples (`FAULTS.zonelessTimestamps`, `FAULTS.dealStatusCase`) worked
 * around in the open: the validator's errors that are those faults are
 * repaired on a copy, and the copy must then validate.
 */
import type { ValidationResult } from "openapi-backend"
import { api, FAULTS, isRecord, operationsOf, patched } from "./spec.js"

/** One of the validator's (Ajv's) errors. */
export type ErrorObject = NonNullable<ValidationResult["errors"]>[number]

export interface Example {
  readonly key: string
  readonly operationId: string
  readonly status: number
  readonly name: string
  readonly value: unknown
}

/** Every example of every response (components' included), in document order. */
export const EXAMPLES: ReadonlyArray<Example> = operationsOf(patched).flatMap(({ key, operationId }) => {
  const responses = api.getOperation(operationId)?.responses ?? {}
  return Object.entries(responses).flatMap(([status, response]) => {
    const media = "content" in response ? response.content?.["application/json"] : undefined
    if (media === undefined) return []
    const named = Object.entries(media.examples ?? {}).flatMap(([name, e]) => ("value" in e ? [{ name, value: e.value }] : []))
    const all = media.example === undefined ? named : [{ name: "example", value: media.example }, ...named]
    return all.map(({ name, value }) => ({ key, operationId, status: Number(status), name, value }))
  })
})

/** `2024-01-15T10:30:00`: a date-time without a zone. */
const ZONELESS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/

const pointer = (instancePath: string): ReadonlyArray<string> =>
  instancePath.split("/").slice(1).map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))

/** Sets the value at a JSON pointer of `root` (which the caller owns); false when there is none. */
const update = (root: unknown, path: ReadonlyArray<string>, change: (value: unknown) => unknown): boolean => {
  let node = root
  for (const step of path.slice(0, -1)) node = Array.isArray(node) ? node[Number(step)] : isRecord(node) ? node[step] : undefined
  const last = path[path.length - 1]
  if (last === undefined) return false
  if (Array.isArray(node)) node[Number(last)] = change(node[Number(last)])
  else if (isRecord(node)) node[last] = change(node[last])
  else return false
  return true
}

/** One validator error, repaired when it is a known fault of the examples; the fault's id, or undefined. */
const repair = (copy: unknown, error: ErrorObject): string | undefined => {
  const path = pointer(error.instancePath)
  let fault: string | undefined
  const ok = update(copy, path, (value) => {
    // FAULTS.zonelessTimestamps
    if (error.keyword === "format" && error.params.format === "date-time" && typeof value === "string" && ZONELESS.test(value)) {
      fault = FAULTS.zonelessTimestamps.id
      return `${value}Z`
    }
    // FAULTS.dealStatusCase
    if (error.keyword === "enum" && path.includes("deals") && path[path.length - 1] === "status" && value === "open") {
      fault = FAULTS.dealStatusCase.id
      return "OPEN"
    }
    return value
  })
  return ok ? fault : undefined
}

/** How an example fares against the spec: the validator's errors, and which known faults explained them. */
export interface Checked {
  readonly faults: ReadonlyArray<string>
  /** Errors left once the known faults are repaired (none for a conforming example). */
  readonly errors: ReadonlyArray<ErrorObject>
}

export const check = (example: Example): Checked => {
  const copy = structuredClone(example.value)
  const faults = new Set<string>()
  // A repair can settle errors elsewhere (an `anyOf` refused for a bad timestamp inside it): validate again until nothing is repaired.
  for (;;) {
    const result = api.validateResponse(copy, example.operationId, example.status)
    if (result.valid) return { faults: [...faults], errors: [] }
    let repaired = false
    for (const error of result.errors ?? []) {
      const fault = repair(copy, error)
      if (fault !== undefined) {
        faults.add(fault)
        repaired = true
      }
    }
    if (!repaired) return { faults: [...faults], errors: result.errors ?? [] }
  }
}
