/**
 * The in-memory fake Allo: an HTTP-level stand-in for `api.withallo.com` that
 * answers requests (method, URL, headers, body) with Allo's statuses, headers
 * and JSON, keeps state across them, and gives a test the controls to seed
 * data, read what the code did and inject faults. It knows nothing about the
 * SDK's client; `FakeHttpClient.layer` plugs it under any `HttpClient` user.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { FakeWithallo } from "effect-withallo/testing"
 *
 * const program = Effect.gen(function*() {
 *   const fake = yield* FakeWithallo
 *   yield* fake.injectFault({ method: "GET", path: "/v1/api/calls", times: 2, fault: { _tag: "Status", status: 503 } })
 *   // ... run code against the fake ...
 *   const sent = yield* fake.sentSms
 * }).pipe(Effect.provide(FakeWithallo.layer({ calls: 5000, contacts: 200 })))
 * ```
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type { CompanyRecord, DealRecord, PersonRecord } from "./fake/crmRecords.js"
import { blockCall } from "./fake/generate.js"
import { FaultBook, type RequestHook } from "./fake/faults.js"
import { handle, type Runtime } from "./fake/pipeline.js"
import { DailyQuota, RateLimiter } from "./fake/rateLimit.js"
import type {
  CallRecord,
  ContactRecord,
  MessageRecord,
  NumberRecord,
  Seed,
  SentSms,
  TagRecord,
  UserRecord,
  WebhookEndpointRecord,
  WebhookV1Record
} from "./fake/records.js"
import { applySeed, storeFromSeed } from "./fake/seed.js"
import { alloNumbers, callRefs, insertCalls, newestMs } from "./fake/store.js"
import type {
  FakeRequest,
  FakeResponse,
  FaultOptions,
  LoggedRequest,
  RateLimitSettings,
  RequestMatch,
  WebhookDelivery
} from "./fake/types.js"
import { v1Call } from "./fake/views.js"

/** A read-only view of the fake's data. */
export interface FakeSnapshot {
  readonly numbers: ReadonlyArray<NumberRecord>
  readonly users: ReadonlyArray<UserRecord>
  readonly tags: ReadonlyArray<TagRecord>
  /** Newest first. */
  readonly contacts: ReadonlyArray<ContactRecord>
  /** Generated and explicit calls together. */
  readonly callCount: number
  /** Newest first (seeded and sent). */
  readonly messages: ReadonlyArray<MessageRecord>
  readonly webhooks: ReadonlyArray<WebhookV1Record>
  readonly webhookEndpoints: ReadonlyArray<WebhookEndpointRecord>
  /** CRM records, in the order they were added. */
  readonly people: ReadonlyArray<PersonRecord>
  readonly companies: ReadonlyArray<CompanyRecord>
  readonly deals: ReadonlyArray<DealRecord>
}

/** Options of {@link FakeWithallo.Service.addCalls}. */
export interface AddCallsOptions {
  /** Which of your numbers the calls are on (default: spread over the seeded numbers). */
  readonly alloNumber?: string | undefined
  /** The counterpart (default: the seeded contacts and unknown numbers). */
  readonly contactNumber?: string | undefined
}

export declare namespace FakeWithallo {
  /** The fake's transport entry point and its test controls. */
  export interface Service {
    /** Answers one HTTP request as Allo would (latency uses `Effect.sleep`, so `TestClock` drives it). */
    readonly handle: (request: FakeRequest) => Effect.Effect<FakeResponse>
    /** Adds records (explicit and/or generated) to the current state. */
    readonly seed: (seed: Seed) => Effect.Effect<void>
    /** Back to a fresh state from `seed` (default: the layer's seed); clears logs, faults, limits and hooks. */
    readonly reset: (seed?: Seed) => Effect.Effect<void>
    /** The data as it is now. */
    readonly state: Effect.Effect<FakeSnapshot>
    /** Every request received, oldest first (`Authorization` redacted). */
    readonly requests: Effect.Effect<ReadonlyArray<LoggedRequest>>
    /** Every SMS accepted by `POST /v1/api/sms`, once each (replays are not re-recorded). */
    readonly sentSms: Effect.Effect<ReadonlyArray<SentSms>>
    /** Webhook events Allo would have delivered, oldest first. */
    readonly webhookDeliveries: Effect.Effect<ReadonlyArray<WebhookDelivery>>
    /** Returns the pending webhook deliveries and forgets them. */
    readonly takeWebhookDeliveries: Effect.Effect<ReadonlyArray<WebhookDelivery>>
    /** Arms a fault for the next `times` (default 1) matching requests. */
    readonly injectFault: (options: FaultOptions) => Effect.Effect<void>
    /** Turns Allo's per-key limits on (`{ readsPerSecond: 20, writesPerSecond: 5 }` is Allo's) or off (`false`, the default). */
    readonly setRateLimit: (settings: RateLimitSettings | false) => Effect.Effect<void>
    /** Turns the v1 daily request quota on (requests per key per UTC day) or off. */
    readonly setDailyQuota: (limit: number | false) => Effect.Effect<void>
    /** Delay added to every request before it is answered. */
    readonly setLatency: (latency: Duration.Input) => Effect.Effect<void>
    /** New calls, newer than everything so far (a call "arriving" mid-export); returns them in v1 shape. */
    readonly addCalls: (count: number, options?: AddCallsOptions) => Effect.Effect<ReadonlyArray<Record<string, unknown>>>
    /** Runs `hook` after each matching request is answered (`count` is 1-based per hook). */
    readonly onRequest: (match: RequestMatch, hook: RequestHook) => Effect.Effect<void>
    /** Accepts `key` with exactly these scopes. */
    readonly registerKey: (key: string, scopes: ReadonlyArray<string>) => Effect.Effect<void>
  }
}

const STEP_MS = 180_000

/** Builds a fake (the layer's constructor; also used by the Node fake server). */
export const make = (initialSeed: Seed = {}): Effect.Effect<FakeWithallo.Service> =>
  Effect.gen(function*() {
    const rt: Runtime = {
      store: storeFromSeed(initialSeed),
      faults: new FaultBook(),
      limiter: new RateLimiter(false),
      quota: new DailyQuota(false),
      log: [],
      deliveries: [],
      idempotency: new Map(),
      latencyMs: 0,
      requestCount: 0,
      clockStartMs: yield* Clock.currentTimeMillis
    }
    let addBlock = 1000
    const addCalls = (count: number, options: AddCallsOptions = {}) =>
      Effect.sync(() => {
        const store = rt.store
        const block = {
          seed: store.seed,
          block: addBlock++,
          size: count,
          anchorMs: newestMs(store) + (count + 1) * STEP_MS,
          alloNumbers: options.alloNumber !== undefined ? [options.alloNumber] : alloNumbers(store),
          contactNumbers: options.contactNumber !== undefined ? [options.contactNumber] : store.contacts.flatMap((c) => c.numbers.slice(0, 1)),
          userIds: store.users.map((u) => u.id)
        }
        const calls: Array<CallRecord> = Array.from({ length: count }, (_, i) => {
          const call = blockCall(block, i)
          return options.contactNumber === undefined ? call : { ...call, contactNumber: options.contactNumber }
        })
        insertCalls(store, calls)
        return calls.map(v1Call)
      })
    return FakeWithallo.of({
      handle: (request) => handle(rt, request),
      seed: (seed) => Effect.sync(() => applySeed(rt.store, seed)),
      reset: (seed) =>
        Effect.sync(() => {
          rt.store = storeFromSeed(seed ?? initialSeed)
          rt.faults.clear()
          rt.limiter.settings = false
          rt.limiter.clear()
          rt.quota.limit = false
          rt.quota.clear()
          rt.log.length = 0
          rt.deliveries.length = 0
          rt.idempotency.clear()
          rt.latencyMs = 0
        }),
      state: Effect.sync(() => ({
        numbers: [...rt.store.numbers],
        users: [...rt.store.users],
        tags: [...rt.store.tags],
        contacts: [...rt.store.contacts],
        callCount: callRefs(rt.store, {}).length,
        messages: [...rt.store.messages],
        webhooks: [...rt.store.webhooks],
        webhookEndpoints: [...rt.store.endpoints],
        people: [...rt.store.people],
        companies: [...rt.store.companies],
        deals: [...rt.store.deals]
      })),
      requests: Effect.sync(() => [...rt.log]),
      sentSms: Effect.sync(() => [...rt.store.sentSms]),
      webhookDeliveries: Effect.sync(() => [...rt.deliveries]),
      takeWebhookDeliveries: Effect.sync(() => rt.deliveries.splice(0, rt.deliveries.length)),
      injectFault: (options) => Effect.sync(() => rt.faults.inject(options)),
      setRateLimit: (settings) =>
        Effect.sync(() => {
          rt.limiter.settings = settings
          rt.limiter.clear()
        }),
      setDailyQuota: (limit) =>
        Effect.sync(() => {
          rt.quota.limit = limit
        }),
      setLatency: (latency) =>
        Effect.sync(() => {
          rt.latencyMs = Duration.toMillis(latency)
        }),
      addCalls,
      onRequest: (match, hook) => Effect.sync(() => rt.faults.onRequest(match, hook)),
      registerKey: (key, scopes) =>
        Effect.sync(() => {
          rt.store.keys.set(key, { id: `api-${key.slice(-12)}`, scopes: new Set(scopes) })
        })
    })
  })

/** The fake Allo service (`effect-withallo/testing`). */
export class FakeWithallo extends Context.Service<FakeWithallo, FakeWithallo.Service>()("effect-withallo/testing/FakeWithallo") {
  /** A fresh fake per layer build, seeded with `seed`. */
  static readonly layer = (seed?: Seed): Layer.Layer<FakeWithallo> => Layer.effect(FakeWithallo, make(seed))
}
