/// <reference types="vite/client" />
import * as Effect from "effect/Effect"
import * as fc from "fast-check"

/** Every tag of `WithalloError`. */
export const TAGS = new Set([
  "AuthenticationError",
  "ForbiddenError",
  "ValidationError",
  "NotFoundError",
  "ConflictError",
  "RateLimitError",
  "ServerError",
  "TransportError",
  "TimeoutError",
  "ResponseDecodeError"
])

const throwing = { toString: () => { throw new Error("toString") }, valueOf: () => { throw new Error("valueOf") } }
let deep: unknown = "x"
for (let i = 0; i < 5_000; i++) deep = { deep, alloNumber: deep }

const hostile: ReadonlyArray<unknown> = [
  undefined, null, Number.NaN, Infinity, -Infinity, -1, 0, 1.5, 1e21, 2 ** 53, true, false,
  "", " ", "x".repeat(20_000), "\u0000\n\r\t", "..", ".", "../x", "../../v2/api/me", "a/b", "a?b=c", "#frag", "%2F", "%", "\ud800",
  "__proto__", "constructor", "2024-02-30", "2026-13-01", "not a date",
  {}, [], [[]], Object.create(null), JSON.parse("{\"__proto__\":{\"polluted\":1}}"), { constructor: "x" }, throwing,
  new Date(Number.NaN), deep, () => 1, Symbol("s"), 10n
]

const plausible: ReadonlyArray<unknown> = [
  "+14155550100", "+14155550199", "+33612345678", "cll-1", "msg-1", "usr-1", "per-1", "com-1", "dea-1", "tst-1", "ep_1",
  "AcmeCorp", "hello", "https://example.com/hook", "2026-01-01", "2026-01-31T09:00:00Z", 1, 2, 10, 100, ["+14155550100"],
  ["cll-1", "msg-1"], ["call.completed"], ["CALL_RECEIVED"], { from: "2026-01-01", to: "2026-01-31" }, "READ", "OPEN"
]

const KEYS = [
  "alloNumber", "contactNumber", "from", "to", "message", "senderId", "page", "size", "pageSize", "concurrency", "url",
  "topics", "ids", "id", "name", "lastName", "numbers", "emails", "date", "compareDate", "search", "sort", "filters",
  "userIds", "alloNumbers", "userId", "email", "content", "tags", "idempotencyKey", "transcript", "extend", "enabled",
  "description", "type", "direction", "lastActivitySince", "__proto__", "constructor"
] as const

const value = fc.oneof(fc.constantFrom(...hostile), fc.constantFrom(...plausible), fc.string(), fc.integer(), fc.double())
const paramsObject = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 })

/** Zero to three arguments, each hostile, plausible, or a parameter object of either. */
export const adversarialArgs: fc.Arbitrary<ReadonlyArray<unknown>> = fc.array(fc.oneof(value, paramsObject), { maxLength: 3 })

interface EndpointLike {
  readonly method: string
  readonly path: string
  readonly decode: unknown
}
const isEndpoint = (u: unknown): u is EndpointLike =>
  typeof u === "object" && u !== null && "method" in u && "path" in u && "decode" in u &&
  typeof (u as EndpointLike).path === "string" && (u as EndpointLike).path.startsWith("/")

/** `METHOD /path` patterns of every endpoint the services declare; `{id}` matches one encoded segment. */
export const templates = Effect.sync(() => {
  const modules = import.meta.glob("../../src/services/*.ts", { eager: true }) as Record<string, Record<string, unknown>>
  const out: Array<RegExp> = []
  for (const module of Object.values(modules)) {
    for (const value of Object.values(module)) {
      if (!isEndpoint(value)) continue
      const segment = "(?!\\.\\.?(?:/|$))[^/?#]+"
      const pattern = value.path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, segment)
      out.push(new RegExp(`^${value.method} ${pattern}$`))
    }
  }
  return out
})
