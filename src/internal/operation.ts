/**
 * How a public SDK operation is traced.
 *
 * @internal
 */
import * as Effect from "effect/Effect"

// No call-site stack: the span's name already says which operation ran.
const SPAN_OPTIONS = { captureStackTrace: false } as const

/**
 * `Effect.fn(name)` for the SDK's public operations: the body runs under a
 * span named `name` (the client annotates it with method, route, status,
 * attempts and request id), without `Effect.fn`'s call-site stack capture.
 * `Effect.fn` captures a stack trace (`new Error()`) on every call whatever
 * the tracer; measured on `PhoneNumbers.list()` over loopback at 16 concurrent
 * requests, that alone cost about a tenth of the throughput (issue #8).
 *
 * @example
 * ```ts
 * const list = operation("PhoneNumbers.list")(function*() {
 *   return yield* client.request({ ... })
 * })
 * ```
 */
export const operation = (name: string) =>
<Eff extends Effect.Effect<unknown, unknown, unknown>, AEff, Args extends Array<unknown>>(
  body: (...args: Args) => Generator<Eff, AEff, never>
) => {
  const run = Effect.fnUntraced(body)
  return (...args: Args) => Effect.withSpan(run(...args), name, SPAN_OPTIONS)
}
