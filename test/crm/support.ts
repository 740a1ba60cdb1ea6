/**
 * Helpers of the CRM tests: the last request the fake received, and a
 * ValidationError expected before any request.
 */
import { assert } from "@effect/vitest"
import { Effect } from "effect"
import { ValidationError } from "effect-withallo"
import { FakeWithallo, type LoggedRequest } from "effect-withallo/testing"

/** The requests the fake received on CRM paths, oldest first. */
export const crmRequests: Effect.Effect<ReadonlyArray<LoggedRequest>, never, FakeWithallo> = Effect.gen(function*() {
  const requests = yield* (yield* FakeWithallo).requests
  return requests.filter((r) => r.path.startsWith("/v2/api/crm/"))
})

/** The one CRM request the fake received. */
export const onlyRequest: Effect.Effect<LoggedRequest, never, FakeWithallo> = Effect.map(crmRequests, (requests) => {
  assert.lengthOf(requests, 1)
  return requests[0]!
})

/** Runs `effect` expecting a `ValidationError` and no request at all; yields its `errors`. */
export const refused = <A>(effect: Effect.Effect<A, unknown, never>) =>
  Effect.gen(function*() {
    const error = yield* Effect.flip(effect)
    assert.instanceOf(error, ValidationError)
    assert.lengthOf(yield* (yield* FakeWithallo).requests, 0, "no request was sent")
    return (error as ValidationError).errors
  })

/** A JavaScript caller can pass anything: these casts stand for such a caller. */
export const loose = <F>(f: F) => f as unknown as (...args: ReadonlyArray<unknown>) => Effect.Effect<unknown, unknown>

/** A key minted per call: a UUID. */
export const MINTED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

/** An error's tag and the API fields it carries (a transport failure has none). */
export const apiError = (error: { readonly _tag: string }) => {
  const fields = error as { readonly status?: number; readonly code?: string; readonly requestId?: string }
  return { _tag: error._tag, status: fields.status, code: fields.code, requestId: fields.requestId }
}
