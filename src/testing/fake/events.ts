/**
 * The `data` of each webhook topic, built from the fake's records: what a
 * finished call, an inbound or outbound text and a contact change raise. v1
 * payloads follow Allo's legacy docs; v2 payloads follow the event catalog
 * where it is documented (`call.received`) and the v1 field set, with the v2
 * spellings beside it, where it is not (withallo-api.md §10).
 *
 * SMS events name the sender as the REST response does: `from_number` is
 * the Allo number, or `null` for a text sent from a Sender ID, whose name is
 * then in `sender_id`.
 *
 * @since 0.1.0
 */
import type { RaisedEvent } from "./context.js"
import type { CallRecord, ContactRecord, MessageRecord } from "./records.js"
import { contactByNumber, type Store } from "./store.js"
import { v1Date, v2Date } from "./views.js"

const fullName = (contact: ContactRecord | undefined): string | null =>
  contact === undefined ? null : [contact.name, contact.lastName].filter((part) => part !== null).join(" ") || null

const numberName = (store: Store, number: string | null): string | null =>
  store.numbers.find((n) => n.number === number)?.name ?? null

const userEmail = (store: Store, userId: string | null): string | null =>
  store.users.find((user) => user.id === userId)?.email ?? store.users[0]?.email ?? null

const lengthText = (seconds: number): string => `${Math.floor(seconds / 60)}m ${seconds % 60}s`

/** Who is on each side of a call. */
const sides = (store: Store, call: CallRecord) => {
  const contact = contactByNumber(store, call.contactNumber)
  const inbound = call.direction === "INBOUND"
  return {
    from: inbound ? call.contactNumber : call.alloNumber,
    fromName: inbound ? fullName(contact) : numberName(store, call.alloNumber),
    to: inbound ? call.alloNumber : call.contactNumber,
    toName: inbound ? numberName(store, call.alloNumber) : fullName(contact),
    contact
  }
}

/** v1 `CALL_RECEIVED` (sent when a call ends, despite its name). */
export const callReceivedData = (store: Store, call: CallRecord): Record<string, unknown> => {
  const s = sides(store, call)
  return {
    id: call.id,
    start_date: v1Date(call.startMs),
    recording_url: call.recordingUrl,
    from_number: s.from,
    from_name: s.fromName,
    to: s.to,
    to_name: s.toName,
    length_in_minutes: Math.round(call.durationSeconds / 6) / 10,
    length: lengthText(call.durationSeconds),
    tag: call.tag,
    summary: call.summary,
    one_sentence_summary: call.summary,
    transcriptions: call.transcript === null ? null : call.transcript.map((line) => ({
      source: line.source,
      time: v1Date(call.startMs + line.startSeconds * 1000),
      text: line.text
    })),
    concatenated_transcript: call.transcript === null ? null : call.transcript.map((line) => `${line.source}: ${line.text}`).join("\n"),
    data_collected: null,
    ivr_result: null,
    type: call.direction,
    result: call.result,
    integration_id: null,
    transfer_from: null,
    transfer_to: null,
    transfer_original_call_id: null,
    user_email: userEmail(store, call.userId),
    original_to_number: null,
    original_to_name: null
  }
}

/** v2 `call.completed`: the v1 field set plus the v2 spellings (`direction`, `to_number`, `started_at`). */
export const callCompletedData = (store: Store, call: CallRecord): Record<string, unknown> => {
  const s = sides(store, call)
  return {
    id: call.itemId,
    direction: call.direction,
    type: call.direction,
    from_number: s.from,
    to_number: s.to,
    to: s.to,
    started_at: v2Date(call.startMs),
    start_date: v2Date(call.startMs),
    duration: call.durationSeconds,
    length_in_minutes: Math.round(call.durationSeconds / 6) / 10,
    result: call.result,
    summary: call.summary,
    recording_url: call.recordingUrl,
    tags: call.tags,
    user_email: userEmail(store, call.userId)
  }
}

/** v2 `call.received`: an inbound call starts ringing, with the matched contact (documented). */
export const callRingingData = (store: Store, call: CallRecord): Record<string, unknown> => {
  const contact = contactByNumber(store, call.contactNumber)
  return {
    from_number: call.contactNumber,
    to_number: call.alloNumber,
    started_at: v2Date(call.startMs),
    user_email: userEmail(store, call.userId),
    person: contact === undefined ? null : {
      id: `con_${contact.id.replace(/^cnt_/, "")}`,
      name: contact.name,
      last_name: contact.lastName,
      email: contact.emails[0] ?? null,
      emails: contact.emails,
      numbers: contact.numbers,
      job_title: contact.jobTitle
    },
    company: contact?.company === null || contact?.company === undefined
      ? null
      : { id: contact.company.id ?? "com_unknown", name: contact.company.name },
    deals: []
  }
}

/** v2 `call.triggered` / `call.answered` (an outbound call). */
export const callProgressData = (store: Store, call: CallRecord, answered: boolean): Record<string, unknown> => {
  const s = sides(store, call)
  return {
    id: call.itemId,
    direction: call.direction,
    from_number: s.from,
    to_number: s.to,
    started_at: v2Date(call.startMs),
    answered_at: answered ? v2Date(call.startMs + 4000) : null,
    user_email: userEmail(store, call.userId)
  }
}

/** What a finished call raises: `call.received` (inbound only, as it rang), then `CALL_RECEIVED` / `call.completed`. */
export const callEvents = (store: Store, call: CallRecord): ReadonlyArray<RaisedEvent> => [
  ...(call.direction === "INBOUND"
    ? [{ v1Topic: "", v2Topic: "call.received", v1Data: null, v2Data: callRingingData(store, call) }]
    : []),
  {
    v1Topic: "CALL_RECEIVED",
    v2Topic: "call.completed",
    alloNumber: call.alloNumber,
    v1Data: callReceivedData(store, call),
    v2Data: callCompletedData(store, call)
  }
]

/** v1 `SMS_RECEIVED` / `SMS_SENT`. */
export const smsV1Data = (store: Store, message: MessageRecord): Record<string, unknown> => {
  const inbound = message.direction === "INBOUND"
  const contactName = fullName(contactByNumber(store, message.contactNumber))
  return {
    id: message.itemId,
    direction: message.direction,
    type: message.messageType === "MMS" ? "MMS" : "SMS",
    content: message.content,
    sent_at: v1Date(message.startMs),
    from_number: inbound ? message.contactNumber : message.alloNumber,
    sender_id: inbound ? null : message.senderId,
    to_number: inbound ? message.alloNumber ?? "" : message.contactNumber,
    from_name: inbound ? contactName : numberName(store, message.alloNumber) ?? message.senderId,
    to_name: inbound ? numberName(store, message.alloNumber) : contactName
  }
}

/** v2 `sms.received` / `sms.sent`. */
export const smsV2Data = (store: Store, message: MessageRecord): Record<string, unknown> => {
  const inbound = message.direction === "INBOUND"
  return {
    id: message.itemId,
    direction: message.direction,
    type: message.messageType === "MMS" ? "MMS" : "SMS",
    content: message.content,
    sent_at: v2Date(message.startMs),
    from_number: inbound ? message.contactNumber : message.alloNumber,
    sender_id: inbound ? null : message.senderId,
    to_number: inbound ? message.alloNumber : message.contactNumber,
    user_email: inbound ? null : userEmail(store, message.userId)
  }
}

/** What a text raises: `SMS_RECEIVED` / `sms.received`, or `SMS_SENT` / `sms.sent`. */
export const smsEvent = (store: Store, message: MessageRecord): RaisedEvent => {
  const inbound = message.direction === "INBOUND"
  return {
    v1Topic: inbound ? "SMS_RECEIVED" : "SMS_SENT",
    v2Topic: inbound ? "sms.received" : "sms.sent",
    // v1 webhooks belong to a number; a Sender ID text has none and reaches every v1 webhook on the topic.
    alloNumber: message.alloNumber ?? undefined,
    v1Data: smsV1Data(store, message),
    v2Data: smsV2Data(store, message)
  }
}

/** v1 `CONTACT_CREATED` / `CONTACT_UPDATED` data (`company` is the company's name). */
export const contactV1Data = (contact: ContactRecord): Record<string, unknown> => ({
  id: contact.id,
  name: contact.name,
  last_name: contact.lastName,
  company: contact.company?.name ?? null,
  emails: contact.emails,
  numbers: contact.numbers
})

/** v2 `contact.created` / `contact.updated` data (`cnt-…` id, as v2 spells it). */
export const contactV2Data = (contact: ContactRecord): Record<string, unknown> => ({
  ...contactV1Data(contact),
  id: `cnt-${contact.id.replace(/^cnt_/, "")}`,
  email: contact.emails[0] ?? null
})

/** What creating or updating a contact raises. */
export const contactEvent = (contact: ContactRecord, created: boolean): RaisedEvent => ({
  v1Topic: created ? "CONTACT_CREATED" : "CONTACT_UPDATED",
  v2Topic: created ? "contact.created" : "contact.updated",
  v1Data: contactV1Data(contact),
  v2Data: contactV2Data(contact)
})
