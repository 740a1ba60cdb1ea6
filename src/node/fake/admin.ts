/**
 * The fake server's `/__admin/*` routes: the same controls as
 * `FakeWithallo.Service`, in JSON over HTTP, for tests written in any language.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type { Seed } from "../../testing/fake/records.js"
import type { Fault, FaultOptions } from "../../testing/fake/types.js"
import type { FakeWithallo } from "../../testing/FakeWithallo.js"

/** Connection counters the server keeps. */
export interface ConnectionStats {
  /** TCP connections accepted. */
  opened: number
  /** TCP connections closed (by either side). */
  closed: number
  /** Requests whose client went away before the response finished (cancelled in flight). */
  aborted: number
  /** Requests currently being answered. */
  inFlight: number
}

/** An admin answer. */
export interface AdminReply {
  readonly status: number
  readonly body?: unknown
}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null && !Array.isArray(u)

const FAULT_TAGS = new Set(["Status", "Latency", "StallBody", "Drop", "Malformed"])

const isFault = (u: unknown): u is Fault => isRecord(u) && typeof u._tag === "string" && FAULT_TAGS.has(u._tag) &&
  (u._tag !== "Status" || typeof u.status === "number") &&
  (u._tag !== "Latency" || typeof u.delay === "number" || typeof u.delay === "string")

const faultOptions = (u: unknown): FaultOptions | undefined => {
  if (!isRecord(u) || !isFault(u.fault)) return undefined
  const method = typeof u.method === "string" ? u.method : undefined
  const path = typeof u.path === "string" ? u.path : undefined
  const times = typeof u.times === "number" ? u.times : undefined
  return { fault: u.fault, method, path, times }
}

// Seeds are plain JSON data; unknown fields are ignored by the seeder.
const isSeed = (u: unknown): u is Seed => u === undefined || isRecord(u)

const bad = (message: string): AdminReply => ({ status: 400, body: { error: message } })

/** Answers one admin request. */
export const admin = (
  fake: FakeWithallo.Service,
  stats: ConnectionStats,
  method: string,
  path: string,
  body: unknown
): Effect.Effect<AdminReply> => {
  const route = `${method} ${path.replace(/\/+$/, "")}`
  switch (route) {
    case "POST /__admin/faults": {
      const options = faultOptions(body)
      return options === undefined
        ? Effect.succeed(bad("expected {method?, path?, times?, fault: {_tag: Status|Latency|StallBody|Drop|Malformed, ...}}"))
        : Effect.as(fake.injectFault(options), { status: 204 })
    }
    case "GET /__admin/requests":
      return Effect.map(fake.requests, (data) => ({ status: 200, body: { data } }))
    case "POST /__admin/reset":
      // No body (or `{}`) means "back to the seed the server started with".
      if (body === undefined || (isRecord(body) && Object.keys(body).length === 0)) return Effect.as(fake.reset(), { status: 204 })
      return isSeed(body) ? Effect.as(fake.reset(body), { status: 204 }) : Effect.succeed(bad("expected a seed object"))
    case "POST /__admin/seed":
      return isSeed(body) && body !== undefined ? Effect.as(fake.seed(body), { status: 204 }) : Effect.succeed(bad("expected a seed object"))
    case "POST /__admin/rate-limit": {
      if (body === false || (isRecord(body) && body.enabled === false)) return Effect.as(fake.setRateLimit(false), { status: 204 })
      const reads = isRecord(body) && typeof body.readsPerSecond === "number" ? body.readsPerSecond : 20
      const writes = isRecord(body) && typeof body.writesPerSecond === "number" ? body.writesPerSecond : 5
      return Effect.as(fake.setRateLimit({ readsPerSecond: reads, writesPerSecond: writes }), { status: 204 })
    }
    case "POST /__admin/quota":
      return Effect.as(fake.setDailyQuota(isRecord(body) && typeof body.limit === "number" ? body.limit : false), { status: 204 })
    case "POST /__admin/latency":
      return Effect.as(fake.setLatency(isRecord(body) && typeof body.ms === "number" ? body.ms : 0), { status: 204 })
    case "POST /__admin/calls": {
      const count = isRecord(body) && typeof body.count === "number" ? body.count : 1
      return Effect.map(fake.addCalls(count), (data) => ({ status: 200, body: { data } }))
    }
    case "GET /__admin/sms":
      return Effect.map(fake.sentSms, (data) => ({ status: 200, body: { data } }))
    case "GET /__admin/webhook-deliveries":
      return Effect.map(fake.webhookDeliveries, (data) => ({ status: 200, body: { data } }))
    case "GET /__admin/connections":
      return Effect.succeed({ status: 200, body: { data: { ...stats } } })
    default:
      return Effect.succeed({ status: 404, body: { error: `no admin route ${route}` } })
  }
}
