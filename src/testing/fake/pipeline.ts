/**
 * One request through the fake, in the order a real edge would apply them:
 * latency and injected faults, authentication, the v1 daily quota, per-key
 * rate limits, routing, scopes, idempotency, body parsing, the handler — then
 * the request id, rate-limit headers, webhook deliveries (sent after the
 * answer), the log and hooks.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import type { Ctx, RaisedEvent } from "./context.js"
import { outgoingFor } from "./deliveries.js"
import type { Dispatcher } from "./dispatch.js"
import { type ApiVersion, defaultErrorFor, type Reply, v1Error, v2Error, versionOf, withRequestId } from "./errors.js"
import type { FaultBook } from "./faults.js"
import { hash32, Rng } from "./prng.js"
import type { DailyQuota, RateLimiter } from "./rateLimit.js"
import { matchRoute } from "./router.js"
import type { KeyRecord, Store } from "./store.js"
import type { Fault, FakeRequest, FakeResponse, LoggedRequest } from "./types.js"

/** Everything the pipeline reads and updates besides the store. */
export interface Runtime {
  store: Store
  readonly faults: FaultBook
  readonly limiter: RateLimiter
  readonly quota: DailyQuota
  readonly log: Array<LoggedRequest>
  /** Records and sends webhook deliveries. */
  readonly dispatcher: Dispatcher
  readonly idempotency: Map<string, { readonly method: string; readonly path: string; readonly reply: Reply; readonly expiresMs: number }>
  latencyMs: number
  requestCount: number
  /** Clock time when the fake was built: records are stamped `anchor + (now - this)`. */
  readonly clockStartMs: number
}

const IDEMPOTENCY_TTL_MS = 3_600_000

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false }

const parseJson = (text: string): Parsed => {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

const unauthorized = (version: ApiVersion, malformed: boolean): Reply =>
  version === "v1"
    ? v1Error(401, "API_KEY_INVALID")
    : malformed
    ? v2Error(401, "UNAUTHORIZED", "Missing or malformed Authorization header. Use 'Authorization: Api-Key <your-key>'.")
    : v2Error(401, "API_KEY_INVALID", "The API key provided is invalid or does not exist.")

/** The key a header names: `Api-Key <key>` or the bare key; `Bearer` and absence are malformed. */
const keyOf = (authorization: string | undefined): string | undefined => {
  if (authorization === undefined || authorization.trim() === "" || /^bearer\s/i.test(authorization)) return undefined
  const prefixed = /^api-key\s+(\S+)\s*$/i.exec(authorization)
  return prefixed !== null ? prefixed[1] : authorization.trim()
}

interface Processed {
  readonly reply: Reply
  readonly headers: Record<string, string>
  readonly events: ReadonlyArray<RaisedEvent>
}

const process = (rt: Runtime, req: {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly headers: Readonly<Record<string, string>>
  readonly bodyText: string | undefined
}, nowMs: number): Processed => {
  const version = versionOf(req.path)
  const headers: Record<string, string> = {}
  const events: Array<RaisedEvent> = []
  const done = (reply: Reply): Processed => ({ reply, headers, events })

  const apiKey = keyOf(req.headers["authorization"])
  const key: KeyRecord | undefined = apiKey === undefined ? undefined : rt.store.keys.get(apiKey)
  if (apiKey === undefined || key === undefined) return done(unauthorized(version, apiKey === undefined))

  if (version === "v1") {
    const resetIn = rt.quota.take(apiKey, nowMs)
    if (resetIn !== undefined) {
      return done(v1Error(429, "API_KEY_QUOTA_EXCEEDED", [{
        message: `limit=${rt.quota.limit};type=DAILY;reset_in=${resetIn}`,
        field: "DAILY"
      }]))
    }
  }
  const rate = rt.limiter.take(apiKey, req.method, nowMs)
  if (rate !== undefined) {
    Object.assign(headers, rate.headers)
    if (!rate.allowed) {
      // Each path answers in its own envelope: the spec declares every v1 429 as `{code, details}`.
      return done(
        version === "v1"
          ? v1Error(429, "RATE_LIMIT_EXCEEDED", [{
            message: `limit=${rate.limit};type=SECOND;reset_in=${rate.retryAfterSeconds}`,
            field: "SECOND"
          }])
          : v2Error(429, "RATE_LIMIT_EXCEEDED", `You have exceeded the rate limit of ${rate.limit} requests per second.`, {
            retryAfterSeconds: rate.retryAfterSeconds
          })
      )
    }
  }

  const found = matchRoute(req.method, req.path)
  if (found._tag === "NotFound") {
    return done(version === "v1" ? v1Error(404, "NOT_FOUND") : v2Error(404, "NOT_FOUND", `No route for ${req.method} ${req.path}.`))
  }
  if (found._tag === "MethodNotAllowed") {
    return done(
      version === "v1"
        ? v1Error(405, "METHOD_NOT_ALLOWED")
        : v2Error(405, "METHOD_NOT_ALLOWED", `${req.method} is not allowed on ${req.path}.`)
    )
  }
  const { params, route } = found
  if (route.scope !== null && !key.scopes.has(route.scope)) {
    return done(
      version === "v1"
        ? v1Error(403, "API_KEY_INSUFFICIENT_SCOPE", [{ message: `required=${route.scope}`, field: "scope" }])
        : v2Error(403, "API_KEY_INSUFFICIENT_SCOPE", `This API key lacks the required scope: ${route.scope}.`, {
          suggestion: `Create a new key with the ${route.scope} scope.`
        })
    )
  }

  // v2 documents Idempotency-Key on every write; on v1 only SMS honours it, a leniency of the fake.
  const idemHeader = req.headers["idempotency-key"]
  const idempotent = idemHeader !== undefined && req.method !== "GET" && (version === "v2" || req.path === "/v1/api/sms")
  const idemId = `${apiKey}\u0000${idemHeader ?? ""}`
  if (idempotent) {
    const stored = rt.idempotency.get(idemId)
    if (stored !== undefined && stored.expiresMs > nowMs) {
      if (stored.method === req.method && stored.path === req.path) {
        headers["idempotency-replayed"] = "true"
        return done(stored.reply)
      }
      const message = "This Idempotency-Key was already used for a different endpoint."
      return done(version === "v1" ? v1Error(409, "IDEMPOTENCY_KEY_REUSE") : v2Error(409, "IDEMPOTENCY_KEY_REUSE", message, { param: "Idempotency-Key" }))
    }
  }

  let body: unknown = undefined
  if (req.bodyText !== undefined && req.bodyText.trim() !== "") {
    const contentType = req.headers["content-type"]
    if (contentType !== undefined && !/json/i.test(contentType)) {
      return done(version === "v1" ? v1Error(415, "UNSUPPORTED_MEDIA_TYPE") : v2Error(415, "UNSUPPORTED_MEDIA_TYPE", "Send JSON with Content-Type: application/json."))
    }
    const parsed = parseJson(req.bodyText)
    if (!parsed.ok) {
      return done(version === "v1" ? v1Error(400, "INVALID_REQUEST_BODY") : v2Error(400, "INVALID_REQUEST_BODY", "The request body is not valid JSON."))
    }
    body = parsed.value
  }

  const limits = rt.limiter.settings === false ? { readsPerSecond: 20, writesPerSecond: 5 } : rt.limiter.settings
  const ctx: Ctx = {
    store: rt.store,
    method: req.method,
    path: req.path,
    params,
    query: req.query,
    body,
    version,
    key,
    nowMs: rt.store.anchorMs + Math.max(0, nowMs - rt.clockStartMs),
    events,
    rateLimits: { read_per_second: limits.readsPerSecond, write_per_second: limits.writesPerSecond }
  }
  const reply = route.handler(ctx)
  if (idempotent && reply.status >= 200 && reply.status < 300) {
    rt.idempotency.set(idemId, { method: req.method, path: req.path, reply, expiresMs: nowMs + IDEMPOTENCY_TTL_MS })
  }
  return done(reply)
}

const render = (reply: Reply, headers: Readonly<Record<string, string>>, requestId: string) => {
  const text = reply.body === undefined ? undefined : JSON.stringify(withRequestId(reply.body, requestId))
  return {
    status: reply.status,
    headers: {
      ...(text === undefined ? {} : { "content-type": "application/json" }),
      ...headers,
      ...reply.headers,
      "x-request-id": requestId
    },
    body: text
  }
}

const applyFault = (fault: Fault | undefined, r: ReturnType<typeof render>): FakeResponse => {
  if (fault?._tag === "StallBody") {
    return { _tag: "StallBody", status: r.status, headers: r.headers, partialBody: (r.body ?? "").slice(0, Math.floor((r.body ?? "").length / 2)) }
  }
  if (fault?._tag === "Malformed") {
    const body = fault.mode === "html"
      ? "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
      : (r.body ?? "{\"data\":").slice(0, Math.max(1, Math.floor((r.body ?? "{\"data\":").length / 2)))
    return { _tag: "Response", status: r.status, headers: { ...r.headers, ...(fault.mode === "html" ? { "content-type": "text/html" } : {}) }, body }
  }
  return { _tag: "Response", ...r }
}

const lowerCased = (headers: Readonly<Record<string, string>>): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value
  return out
}

/** Answers one request. */
export const handle = (rt: Runtime, request: FakeRequest): Effect.Effect<FakeResponse> =>
  Effect.gen(function*() {
    const arrivedMs = yield* Clock.currentTimeMillis
    const url = new URL(request.url, "http://fake.withallo.local")
    const method = request.method.toUpperCase()
    const path = url.pathname
    const headers = lowerCased(request.headers)
    const n = rt.requestCount++
    const requestId = headers["x-request-id"] ?? `req_${new Rng(hash32(rt.store.seed, 97, n)).alnumMixed(12)}`
    const version = versionOf(path)

    const fault = rt.faults.take(method, path)
    const delay = rt.latencyMs + (fault?._tag === "Latency" ? Duration.toMillis(fault.delay) : 0)
    if (delay > 0) yield* Effect.sleep(Duration.millis(delay))
    // Only the latency can be cut short (a client that gives up aborts it).
    // Once processing starts the fake finishes it, records it and raises its
    // webhooks, as a server does when the client goes away mid-request.
    const handled = yield* Effect.uninterruptible(Effect.gen(function*() {
      const nowMs = yield* Clock.currentTimeMillis

      let response: FakeResponse
      let events: ReadonlyArray<RaisedEvent> = []
      if (fault?._tag === "Drop") {
        response = { _tag: "Drop" }
      } else if (fault?._tag === "Status") {
        const reply: Reply = fault.body !== undefined
          ? { status: fault.status, body: fault.body }
          : defaultErrorFor(version, fault.status, fault.retryAfterSeconds)
        const extra = { ...(fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) }), ...lowerCased(fault.headers ?? {}) }
        const r = render(reply, extra, requestId)
        response = { _tag: "Response", ...r, body: typeof fault.body === "string" ? fault.body : r.body }
      } else {
        const processed = process(rt, { method, path, query: url.searchParams, headers, bodyText: request.body }, nowMs)
        events = processed.events
        response = applyFault(fault, render(processed.reply, processed.headers, requestId))
      }

      if (events.length > 0) {
        const fakeNow = rt.store.anchorMs + Math.max(0, nowMs - rt.clockStartMs)
        yield* rt.dispatcher.enqueue(outgoingFor(rt.store, events, fakeNow))
      }
      const loggedHeaders = { ...headers }
      if (loggedHeaders["authorization"] !== undefined) loggedHeaders["authorization"] = "<redacted>"
      const parsedBody = request.body === undefined || request.body === "" ? undefined : parseJson(request.body)
      const entry: LoggedRequest = {
        requestId,
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        headers: loggedHeaders,
        body: parsedBody === undefined ? undefined : parsedBody.ok ? parsedBody.value : request.body,
        status: response._tag === "Drop" ? "drop" : response._tag === "StallBody" ? "stall" : response.status,
        timeMillis: arrivedMs
      }
      rt.log.push(entry)
      return { response, entry }
    }))
    // Users' hooks run as any effect does: interruptible.
    for (const hook of rt.faults.due(method, path)) yield* hook.run(handled.entry, hook.count)
    return handled.response
  })
