/**
 * Every response Allo's spec describes decodes: each example response
 * (checked first against the spec's own schema, known faults worked around
 * openly), and many responses generated from each success schema, where
 * every field the spec leaves optional may be absent except the ones the SDK
 * deliberately requires (`required.ts`). Each of those is checked to be
 * required indeed: a response without it is refused.
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import { call, caseInput } from "./client.js"
import { check, EXAMPLES } from "./examples.js"
import { CASES } from "./inputs.js"
import { generated, probe, RESPONSE_SCHEMAS } from "./generate.js"
import { ALL_OPERATIONS, ENDPOINTS } from "./operations.js"
import { REQUIRED } from "./required.js"
import { FAULTS, isRecord, operationsOf, patched, specLabel } from "./spec.js"

/** Generated responses per success schema. */
const SAMPLES = 30

const API_ERRORS = new Set(["AuthenticationError", "ForbiddenError", "ValidationError", "NotFoundError", "ConflictError", "RateLimitError", "ServerError"])

/** The endpoint calling an operation, if the SDK has it (CRM lands separately). */
const endpointOf = (key: string) => {
  const name = ALL_OPERATIONS[key]
  // An endpoint without cases fails in requests.test.ts.
  return name !== undefined && ENDPOINTS.has(name) && CASES[name] !== undefined ? caseInput(name) : undefined
}

/** Decodes `body` as the endpoint's answer and shapes the caller's result; the decode failure's message, if any. */
const decodeFailure = (key: string, body: unknown): string | undefined => {
  const target = endpointOf(key)
  if (target === undefined) return undefined
  const decoded = Schema.decodeUnknownResult(target.endpoint.response, { errors: "all" })(body)
  if (Result.isFailure(decoded)) return decoded.failure.message
  target.endpoint.result(decoded.success, target.input)
  return undefined
}

const errorCode = (body: unknown): unknown =>
  isRecord(body) ? (isRecord(body.error) ? body.error.code : body.code) : undefined

describe(`responses of ${specLabel}`, () => {
  describe("every example response conforms to the spec and is read by the SDK", () => {
    for (const example of EXAMPLES) {
      const label = `${example.key} ${example.status} ${example.name}`
      it.effect(label, () =>
        Effect.gen(function*() {
          const checked = check(example)
          assert.deepStrictEqual(checked.errors, [], "the example, known faults repaired, conforms to its schema")
          const target = endpointOf(example.key)
          if (target === undefined) return
          if (example.status < 300) {
            const failure = decodeFailure(example.key, example.value)
            assert.isUndefined(failure, `${label} does not decode:\n${failure}\n${JSON.stringify(example.value)}`)
            return
          }
          // An error example reaches the caller as the typed error of its status, with Allo's code.
          const { result } = yield* call(target.endpoint, target.input, { status: example.status, body: isRecord(example.value) ? example.value : {} })
          assert.isTrue(Result.isFailure(result), "the call fails")
          if (Result.isSuccess(result)) return
          assert.isTrue(API_ERRORS.has(result.failure._tag), `${result.failure._tag}: ${result.failure.message}`)
          assert.strictEqual("status" in result.failure ? result.failure.status : undefined, example.status)
          assert.strictEqual("code" in result.failure ? result.failure.code : undefined, errorCode(example.value))
        }))
    }

    it("the examples' known faults are still there (else drop their workaround)", () => {
      const seen = new Set(EXAMPLES.flatMap((example) => check(example).faults))
      for (const fault of [FAULTS.zonelessTimestamps, FAULTS.dealStatusCase]) assert.isTrue(seen.has(fault.id), `${fault.id}: ${fault.fault}`)
    })
  })

  describe(`${SAMPLES} generated responses per success schema decode`, () => {
    for (const schema of RESPONSE_SCHEMAS) {
      const name = ALL_OPERATIONS[schema.key]
      if (name === undefined || !ENDPOINTS.has(name)) continue
      it(`${schema.key} ${schema.status} (${name})`, () => {
        for (let n = 0; n < SAMPLES; n++) {
          const body = generated(schema, n)
          const failure = decodeFailure(schema.key, body)
          assert.isUndefined(failure, `sample ${n} does not decode:\n${failure}\n${JSON.stringify(body)}`)
        }
      })
    }
  })

  describe("answers without a body are accepted", () => {
    for (const { key, operation } of operationsOf(patched)) {
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith("2"))
      if (success === undefined || ("content" in success[1] && success[1].content !== undefined)) continue
      const target = endpointOf(key)
      if (target === undefined) continue
      it.effect(`${key} ${success[0]}`, () =>
        Effect.gen(function*() {
          const { result } = yield* call(target.endpoint, target.input, { status: Number(success[0]) })
          assert.isTrue(Result.isSuccess(result), Result.isFailure(result) ? result.failure.message : "")
        }))
    }
  })

  describe("each field the SDK requires is refused when absent (required.ts is exact)", () => {
    for (const requirement of REQUIRED) {
      for (const location of requirement.at) {
        for (const field of requirement.fields) {
          const where = "component" in location ? [location.component, ...(location.path ?? [])] : [location.operation, location.status, ...location.path]
          const reached = probe(location, field, (key) => endpointOf(key) !== undefined)
          if (reached === undefined) continue
          it(`${where.join(" ")}: ${field}`, () => {
            assert.isUndefined(decodeFailure(reached.key, reached.full), "with every field, the response decodes")
            const failure = decodeFailure(reached.key, reached.without)
            assert.isDefined(failure, `${reached.key} decodes without ${field}: drop it from required.ts, or say why the SDK needs it`)
            assert.include(failure, `["${requirement.reportedAs ?? field}"]`)
          })
        }
      }
    }
  })
})
