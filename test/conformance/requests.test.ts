/**
 * Every request the SDK builds, for every endpoint and realistic arguments,
 * is what Allo's spec describes: sent through the real client (URL, query,
 * headers, JSON body as they leave it), routed by openapi-backend's router to
 * the operation the mapping table names, and validated by its Ajv validators
 * (path and query parameters, headers, body; bodies checked closed).
 */
import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import type { SentRequest } from "../support/stub.js"
import { call, caseInput } from "./client.js"
import { CASES } from "./inputs.js"
import { ENDPOINTS, OPERATION_OF } from "./operations.js"
import { api, FAULTS, isRecord, official, operationsOf, patched, specLabel } from "./spec.js"

const byKey = new Map(operationsOf(patched).map((op) => [op.key, op]))

/** The one request a case makes, through the client; the answer is the operation's mock success. */
const sent = (name: string, index: number, operationId: string) =>
  Effect.gen(function*() {
    const { endpoint, input } = caseInput(name, index)
    const { mock, status } = api.mockResponseForOperation(operationId)
    // Only the request matters here; what the answer decodes to is `responses.test.ts`'s concern.
    const { sent } = yield* call(endpoint, input, { status, body: status === 204 ? undefined : mock })
    assert.strictEqual(sent.length, 1, "one request")
    const [request] = sent
    if (request === undefined) return yield* Effect.die(new Error("no request"))
    return request
  })

const asValidated = (request: SentRequest) => ({
  method: request.method,
  path: request.url.pathname + request.url.search,
  headers: request.headers,
  ...(request.body === undefined ? {} : { body: request.body })
})

/** The spec's request example of an operation: `example`, or one of `examples` by name. */
const requestExample = (key: string, name: string): unknown => {
  const op = operationsOf(official).find((o) => o.key === key)?.operation
  const body = op?.requestBody
  const media = body !== undefined && "content" in body ? body.content["application/json"] : undefined
  if (name === "example") return media?.example
  const named = media?.examples?.[name]
  return named !== undefined && "value" in named ? named.value : undefined
}

describe(`requests conform to ${specLabel}`, () => {
  it("every endpoint has realistic cases, and every case names an endpoint", () => {
    assert.deepStrictEqual([...ENDPOINTS.keys()].filter((name) => CASES[name] === undefined), [], "endpoints without cases")
    assert.deepStrictEqual(Object.keys(CASES).filter((name) => !ENDPOINTS.has(name)), [], "cases of no endpoint")
  })

  for (const [name, cases] of Object.entries(CASES)) {
    const key = OPERATION_OF.get(name)
    const operation = key === undefined ? undefined : byKey.get(key)
    if (!ENDPOINTS.has(name) || operation === undefined) continue
    describe(`${name} → ${operation.key}`, () => {
      cases.forEach((c, index) => {
        it.effect(c.label, () =>
          Effect.gen(function*() {
            const request = yield* sent(name, index, operation.operationId)
            const validated = asValidated(request)
            const routed = api.router.matchOperation(validated)
            if (name === "Sms.sendFrance") {
              // FAULTS.franceFragment: the URL is `/v1/api/sms`, which routes to the other flavour.
              assert.strictEqual(routed?.operationId, "sendSMS", FAULTS.franceFragment.fault)
            } else {
              assert.strictEqual(routed?.operationId, operation.operationId, `${request.method} ${request.url.pathname} routes to its operation`)
            }
            const result = api.validateRequest(validated, operation.operationId)
            assert.isTrue(result.valid, `${request.method} ${request.url.pathname}${request.url.search} ${request.body ?? ""}\n` +
              JSON.stringify(result.errors, null, 2))
            if (c.example !== undefined) {
              const example = requestExample(operation.key, c.example)
              assert.isTrue(isRecord(example), `the spec has a request example "${c.example}"`)
              assert.deepStrictEqual(JSON.parse(request.body ?? "null"), example, "the body is the spec's example")
            }
          }))
      })
    })
  }
})

describe("the validator refuses what the spec does not allow (the checks above can fail)", () => {
  const refuses = (label: string, operationId: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    it(label, () => {
      const result = api.validateRequest({
        method,
        path,
        headers: { "content-type": "application/json", ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      }, operationId)
      assert.isFalse(result.valid, `${method} ${path} ${JSON.stringify(body ?? "")} was accepted`)
    })
  const endpoint = { url: "https://example.com/webhooks/allo", topics: ["call.received"] }

  refuses("a query parameter the operation does not declare", "listUsers", "GET", "/v2/api/users?team=sales")
  refuses("a value outside a query enum", "listUsers", "GET", "/v2/api/users?role=OWNER")
  refuses("a query value of the wrong type", "searchCalls", "GET", "/v1/api/calls?allo_number=%2B14155550100&size=ten")
  refuses("a missing required query parameter", "searchCalls", "GET", "/v1/api/calls?page=0")
  refuses("a body field the spec does not declare (bodies are checked closed)", "createWebhook", "POST", "/v2/api/webhooks", {
    ...endpoint,
    secret: "s"
  })
  refuses("a body without a required field", "createWebhook", "POST", "/v2/api/webhooks", { topics: ["call.received"] })
  refuses("an empty Idempotency-Key (the declared v2 extension)", "createWebhook", "POST", "/v2/api/webhooks", endpoint, { "idempotency-key": "" })
  refuses("an `extend` other than transcript on the batch read (the declared extension)", "batchGetConversationItems", "POST",
    "/v2/api/conversations/items/batch?extend=summary", { ids: ["cll-abc123"] })
  refuses("a US text's body on the France operation", "sendSMSFrance", "POST", "/v1/api/sms", { from: "+14155550100", to: "+33612345678", message: "Hi" })
})
