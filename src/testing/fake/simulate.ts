/**
 * What happens in Allo without an API request — calls ending, texts
 * arriving — and `trigger`, which raises any topic on demand. Each adds the
 * records it describes (a triggered `call.completed` adds the call, so a
 * handler that looks it up through the API finds it) and returns the events
 * to deliver.
 *
 * @since 0.1.0
 */
import type { RaisedEvent } from "./context.js"
import { isPhone } from "./context.js"
import { v1Body, v2Body } from "./deliveries.js"
import type { Outgoing } from "./dispatch.js"
import {
  callCompletedData,
  callEvents,
  callProgressData,
  callReceivedData,
  callRingingData,
  contactV1Data,
  contactV2Data,
  smsEvent,
  smsV1Data,
  smsV2Data
} from "./events.js"
import { blockCall, generateContact } from "./generate.js"
import { hash32, Rng } from "./prng.js"
import type { CallRecord, ContactRecord, MessageRecord } from "./records.js"
import { alloNumbers, callAt, callRefs, insertCalls, insertMessage, newestMs, nextSerial, type Store, touch } from "./store.js"

const STEP_MS = 180_000

/** Options of `addCalls`. */
export interface NewCallOptions {
  readonly alloNumber?: string | undefined
  readonly contactNumber?: string | undefined
}

/** Ids of blocks of added calls: unique per fake, away from the seeded blocks. */
export interface BlockCounter {
  next: number
}

const callBlock = (store: Store, counter: BlockCounter, count: number, options: NewCallOptions) => ({
  seed: store.seed,
  block: counter.next++,
  size: count,
  anchorMs: newestMs(store) + (count + 1) * STEP_MS,
  alloNumbers: options.alloNumber !== undefined ? [options.alloNumber] : alloNumbers(store),
  contactNumbers: options.contactNumber !== undefined ? [options.contactNumber] : store.contacts.flatMap((c) => c.numbers.slice(0, 1)),
  userIds: store.users.map((u) => u.id)
})

/** New calls, newer than everything so far; each raises its call events. */
export const addCalls = (
  store: Store,
  counter: BlockCounter,
  count: number,
  options: NewCallOptions
): { readonly calls: ReadonlyArray<CallRecord>; readonly events: ReadonlyArray<RaisedEvent> } => {
  const block = callBlock(store, counter, count, options)
  const calls = Array.from({ length: count }, (_, i) => {
    const call = blockCall(block, i)
    return options.contactNumber === undefined ? call : { ...call, contactNumber: options.contactNumber }
  })
  insertCalls(store, calls)
  return { calls, events: calls.flatMap((call) => callEvents(store, call)) }
}

/** One answered call in `direction`, added to the data (for a triggered call topic). */
const answeredCall = (store: Store, counter: BlockCounter, direction: "INBOUND" | "OUTBOUND", alloNumber: string | undefined) => {
  let call: CallRecord | undefined
  // Generated calls vary; the first answered one in the wanted direction reads best.
  for (let tries = 0; tries < 64 && call === undefined; tries++) {
    const candidate = blockCall(callBlock(store, counter, 1, { alloNumber }), 0)
    if (candidate.direction === direction && candidate.result === "ANSWERED") call = candidate
  }
  const chosen = call ?? { ...blockCall(callBlock(store, counter, 1, { alloNumber }), 0), direction }
  insertCalls(store, [chosen])
  return chosen
}

/** Options of `receiveSms`. */
export interface InboundSms {
  /** The sender (E.164). */
  readonly from: string
  /** Your Allo number that receives it (default: the first SMS-capable one). */
  readonly to?: string | undefined
  readonly content: string
}

const smsNumber = (store: Store, to: string | undefined): string | undefined =>
  store.numbers.find((n) => n.type === "NUMBER" && n.number !== null && n.capabilities.includes("SMS") && (to === undefined || n.number === to))
    ?.number ?? undefined

/** A text arriving on one of your numbers; `field` names what is wrong otherwise. */
export const receiveSms = (
  store: Store,
  sms: InboundSms,
  fakeNowMs: number
): { readonly message: MessageRecord; readonly events: ReadonlyArray<RaisedEvent> } | { readonly field: string; readonly reason: string } => {
  if (typeof sms.from !== "string" || !isPhone(sms.from)) return { field: "from", reason: "must be an E.164 number such as +14155550199" }
  if (sms.to !== undefined && typeof sms.to !== "string") return { field: "to", reason: "must be one of your SMS-capable Allo numbers" }
  const to = smsNumber(store, sms.to)
  if (to === undefined) return { field: "to", reason: "must be one of your SMS-capable Allo numbers" }
  if (typeof sms.content !== "string" || sms.content.length === 0 || sms.content.length > 1600) {
    return { field: "content", reason: "must be 1 to 1600 characters" }
  }
  const message: MessageRecord = {
    itemId: `msg-r${new Rng(hash32(store.seed, 73, store.serial)).alnum(5)}${nextSerial(store)}`,
    direction: "INBOUND",
    alloNumber: to,
    senderId: null,
    contactNumber: sms.from,
    content: sms.content,
    startMs: fakeNowMs,
    status: "DELIVERED",
    messageType: "SMS",
    userId: null
  }
  insertMessage(store, message)
  return { message, events: [smsEvent(store, message)] }
}

const TRIGGER_TEXT = { INBOUND: "Hi! Is the 3 pm appointment still on?", OUTBOUND: "Your appointment is confirmed for 3 pm." } as const

const textFor = (store: Store, direction: "INBOUND" | "OUTBOUND", alloNumber: string | undefined, fakeNowMs: number): MessageRecord => {
  const contact = store.contacts.find((c) => c.numbers.length > 0)
  const message: MessageRecord = {
    itemId: `msg-t${new Rng(hash32(store.seed, 79, store.serial)).alnum(5)}${nextSerial(store)}`,
    direction,
    alloNumber: alloNumber ?? smsNumber(store, undefined) ?? "+14155550100",
    senderId: null,
    contactNumber: contact?.numbers[0] ?? "+14155550199",
    content: TRIGGER_TEXT[direction],
    startMs: fakeNowMs,
    status: direction === "INBOUND" ? "DELIVERED" : "SENT",
    messageType: "SMS",
    userId: direction === "INBOUND" ? null : store.users[0]?.id ?? null
  }
  insertMessage(store, message)
  return message
}

const newContact = (store: Store, fakeNowMs: number): ContactRecord => {
  const generated = generateContact(store.seed + 7919, 100_000 + store.serial++, fakeNowMs)
  const contact = { ...generated, createdMs: fakeNowMs, updatedMs: fakeNowMs }
  store.contacts.unshift(contact)
  touch(store)
  return contact
}

const latestCall = (store: Store, counter: BlockCounter, alloNumber: string | undefined): CallRecord => {
  const ref = callRefs(store, {})[0]
  const call = ref === undefined ? undefined : callAt(store, ref)
  return call ?? answeredCall(store, counter, "INBOUND", alloNumber)
}

/** Whether a topic is a v1 one (upper case, `CALL_RECEIVED`) rather than v2 (dotted, `call.completed`). */
export const isV1Topic = (topic: string): boolean => /^[A-Z][A-Z0-9_]*$/.test(topic)

/**
 * Realistic `data` for `topic`, adding the call, text or contact it
 * describes; `{}` for a topic the fake does not know.
 */
export const defaultData = (
  store: Store,
  counter: BlockCounter,
  topic: string,
  fakeNowMs: number,
  alloNumber: string | undefined
): Record<string, unknown> => {
  switch (topic) {
    case "CALL_RECEIVED":
      return callReceivedData(store, answeredCall(store, counter, "INBOUND", alloNumber))
    case "call.completed":
      return callCompletedData(store, answeredCall(store, counter, "INBOUND", alloNumber))
    case "call.received":
      return callRingingData(store, answeredCall(store, counter, "INBOUND", alloNumber))
    case "call.triggered":
    case "call.answered":
      return callProgressData(store, answeredCall(store, counter, "OUTBOUND", alloNumber), topic === "call.answered")
    case "SMS_RECEIVED":
    case "SMS_SENT":
      return smsV1Data(store, textFor(store, topic === "SMS_RECEIVED" ? "INBOUND" : "OUTBOUND", alloNumber, fakeNowMs))
    case "sms.received":
    case "sms.sent":
      return smsV2Data(store, textFor(store, topic === "sms.received" ? "INBOUND" : "OUTBOUND", alloNumber, fakeNowMs))
    case "CONTACT_CREATED":
    case "contact.created":
    case "CONTACT_UPDATED":
    case "contact.updated": {
      const created = topic.toLowerCase().endsWith("created")
      const contact = created ? newContact(store, fakeNowMs) : store.contacts[0] ?? newContact(store, fakeNowMs)
      return isV1Topic(topic) ? contactV1Data(contact) : contactV2Data(contact)
    }
    case "tag.added":
    case "tag.removed": {
      const call = latestCall(store, counter, alloNumber)
      return { id: call.itemId, tag: call.tags[0] ?? store.tags[0]?.name ?? "follow_up" }
    }
    case "summary.updated": {
      const call = latestCall(store, counter, alloNumber)
      return { id: call.itemId, content: call.summary ?? "Customer asked about pricing; sent a quote.", version: 2 }
    }
    default:
      return {}
  }
}

/** Where a triggered event goes: an explicit URL, or the registered webhooks subscribed to its topic. */
export interface TriggerTarget {
  readonly to?: string | undefined
  /** Signs a delivery to `to` (`whsec_…`). */
  readonly secret?: string | undefined
}

/** The deliveries for one triggered event (`data` overrides the defaults key by key). */
export const triggerOutgoing = (
  store: Store,
  counter: BlockCounter,
  topic: string,
  data: Readonly<Record<string, unknown>> | undefined,
  fakeNowMs: number,
  target: TriggerTarget
): ReadonlyArray<Outgoing> => {
  const v1 = isV1Topic(topic)
  const webhooks = target.to !== undefined ? [] : store.webhooks.filter((w) => v1 && w.enabled && w.topics.includes(topic))
  const endpoints = target.to !== undefined ? [] : store.endpoints.filter((e) => !v1 && e.enabled && e.topics.includes(topic))
  if (target.to === undefined && webhooks.length === 0 && endpoints.length === 0) return []
  const payload = { ...defaultData(store, counter, topic, fakeNowMs, webhooks[0]?.alloNumber), ...data }
  const body = v1 ? v1Body(topic, payload) : v2Body(topic, payload, fakeNowMs)
  const version = v1 ? "v1" : "v2"
  if (target.to !== undefined) {
    return [{ version, webhookId: "trigger", url: target.to, topic, body, ...(target.secret === undefined ? {} : { secret: target.secret }) }]
  }
  return [
    ...webhooks.map((w): Outgoing => ({ version, webhookId: w.id, url: w.url, topic, body })),
    ...endpoints.map((e): Outgoing => ({ version, webhookId: e.id, url: e.url, topic, body, secret: e.signingSecret }))
  ]
}
