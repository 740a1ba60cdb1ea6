/**
 * What the log learns from Allo's webhooks: `sms.sent` / `SMS_SENT` confirms
 * a sent message (and settles one still being reconciled); `sms.received` /
 * `SMS_RECEIVED` logs an inbound text, once per Allo item.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import type { WebhookEvent } from "../schema/WebhookEvent.js"
import { isKnown } from "../webhooks/decode.js"
import { type Engine, nowDate } from "./engine.js"
import { sha256Hex } from "./privacy.js"
import type { Row, StoreFailure } from "./store.js"

/** How far back a webhook looks for the message it confirms (Allo retries deliveries for ~27.5 hours). */
const CONFIRM_WINDOW_MS = 2 * 86_400_000

interface SmsData {
  readonly id: string | null
  readonly content: string | null
  readonly from: string | null
  readonly to: string | null
  readonly sentAt: string | null
}

const smsData = (event: WebhookEvent): { readonly kind: "sent" | "received"; readonly data: SmsData } | undefined => {
  if (!isKnown(event)) return undefined
  switch (event.topic) {
    case "SMS_SENT":
    case "SMS_RECEIVED": {
      const d = event.data
      const data = { id: d.id ?? null, content: d.content, from: d.from_number ?? null, to: d.to_number, sentAt: d.sent_at ?? null }
      return { kind: event.topic === "SMS_SENT" ? "sent" : "received", data }
    }
    case "sms.sent":
    case "sms.received": {
      const d = event.data
      const data = {
        id: d.id ?? null,
        content: d.content ?? null,
        from: d.from_number ?? null,
        to: d.to_number ?? null,
        sentAt: d.sent_at ?? null
      }
      return { kind: event.topic === "sms.sent" ? "sent" : "received", data }
    }
    default:
      return undefined
  }
}

/** The row a `sent` webhook is about: by item id, else the oldest row with this number and text not yet tied to an item. */
const findSent = (engine: Engine, data: SmsData, sha: string, now: Date) =>
  Effect.gen(function*() {
    if (data.id !== null) {
      const byItem = yield* engine.store.rowsOf(engine.store.sql`SELECT * FROM withallo_messages WHERE allo_item_id = ${data.id}`)
      if (byItem[0] !== undefined) return byItem[0]
    }
    if (data.to === null) return undefined
    const candidates = (yield* engine.store.lookalikes(data.to, sha, new Date(now.getTime() - CONFIRM_WINDOW_MS))).filter((row) =>
      row.allo_item_id === null &&
      (row.status === "sent" || row.status === "sending" || row.status === "unsettled") &&
      (data.from === null || row.from_number === data.from || row.sender_id === data.from)
    )
    // Rows known sent first: a confirmation belongs to one of them before a row still in doubt.
    const rank = (row: Row) => (row.status === "sent" ? 0 : 1)
    const time = (row: Row) => (row.sending_at ?? row.created_at).getTime()
    return candidates.sort((a, b) => rank(a) - rank(b) || time(a) - time(b))[0]
  })

const confirm = (engine: Engine, data: SmsData) =>
  Effect.gen(function*() {
    if (data.content === null && data.id === null) return
    const sha = yield* Effect.promise(() => sha256Hex(data.content ?? ""))
    const now = yield* nowDate
    const row = yield* findSent(engine, data, sha, now)
    if (row === undefined || row.status === "confirmed") return
    const { sql, transition } = engine.store
    const itemId = data.id ?? row.allo_item_id
    const common = [
      ["updated_at", now], ["lease_owner", null], ["lease_until", null], ["check_after", null], ["next_check_at", null],
      ["ambiguous_since", null], ["error_tag", null], ["error_message", null], ["allo_item_id", itemId],
      ...(engine.options.storeBodies ? [] : [["body", null] as const])
    ] as const
    if (row.status !== "sent") {
      // Still in doubt here, so the webhook is what proves it went out.
      yield* transition(row.id, sql`status = ${row.status}`, {
        set: [...common, ["status", "sent"], ["sent_at", now]],
        event: { type: "MessageSent", detail: { reconciled: true, alloItemId: itemId } }
      }, now)
    }
    yield* transition(row.id, sql`status = 'sent'`, {
      set: [...common, ["status", "confirmed"], ["confirmed_at", now]],
      event: { type: "MessageConfirmed", detail: { alloItemId: itemId } }
    }, now)
  })

const receive = (engine: Engine, data: SmsData) =>
  Effect.gen(function*() {
    if (data.to === null) return
    const content = data.content ?? ""
    const sha = yield* Effect.promise(() => sha256Hex(content))
    const now = yield* nowDate
    // Without an item id, the delivery's own fields identify the text across redeliveries.
    const identity = data.id ?? (yield* Effect.promise(() => sha256Hex(`${data.from}|${data.to}|${data.sentAt}|${content}`)))
    yield* engine.store.insert({
      id: newMessageId(),
      key: `received:${identity}`,
      direction: "inbound",
      status: "received",
      from: data.from,
      senderId: null,
      to: data.to,
      body: engine.options.storeBodies ? content : null,
      bodySha256: sha,
      meta: null,
      alloItemId: data.id,
      now,
      nextAttemptAt: null,
      event: "MessageReceived"
    })
  })

/** A new message id, `wm_` and 24 hex digits. */
export const newMessageId = (): string => `wm_${globalThis.crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`

/** Records what a webhook event says about the log; other topics are ignored. */
export const handleWebhook = (engine: Engine, event: WebhookEvent): Effect.Effect<void, StoreFailure> => {
  const sms = smsData(event)
  if (sms === undefined) return Effect.void
  return sms.kind === "sent" ? confirm(engine, sms.data) : receive(engine, sms.data)
}
