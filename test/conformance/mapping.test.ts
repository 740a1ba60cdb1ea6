/**
 * Which spec ran, that every operation of Allo's spec has the SDK endpoint
 * that calls it (and every endpoint a spec operation or a known extension),
 * and that each known fault and extension is still what the tests say.
 */
import { assert, describe, it } from "@effect/vitest"
import { EXTENSIONS, V1_WEBHOOK_OPERATIONS } from "./extensions.js"
import { ALL_OPERATIONS, ENDPOINTS, OPERATIONS } from "./operations.js"
import { api, FAULTS, loaderFaultsPresent, official, operationsOf, PINNED_SHA256, sha256, specLabel, walk } from "./spec.js"

const specOperations = operationsOf(official)

/** `/v1/api/contact/{contact_id}` and `/v1/api/contact/{id}` are one route. */
const route = (path: string) => path.replace(/#.*$/, "").replace(/\{\w+\}/g, "{}")

describe(`the SDK against ${specLabel}`, () => {
  it("reads the pinned copy of Allo's spec", () => {
    console.info(`Conformance checked against ${official.info.title} ${official.info.version} (OpenAPI ${official.openapi}), sha256 ${sha256}`)
    assert.strictEqual(sha256, PINNED_SHA256, "test/conformance/spec/withallo-openapi.json changed: update spec/SOURCES.md and PINNED_SHA256")
  })

  it("the validator accepts the patched document as OpenAPI 3.0", () => {
    assert.doesNotThrow(() => api.validateDefinition())
  })

  it(`maps every operation of the spec: ${Object.keys(OPERATIONS).length} of ${specOperations.length}`, () => {
    const keys = specOperations.map((o) => o.key)
    assert.deepStrictEqual(keys.filter((k) => !(k in OPERATIONS)), [], "spec operations with no SDK endpoint (new in the spec?)")
    assert.deepStrictEqual(Object.keys(OPERATIONS).filter((k) => !keys.includes(k)), [], "mapped operations the spec no longer has")
  })

  it("maps every endpoint of the SDK to a spec operation or a known extension", () => {
    const mapped = new Set(Object.values(ALL_OPERATIONS))
    assert.deepStrictEqual([...ENDPOINTS.keys()].filter((name) => !mapped.has(name)), [], "endpoints calling no known operation")
  })

  for (const [key, name] of Object.entries(ALL_OPERATIONS)) {
    it(`${key} is called by ${name}`, () => {
      const endpoint = ENDPOINTS.get(name)
      assert.isDefined(endpoint, `the SDK has no endpoint ${name}`)
      const [method, path] = key.split(" ")
      assert.strictEqual(`${endpoint?.method} ${route(endpoint?.path ?? "")}`, `${method} ${route(path ?? "")}`)
    })
  }

  describe("known faults of the spec, each still present (else drop its workaround)", () => {
    const present = loaderFaultsPresent(official)
    it(`${FAULTS.danglingRef.id}: ${FAULTS.danglingRef.fault}`, () => assert.isTrue(present.danglingRef))
    it(`${FAULTS.refSiblings.id}: ${FAULTS.refSiblings.fault}`, () => assert.isTrue(present.refSiblings))
    it(`${FAULTS.nullableEnums.id}: ${FAULTS.nullableEnums.fault}`, () => assert.isTrue(present.nullableEnums))
    it(`${FAULTS.franceFragment.id}: ${FAULTS.franceFragment.fault}`, () => assert.isTrue(present.franceFragment))
    // FAULTS.zonelessTimestamps and FAULTS.dealStatusCase are checked where the examples are (responses.test.ts).
  })

  describe("known extensions, each still absent from the official spec (else drop its declaration)", () => {
    it(`${EXTENSIONS.v1Webhooks.id}: ${EXTENSIONS.v1Webhooks.source}`, () => {
      const keys = new Set(specOperations.map((o) => o.key))
      for (const key of Object.keys(V1_WEBHOOK_OPERATIONS)) assert.isFalse(keys.has(key), key)
    })
    it(`${EXTENSIONS.batchTranscript.id}: ${EXTENSIONS.batchTranscript.source}`, () => {
      const batch = official.paths["/v2/api/conversations/items/batch"]?.post
      assert.isDefined(batch)
      assert.isFalse(JSON.stringify(batch?.parameters ?? []).includes("\"extend\""))
    })
    for (const extension of [EXTENSIONS.v2IdempotencyKey, EXTENSIONS.v1IdempotencyKey]) {
      it(`${extension.id}: ${extension.source}`, () => {
        let declared = false
        walk(official.paths, (node) => {
          if (node.in === "header" && typeof node.name === "string" && node.name.toLowerCase() === "idempotency-key") declared = true
        })
        assert.isFalse(declared)
      })
    }
  })
})
