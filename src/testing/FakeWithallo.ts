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
import * as FiberSet from "effect/FiberSet"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { sign } from "../webhooks/WebhookReceiver.js"
import { invalidInput, type ValidationError } from "../WithalloError.js"
import { outgoingFor } from "./fake/deliveries.js"
import type { CompanyRecord, DealRecord, PersonRecord } from "./fake/crmRecords.js"
import { Dispatcher } from "./fake/dispatch.js"
import { FaultBook, type RequestHook } from "./fake/faults.js"
import { handle, type Runtime } from "./fake/pipeline.js"
import { DailyQuota, RateLimiter } from "./fake/rateLimit.js"
import type {
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
import { addCalls, type BlockCounter, type InboundSms, receiveSms, type TriggerTarget, triggerOutgoing } from "./fake/simulate.js"
import { callRefs } from "./fake/store.js"
import { transportOf, type WebhookTarget } from "./fake/transport.js"
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

/** Options of {@link FakeWithallo.Service.trigger}. */
export interface TriggerOptions extends TriggerTarget {
  /** Deliver to this URL only (whatever is registered), instead of every webhook subscribed to the topic. */
  readonly to?: string | undefined
  /** With `to`: sign the delivery with this secret (`whsec_…`); unsigned without it. */
  readonly secret?: string | undefined
}

/** How the fake delivers webhooks (see {@link FakeWithallo.layer}). */
export interface FakeOptions {
  /**
   * Where deliveries go: an `HttpClient` (each delivery's URL decides), a
   * receiver run in-process (`WebhookReceiver.make(…)`) or a web handler.
   * Default: none — deliveries are only recorded.
   */
  readonly webhookTarget?: WebhookTarget | undefined
  /** Multiplies Allo's retry waits (default 1; under `TestClock` no compression is needed). */
  readonly webhookTimeScale?: number | undefined
  /** Only URLs it accepts are sent to (default: every URL); the others are recorded. */
  readonly deliverable?: ((url: string) => boolean) | undefined
}

export declare namespace FakeWithallo {
  /** The fake's transport entry point and its test controls. */
  export interface Service {
    /** Answers one HTTP request as Allo would (latency uses `Effect.sleep`, so `TestClock` drives it). */
    readonly handle: (request: FakeRequest) => Effect.Effect<FakeResponse>
    /** Adds records (explicit and/or generated) to the current state. */
    readonly seed: (seed: Seed) => Effect.Effect<void>
    /** Back to a fresh state from `seed` (default: the layer's seed); clears logs, deliveries, faults, limits and hooks. */
    readonly reset: (seed?: Seed) => Effect.Effect<void>
    /** The data as it is now. */
    readonly state: Effect.Effect<FakeSnapshot>
    /** Every request received, oldest first (`Authorization` redacted). */
    readonly requests: Effect.Effect<ReadonlyArray<LoggedRequest>>
    /** Every SMS accepted by `POST /v1/api/sms`, once each (replays are not re-recorded). */
    readonly sentSms: Effect.Effect<ReadonlyArray<SentSms>>
    /** Webhook deliveries, oldest first, with their attempts so far. */
    readonly webhookDeliveries: Effect.Effect<ReadonlyArray<WebhookDelivery>>
    /** Returns the webhook deliveries and forgets them (attempts still due go on). */
    readonly takeWebhookDeliveries: Effect.Effect<ReadonlyArray<WebhookDelivery>>
    /**
     * Waits until no delivery attempt is due or in flight, then returns the
     * deliveries. Retries scheduled later are not waited for: move the clock
     * (`TestClock.adjust("5 seconds")`) to reach them.
     */
    readonly awaitWebhookDeliveries: Effect.Effect<ReadonlyArray<WebhookDelivery>>
    /** Sends deliveries to `target` from now on (`undefined`: record them only). */
    readonly setWebhookTarget: (target: WebhookTarget | undefined) => Effect.Effect<void>
    /**
     * Raises `topic` as if it happened in Allo: a v1 topic (`CALL_RECEIVED`)
     * goes to the v1 webhooks subscribed to it, a v2 topic (`call.completed`)
     * to the subscribed endpoints, signed — or, with `to`, to that URL only.
     * `data` overrides the realistic default payload key by key; call, SMS and
     * `contact.created` topics first add the record they describe, so a
     * handler that reads it back finds it. Returns the deliveries made.
     */
    readonly trigger: (
      topic: string,
      data?: Readonly<Record<string, unknown>>,
      options?: TriggerOptions
    ) => Effect.Effect<ReadonlyArray<WebhookDelivery>, ValidationError>
    /** A text arriving on one of your numbers: it joins the conversation and raises `SMS_RECEIVED` / `sms.received`. */
    readonly receiveSms: (sms: InboundSms) => Effect.Effect<void, ValidationError>
    /** Arms a fault for the next `times` (default 1) matching requests. */
    readonly injectFault: (options: FaultOptions) => Effect.Effect<void>
    /** Turns Allo's per-key limits on (`{ readsPerSecond: 20, writesPerSecond: 5 }` is Allo's) or off (`false`, the default). */
    readonly setRateLimit: (settings: RateLimitSettings | false) => Effect.Effect<void>
    /** Turns the v1 daily request quota on (requests per key per UTC day) or off. */
    readonly setDailyQuota: (limit: number | false) => Effect.Effect<void>
    /** Delay added to every request before it is answered. */
    readonly setLatency: (latency: Duration.Input) => Effect.Effect<void>
    /**
     * New calls, newer than everything so far (calls "arriving" mid-export);
     * each finished call raises `CALL_RECEIVED` / `call.completed` (and
     * `call.received` when inbound). Returns them in v1 shape.
     */
    readonly addCalls: (count: number, options?: AddCallsOptions) => Effect.Effect<ReadonlyArray<Record<string, unknown>>>
    /** Runs `hook` after each matching request is answered (`count` is 1-based per hook). */
    readonly onRequest: (match: RequestMatch, hook: RequestHook) => Effect.Effect<void>
    /** Accepts `key` with exactly these scopes. */
    readonly registerKey: (key: string, scopes: ReadonlyArray<string>) => Effect.Effect<void>
  }
}

const isPlainObject = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === "object" && u !== null && !Array.isArray(u)

/** Checks `trigger`'s inputs, which JavaScript callers and the admin route hand over untyped. */
const checkTrigger = (topic: unknown, data: unknown, options: TriggerOptions): Effect.Effect<void, ValidationError> => {
  const bad = (field: string, message: string) => Effect.fail(invalidInput("FakeWithallo.trigger", field, message))
  if (typeof topic !== "string" || !/^[A-Za-z][A-Za-z0-9_.]{0,99}$/.test(topic)) {
    return bad("topic", "expected a topic such as call.completed or CALL_RECEIVED")
  }
  if (data !== undefined && !isPlainObject(data)) return bad("data", "expected an object whose keys override the default payload")
  if (options.to !== undefined && (typeof options.to !== "string" || !URL.canParse(options.to) || !/^https?:$/.test(new URL(options.to).protocol))) {
    return bad("to", "expected an http(s) URL")
  }
  if (options.secret === undefined) return Effect.void
  if (options.to === undefined) return bad("secret", "only applies with `to`: registered endpoints sign with their own secret")
  // The secret is checked by signing once, with the SDK's own rules.
  return sign({ id: "msg_check", timestamp: 0, body: "", secret: options.secret }).pipe(
    Effect.asVoid,
    Effect.mapError((error) => invalidInput("FakeWithallo.trigger", "secret", error.message.replace(/^[A-Za-z.]+: /, "")))
  )
}

/** Builds a fake whose delivery attempts stop when `Scope` closes (the layer's constructor; also the Node fake server's). */
export const makeScoped = (initialSeed: Seed = {}, options: FakeOptions = {}): Effect.Effect<FakeWithallo.Service, never, Scope.Scope> =>
  Effect.gen(function*() {
    const fibers = yield* FiberSet.make<void, never>()
    const rt: Runtime = {
      store: storeFromSeed(initialSeed),
      faults: new FaultBook(),
      limiter: new RateLimiter(false),
      quota: new DailyQuota(false),
      log: [],
      dispatcher: new Dispatcher(fibers, {
        transport: options.webhookTarget === undefined ? undefined : transportOf(options.webhookTarget),
        accepts: options.deliverable ?? (() => true),
        timeScale: options.webhookTimeScale ?? 1
      }),
      idempotency: new Map(),
      latencyMs: 0,
      requestCount: 0,
      clockStartMs: yield* Clock.currentTimeMillis
    }
    const blocks: BlockCounter = { next: 1000 }
    /** Fake wall time: the seed's anchor plus the clock time elapsed. */
    const fakeNow = Effect.map(Clock.currentTimeMillis, (nowMs) => rt.store.anchorMs + Math.max(0, nowMs - rt.clockStartMs))
    return FakeWithallo.of({
      handle: (request) => handle(rt, request),
      seed: (seed) => Effect.sync(() => applySeed(rt.store, seed)),
      reset: (seed) =>
        Effect.andThen(rt.dispatcher.clear, Effect.sync(() => {
          rt.store = storeFromSeed(seed ?? initialSeed)
          rt.faults.clear()
          rt.limiter.settings = false
          rt.limiter.clear()
          rt.quota.limit = false
          rt.quota.clear()
          rt.log.length = 0
          rt.idempotency.clear()
          rt.latencyMs = 0
        })),
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
      webhookDeliveries: Effect.sync(() => rt.dispatcher.list()),
      takeWebhookDeliveries: Effect.sync(() => rt.dispatcher.take()),
      awaitWebhookDeliveries: Effect.andThen(rt.dispatcher.settled, Effect.sync(() => rt.dispatcher.list())),
      setWebhookTarget: (target) =>
        Effect.sync(() => {
          rt.dispatcher.settings.transport = target === undefined ? undefined : transportOf(target)
        }),
      trigger: (topic, data, options = {}) =>
        Effect.andThen(checkTrigger(topic, data, options), () =>
          Effect.flatMap(fakeNow, (nowMs) => rt.dispatcher.enqueue(triggerOutgoing(rt.store, blocks, topic, data, nowMs, options)))),
      receiveSms: (sms) =>
        Effect.flatMap(fakeNow, (nowMs) => {
          const received = isPlainObject(sms) ? receiveSms(rt.store, sms, nowMs) : { field: "sms", reason: "expected { from, to?, content }" }
          return "field" in received
            ? Effect.fail(invalidInput("FakeWithallo.receiveSms", received.field, received.reason))
            : Effect.asVoid(rt.dispatcher.enqueue(outgoingFor(rt.store, received.events, nowMs)))
        }),
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
      addCalls: (count, callOptions = {}) =>
        Effect.flatMap(fakeNow, (nowMs) => {
          const added = addCalls(rt.store, blocks, count, callOptions)
          return Effect.as(rt.dispatcher.enqueue(outgoingFor(rt.store, added.events, nowMs)), added.calls.map(v1Call))
        }),
      onRequest: (match, hook) => Effect.sync(() => rt.faults.onRequest(match, hook)),
      registerKey: (key, scopes) =>
        Effect.sync(() => {
          rt.store.keys.set(key, { id: `api-${key.slice(-12)}`, scopes: new Set(scopes) })
        })
    })
  })

/**
 * Builds a fake for code that holds no scope (the CLI's `--mock`): nothing
 * stops its delivery attempts, so give it no webhook target, or prefer
 * {@link makeScoped}.
 */
export const make = (initialSeed: Seed = {}, options: FakeOptions = {}): Effect.Effect<FakeWithallo.Service> =>
  Effect.suspend(() => Scope.provide(makeScoped(initialSeed, options), Scope.makeUnsafe()))

/** The fake Allo service (`effect-withallo/testing`). */
export class FakeWithallo extends Context.Service<FakeWithallo, FakeWithallo.Service>()("effect-withallo/testing/FakeWithallo") {
  /**
   * A fresh fake per layer build, seeded with `seed`. Webhook deliveries are
   * recorded; give `options.webhookTarget` (or call `setWebhookTarget`) to
   * have them sent, with Allo's retries, until the layer is released.
   */
  static readonly layer = (seed?: Seed, options?: FakeOptions): Layer.Layer<FakeWithallo> =>
    Layer.effect(FakeWithallo, makeScoped(seed, options))
}
