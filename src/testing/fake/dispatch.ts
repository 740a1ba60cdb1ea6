/**
 * Webhook delivery: every delivery the fake raises is recorded and, when the
 * fake has a target for its URL, POSTed on Allo's retry schedule —
 * immediately, then +5 s, +5 min, +30 min, +2 h, +5 h, +10 h and +10 h (8
 * attempts, ≈27.5 h) while the answer is not a 2xx, times out or never
 * comes. Waits run on `Clock`, so `TestClock` drives them in memory, and a
 * time scale compresses them for a real server. A v2 delivery keeps its
 * `webhook-id` on every attempt and is signed again with the attempt's own
 * `webhook-timestamp` (through the SDK's public `WebhookReceiver.sign`).
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as FiberSet from "effect/FiberSet"
import * as Option from "effect/Option"
import { sign } from "../../webhooks/WebhookReceiver.js"
import { hash32, Rng } from "./prng.js"
import { describeError, type Transport } from "./transport.js"
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryState } from "./types.js"

/** The wait before each of Allo's 8 attempts, in milliseconds. */
export const RETRY_DELAYS_MS: ReadonlyArray<number> = [0, 5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]

/** How long Allo waits for an answer: 20 s on v2, 30 s on v1. */
const TIMEOUT_MS = { v1: 30_000, v2: 20_000 } as const

const MAX_RESPONSE_BODY = 500

/** A delivery to make: what `deliveries.ts` builds from raised events. */
export interface Outgoing {
  readonly version: "v1" | "v2"
  readonly webhookId: string
  readonly url: string
  readonly topic: string
  readonly body: string
  /** Signing secret (`whsec_…`); absent for unsigned (v1) deliveries. */
  readonly secret?: string | undefined
}

interface Entry {
  readonly id: string
  readonly outgoing: Outgoing
  /** `webhook-id` of a signed delivery, the same on every attempt. */
  readonly messageId: string | undefined
  readonly headers: Readonly<Record<string, string>>
  state: WebhookDeliveryState
  readonly attempts: Array<WebhookAttempt>
  nextAttemptMs: number
  inFlight: boolean
}

/** How the dispatcher sends; the fake's controls change it at run time. */
export interface DispatchSettings {
  /** `undefined`: deliveries are only recorded. */
  transport: Transport | undefined
  /** Only URLs it accepts are sent (the fake server: loopback only by default). */
  accepts: (url: string) => boolean
  /** Multiplies every retry wait: `0.001` turns 27.5 h into 99 s. */
  timeScale: number
}

const snapshot = (entry: Entry): WebhookDelivery => ({
  id: entry.id,
  version: entry.outgoing.version,
  webhookId: entry.outgoing.webhookId,
  url: entry.outgoing.url,
  topic: entry.outgoing.topic,
  body: entry.outgoing.body,
  headers: entry.headers,
  state: entry.state,
  attempts: [...entry.attempts],
  ...(entry.state === "pending" ? { nextAttemptMillis: entry.nextAttemptMs } : {})
})

/** The headers of an attempt at `nowMs`; a secret that cannot sign leaves the delivery unsigned (the receiver then says 401). */
const headersAt = (outgoing: Outgoing, messageId: string | undefined, nowMs: number): Effect.Effect<Readonly<Record<string, string>>> => {
  const base = { "content-type": "application/json" }
  if (outgoing.secret === undefined || messageId === undefined) return Effect.succeed(base)
  return sign({ id: messageId, timestamp: Math.floor(nowMs / 1000), body: outgoing.body, secret: outgoing.secret }).pipe(
    Effect.map((signed) => ({ ...base, ...signed })),
    Effect.catch((error) =>
      Effect.as(Effect.logDebug(`FakeWithallo: delivery ${messageId} goes unsigned: ${error.message}`), base)
    )
  )
}

/** Records deliveries and runs their attempts. */
export class Dispatcher {
  private entries: Array<Entry> = []
  /** Entries whose attempts are not over, listed or already taken. */
  private readonly live = new Set<Entry>()
  private readonly waiters = new Set<() => void>()
  private serial = 0

  constructor(
    private readonly fibers: FiberSet.FiberSet<void, never>,
    readonly settings: DispatchSettings
  ) {}

  /** Records `outgoing` and starts sending what has a target. */
  enqueue(outgoing: ReadonlyArray<Outgoing>): Effect.Effect<ReadonlyArray<WebhookDelivery>> {
    return Effect.gen({ self: this }, function*() {
      const nowMs = yield* Clock.currentTimeMillis
      const created: Array<Entry> = []
      for (const delivery of outgoing) {
        const sendable = this.settings.transport !== undefined && this.settings.accepts(delivery.url)
        const serial = ++this.serial
        // Unique across fakes on a real clock (a receiver's dedupe store may outlive one fake), repeatable under TestClock.
        const messageId = delivery.secret === undefined
          ? undefined
          : `msg_${new Rng(hash32(serial, nowMs % 0x1_0000_0000, Math.floor(nowMs / 0x1_0000_0000))).alnumMixed(20)}`
        const entry: Entry = {
          id: `dlv_${serial}`,
          outgoing: delivery,
          messageId,
          headers: yield* headersAt(delivery, messageId, nowMs),
          state: sendable ? "pending" : "recorded",
          attempts: [],
          nextAttemptMs: nowMs,
          inFlight: false
        }
        this.entries.push(entry)
        created.push(entry)
        if (sendable) {
          this.live.add(entry)
          // Started after the current request is answered, as Allo delivers asynchronously.
          yield* FiberSet.run(this.fibers, this.deliver(entry), { startImmediately: false })
        }
      }
      return created.map(snapshot)
    })
  }

  /** Every delivery, oldest first. */
  list(): ReadonlyArray<WebhookDelivery> {
    return this.entries.map(snapshot)
  }

  /** Every delivery, forgetting them (their remaining attempts still run). */
  take(): ReadonlyArray<WebhookDelivery> {
    return this.entries.splice(0, this.entries.length).map(snapshot)
  }

  /** Stops every attempt and forgets every delivery. */
  readonly clear: Effect.Effect<void> = Effect.suspend(() =>
    Effect.andThen(
      FiberSet.clear(this.fibers),
      Effect.sync(() => {
        this.entries = []
        this.live.clear()
        this.notify()
      })
    )
  )

  /**
   * Waits until no attempt is due or in flight (attempts scheduled later are
   * not waited for: advance the clock to reach them).
   */
  readonly settled: Effect.Effect<void> = Effect.gen({ self: this }, function*() {
    while (true) {
      const nowMs = yield* Clock.currentTimeMillis
      const idle = yield* Effect.callback<boolean>((resume) => {
        // Checked where the waiter is registered, so no notification slips between.
        if (!this.busy(nowMs)) return resume(Effect.succeed(true))
        const wake = () => resume(Effect.succeed(false))
        this.waiters.add(wake)
        return Effect.sync(() => void this.waiters.delete(wake))
      })
      if (idle) return
    }
  })

  private busy(nowMs: number): boolean {
    for (const entry of this.live) if (entry.inFlight || entry.nextAttemptMs <= nowMs) return true
    return false
  }

  private notify(): void {
    const waiters = [...this.waiters]
    this.waiters.clear()
    for (const wake of waiters) wake()
  }

  private deliver(entry: Entry): Effect.Effect<void> {
    return Effect.gen({ self: this }, function*() {
      for (let i = 0; i < RETRY_DELAYS_MS.length; i++) {
        if (i > 0) {
          const waitMs = Math.max(0, (RETRY_DELAYS_MS[i] ?? 0) * this.settings.timeScale)
          entry.nextAttemptMs = (yield* Clock.currentTimeMillis) + waitMs
          this.notify()
          yield* Effect.sleep(Duration.millis(waitMs))
        }
        entry.inFlight = true
        const attempt = yield* this.attempt(entry, i + 1)
        entry.attempts.push(attempt)
        entry.inFlight = false
        if (attempt.status !== undefined && attempt.status >= 200 && attempt.status < 300) {
          entry.state = "delivered"
          break
        }
        if (i === RETRY_DELAYS_MS.length - 1) entry.state = "failed"
      }
      this.live.delete(entry)
      this.notify()
    })
  }

  private attempt(entry: Entry, n: number): Effect.Effect<WebhookAttempt> {
    return Effect.gen({ self: this }, function*() {
      const timeMillis = yield* Clock.currentTimeMillis
      const transport = this.settings.transport
      if (transport === undefined) return { attempt: n, timeMillis, error: "no webhook target is set any more" }
      const headers = n === 1 ? entry.headers : yield* headersAt(entry.outgoing, entry.messageId, timeMillis)
      const timeoutMs = TIMEOUT_MS[entry.outgoing.version]
      const exit = yield* Effect.exit(
        Effect.timeoutOption(transport({ url: entry.outgoing.url, headers, body: entry.outgoing.body }), Duration.millis(timeoutMs))
      )
      if (Exit.isSuccess(exit)) {
        return Option.match(exit.value, {
          onNone: () => ({ attempt: n, timeMillis, error: `no answer within ${timeoutMs / 1000} s` }),
          onSome: (answer) => ({ attempt: n, timeMillis, status: answer.status, responseBody: answer.body.slice(0, MAX_RESPONSE_BODY) })
        })
      }
      const failure = Cause.findErrorOption(exit.cause)
      return {
        attempt: n,
        timeMillis,
        error: Option.isSome(failure) ? failure.value : `the target failed: ${describeError(Cause.squash(exit.cause))}`
      }
    })
  }
}
