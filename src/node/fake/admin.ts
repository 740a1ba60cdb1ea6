/**
 * The fake server's `/__admin/*` routes: the same controls as
 * `FakeWithallo.Service`, in JSON over HTTP, for tests written in any
 * language. Every body is decoded strictly (`adminInput.ts`): a field the
 * route does not know, or a wrong type, is a 400 naming it.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import type * as Schema from "effect/Schema"
import type { FakeWithallo } from "../../testing/FakeWithallo.js"
import {
  CallsRequest,
  decodeBody,
  FaultRequest,
  LatencyRequest,
  QuotaRequest,
  RateLimitRequest,
  ReceiveSmsRequest,
  SeedRequest,
  toFaultOptions,
  toSeed,
  TriggerRequest
} from "./adminInput.js"

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

const bad = (message: string): AdminReply => ({ status: 400, body: { error: message } })

const noContent: AdminReply = { status: 204 }

/** Decodes `body` with `schema`, then runs `use`; a body that does not decode is a 400 naming the field. */
const withBody = <S extends Schema.Decoder<unknown>>(
  schema: S,
  body: unknown,
  use: (value: S["Type"]) => Effect.Effect<AdminReply>
): Effect.Effect<AdminReply> => {
  const decoded = decodeBody(schema, body)
  return Result.isSuccess(decoded) ? use(decoded.success) : Effect.succeed(bad(decoded.failure))
}

/** A failing control (a `ValidationError`) as a 400 with its message. */
const orBadRequest = (effect: Effect.Effect<AdminReply, { readonly message: string }>): Effect.Effect<AdminReply> =>
  Effect.catch(effect, (error) => Effect.succeed(bad(error.message)))

/** Answers one admin request (`query` for `?wait=true` on the deliveries list). */
export const admin = (
  fake: FakeWithallo.Service,
  stats: ConnectionStats,
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown
): Effect.Effect<AdminReply> => {
  const route = `${method} ${path.replace(/\/+$/, "")}`
  switch (route) {
    case "POST /__admin/faults":
      return withBody(FaultRequest, body, (request) => Effect.as(fake.injectFault(toFaultOptions(request)), noContent))
    case "GET /__admin/requests":
      return Effect.map(fake.requests, (data) => ({ status: 200, body: { data } }))
    case "POST /__admin/reset":
      // No body means "back to the seed the server started with"; so does `{}`.
      if (body === undefined || (typeof body === "object" && body !== null && Object.keys(body).length === 0)) {
        return Effect.as(fake.reset(), noContent)
      }
      return withBody(SeedRequest, body, (seed) => Effect.as(fake.reset(toSeed(seed)), noContent))
    case "POST /__admin/seed":
      return withBody(SeedRequest, body, (seed) => Effect.as(fake.seed(toSeed(seed)), noContent))
    case "POST /__admin/rate-limit":
      if (body === false) return Effect.as(fake.setRateLimit(false), noContent)
      return withBody(RateLimitRequest, body ?? {}, (request) =>
        Effect.as(
          fake.setRateLimit(
            request.enabled === false
              ? false
              : { readsPerSecond: request.readsPerSecond ?? 20, writesPerSecond: request.writesPerSecond ?? 5 }
          ),
          noContent
        ))
    case "POST /__admin/quota":
      return withBody(QuotaRequest, body, (request) =>
        Effect.as(fake.setDailyQuota(typeof request.limit === "number" ? request.limit : false), noContent))
    case "POST /__admin/latency":
      return withBody(LatencyRequest, body, (request) => Effect.as(fake.setLatency(request.ms), noContent))
    case "POST /__admin/calls":
      return withBody(CallsRequest, body ?? {}, (request) =>
        Effect.map(
          fake.addCalls(request.count ?? 1, { alloNumber: request.alloNumber, contactNumber: request.contactNumber }),
          (data) => ({ status: 200, body: { data } })
        ))
    case "POST /__admin/trigger":
      // Answers once the first attempts are over, with the deliveries made.
      return withBody(TriggerRequest, body, (request) =>
        orBadRequest(Effect.gen(function*() {
          const made = yield* fake.trigger(request.topic, request.data, { to: request.to, secret: request.secret })
          const settled = yield* fake.awaitWebhookDeliveries
          const data = made.map((delivery) => settled.find((d) => d.id === delivery.id) ?? delivery)
          return { status: 200, body: { data } }
        })))
    case "POST /__admin/receive-sms":
      return withBody(ReceiveSmsRequest, body, (sms) => orBadRequest(Effect.as(fake.receiveSms(sms), noContent)))
    case "GET /__admin/sms":
      return Effect.map(fake.sentSms, (data) => ({ status: 200, body: { data } }))
    case "GET /__admin/webhook-deliveries":
      return Effect.map(
        query.get("wait") === "true" ? fake.awaitWebhookDeliveries : fake.webhookDeliveries,
        (data) => ({ status: 200, body: { data } })
      )
    case "GET /__admin/connections":
      return Effect.succeed({ status: 200, body: { data: { ...stats } } })
    default:
      return Effect.succeed({ status: 404, body: { error: `no admin route ${route}` } })
  }
}
