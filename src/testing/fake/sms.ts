/**
 * `POST /v1/api/sms` in both flavours — US `{from, to, message}` and France
 * `{sender_id, to, message}` — with Allo's 400 codes. An accepted SMS is
 * recorded once, joins the contact's conversation, and raises `SMS_SENT` /
 * `sms.sent`. A text sent from a Sender ID has `from_number: null` and the
 * Sender ID in `sender_id`, in the response and in both events alike.
 *
 * @since 0.1.0
 */
import { asObject, type Ctx, isPhone, str } from "./context.js"
import { ok, type Reply, v1Error } from "./errors.js"
import { hash32, Rng } from "./prng.js"
import type { MessageRecord, SentSms } from "./records.js"
import { insertMessage, nextSerial } from "./store.js"
import { smsEvent } from "./events.js"
import { v1Date } from "./views.js"

const DIAL_CODE: Readonly<Record<string, string>> = { US: "+1", CA: "+1", FR: "+33", GB: "+44", DE: "+49", ES: "+34" }

const missing = (field: string): Reply => v1Error(400, "INVALID_REQUEST_BODY", [{ message: `${field} is required`, field }])

/** Handles `POST /v1/api/sms`. */
export const sendSms = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body)
  const to = str(body, "to")
  const message = str(body, "message")
  const senderId = str(body, "sender_id")
  const from = str(body, "from")
  if (senderId === undefined && from === undefined) return missing("from")
  if (to === undefined) return missing("to")
  if (message === undefined) return missing("message")
  let alloNumber: string | null = null
  if (senderId !== undefined) {
    const sender = ctx.store.numbers.find((n) => n.type === "SENDER_ID" && n.name === senderId)
    if (sender === undefined) return v1Error(400, "INVALID_SENDER_ID")
    // Sender ids are a French-operator feature: only +33 recipients.
    if (!to.startsWith("+33") || !isPhone(to)) return v1Error(400, "INVALID_TO_NUMBER")
  } else {
    const number = ctx.store.numbers.find((n) => n.type === "NUMBER" && n.number === from)
    if (number === undefined || !number.capabilities.includes("SMS")) return v1Error(400, "FROM_NUMBER_NOT_FOUND")
    if (!isPhone(to)) return v1Error(400, "INVALID_TO_NUMBER")
    const dial = number.country === null ? undefined : DIAL_CODE[number.country]
    // `+0…` placeholders (Allo's own examples) are never treated as another country.
    if (dial !== undefined && !to.startsWith("+0") && !to.startsWith(dial)) return v1Error(400, "TO_NUMBER_COUNTRY_MISMATCH")
    alloNumber = number.number
  }
  if (message.length < 1 || message.length > 1000) return v1Error(400, "INVALID_LENGTH")

  const sent: SentSms = {
    from_number: alloNumber,
    sender_id: senderId ?? null,
    to_number: to,
    type: "OUTBOUND",
    content: message,
    start_date: v1Date(ctx.nowMs)
  }
  const record: MessageRecord = {
    itemId: `msg-s${new Rng(hash32(ctx.store.seed, 71, ctx.store.serial)).alnum(5)}${nextSerial(ctx.store)}`,
    direction: "OUTBOUND",
    alloNumber,
    senderId: senderId ?? null,
    contactNumber: to,
    content: message,
    startMs: ctx.nowMs,
    status: "SENT",
    messageType: "SMS",
    userId: null
  }
  ctx.store.sentSms.push(sent)
  insertMessage(ctx.store, record)
  ctx.events.push(smsEvent(ctx.store, record))
  return ok(sent)
}
