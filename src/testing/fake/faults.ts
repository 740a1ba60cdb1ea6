/**
 * Injected faults and request hooks: both select requests with a
 * {@link RequestMatch}; a fault catches the next N matching requests.
 *
 * @since 0.1.0
 */
import type * as Effect from "effect/Effect"
import type { Fault, FaultOptions, LoggedRequest, RequestMatch } from "./types.js"

/** Whether a request matches. */
export const matches = (match: RequestMatch, method: string, path: string): boolean => {
  if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false
  const p = match.path
  if (p === undefined) return true
  if (typeof p === "string") return p.endsWith("*") ? path.startsWith(p.slice(0, -1)) : path === p
  if (p instanceof RegExp) return p.test(path)
  return p(path)
}

interface Armed {
  readonly options: FaultOptions
  remaining: number
}

/** A hook run after each matching request is answered; `count` is 1-based per hook. */
export type RequestHook = (request: LoggedRequest, count: number) => Effect.Effect<void>

/** Pending faults and hooks. */
export class FaultBook {
  private faults: Array<Armed> = []
  private hooks: Array<{ readonly match: RequestMatch; readonly run: RequestHook; count: number }> = []

  inject(options: FaultOptions): void {
    this.faults.push({ options, remaining: options.times ?? 1 })
  }

  /** Consumes and returns the first armed fault matching the request. */
  take(method: string, path: string): Fault | undefined {
    const armed = this.faults.find((f) => f.remaining > 0 && matches(f.options, method, path))
    if (armed === undefined) return undefined
    armed.remaining--
    this.faults = this.faults.filter((f) => f.remaining > 0)
    return armed.options.fault
  }

  /** Faults still armed. */
  pending(): ReadonlyArray<FaultOptions & { readonly remaining: number }> {
    return this.faults.map((f) => ({ ...f.options, remaining: f.remaining }))
  }

  onRequest(match: RequestMatch, run: RequestHook): void {
    this.hooks.push({ match, run, count: 0 })
  }

  /** The hook runs due for a request, counting it. */
  due(method: string, path: string): ReadonlyArray<{ readonly run: RequestHook; readonly count: number }> {
    return this.hooks.filter((h) => matches(h.match, method, path)).map((h) => {
      h.count++
      return { run: h.run, count: h.count }
    })
  }

  clear(): void {
    this.faults = []
    this.hooks = []
  }
}
