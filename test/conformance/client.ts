/**
 * Running one endpoint through the real client against a scripted answer
 * (no network): what it sent, and what the caller got.
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Endpoint from "../../src/Endpoint.js"
import { WithalloClient } from "../../src/WithalloClient.js"
import { makeStub, type Script } from "../support/stub.js"
import { CASES } from "./inputs.js"
import { type AnyEndpoint, ENDPOINTS } from "./operations.js"

/** The endpoint of that name and its `index`th case's decoded input (the case must be accepted). */
export const caseInput = (name: string, index = 0) => {
  const endpoint = ENDPOINTS.get(name)
  const args = CASES[name]?.[index]?.args
  if (endpoint === undefined || args === undefined) throw new Error(`no endpoint or case ${name}#${index}`)
  const input = endpoint.decode(args)
  if (Result.isFailure(input)) throw new Error(`${name}: the case's arguments are refused: ${input.failure.message}`)
  return { endpoint, input: input.success }
}

/** One call with no retries, answered by `answer`. */
export const call = (endpoint: AnyEndpoint, input: never, answer: Script) =>
  Effect.gen(function*() {
    const stub = makeStub(() => answer)
    const result = yield* Effect.result(
      Effect.provide(WithalloClient.use((client) => Endpoint.execute(client, endpoint, input)), stub.layer({ maxRetries: 0 }))
    )
    return { result, sent: stub.sent }
  })
