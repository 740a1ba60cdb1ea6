/**
 * The fake's mutable state and the queries over it. Calls live in lazily
 * generated blocks plus an explicit list; a filtered, newest-first index of
 * call references is built once per (filter, state version) so exporting
 * 200,000 calls page by page stays linear.
 *
 * @since 0.1.0
 */
import type { CompanyRecord, DealRecord, PersonRecord } from "./crmRecords.js"
import { blockAlloNumber, blockCall, blockContactNumber, blockStartMs, type CallBlock, serialOf } from "./generate.js"
import type {
  CallRecord,
  ContactRecord,
  MessageRecord,
  NumberRecord,
  SentSms,
  TagRecord,
  UserRecord,
  WebhookEndpointRecord,
  WebhookV1Record
} from "./records.js"
import type { DialingQueueRecord, PartnerAccountRecord, SummaryTemplateRecord } from "./opsRecords.js"

/** Every scope the fake knows; the default key holds them all. */
export const ALL_SCOPES: ReadonlyArray<string> = [
  "CONVERSATIONS_READ",
  "CONVERSATIONS_WRITE",
  "CONTACTS_READ",
  "CONTACTS_READ_WRITE",
  "SMS_SEND",
  "WEBHOOKS_READ_WRITE",
  "PHONE_NUMBERS_READ",
  "USERS_READ",
  "TAGS_READ",
  "TAGS_WRITE",
  "DIALING_QUEUE_READ_WRITE",
  "SUMMARY_TEMPLATES_READ",
  "SUMMARY_TEMPLATES_WRITE",
  "PARTNER",
  "CRM_READ",
  "CRM_WRITE",
  "CRM_DELETE"
]

/** The default API key. */
export const DEFAULT_KEY = "ak_test_fake"

/** An API key the fake accepts. */
export interface KeyRecord {
  readonly id: string
  readonly scopes: ReadonlySet<string>
}

/** Per-item state changed through v2 (tags, summary edits). */
export interface ItemOverride {
  readonly tags?: ReadonlyArray<string>
  readonly summary?: string | null
  readonly summaryVersion?: number
  readonly summaryUpdatedMs?: number
}

/** All state of one fake Allo. */
export interface Store {
  seed: number
  anchorMs: number
  serial: number
  version: number
  keys: Map<string, KeyRecord>
  numbers: Array<NumberRecord>
  users: Array<UserRecord>
  tags: Array<TagRecord>
  /** Newest first. */
  contacts: Array<ContactRecord>
  blocks: Array<CallBlock>
  /** Newest first. */
  explicitCalls: Array<CallRecord>
  overrides: Map<string, ItemOverride>
  /** Newest first. */
  messages: Array<MessageRecord>
  sentSms: Array<SentSms>
  webhooks: Array<WebhookV1Record>
  endpoints: Array<WebhookEndpointRecord>
  /** Per contact number: `unread`, `archived` flags set by the v2 action endpoint. */
  conversationFlags: Map<string, { unread: boolean; archived: boolean }>
  /** Per Allo number: the `tst-…` id of its default summary template. */
  defaultSummaryTemplates: Map<string, string>
  /** CRM records, in insertion order (searches sort them). */
  people: Array<PersonRecord>
  companies: Array<CompanyRecord>
  deals: Array<DealRecord>
  cache: Map<string, { readonly version: number; readonly refs: ReadonlyArray<number> }>
  /** Oldest first, deleted ones kept (inactive). */
  summaryTemplates: Array<SummaryTemplateRecord>
  /** Oldest first; a user's current queue is the newest assigned to them. */
  dialingQueues: Array<DialingQueueRecord>
  partnerAccounts: Array<PartnerAccountRecord>
}

/** An empty store. */
export const emptyStore = (seed: number, anchorMs: number): Store => ({
  seed,
  anchorMs,
  serial: 0,
  version: 0,
  keys: new Map([[DEFAULT_KEY, { id: "api-testfake0001", scopes: new Set(ALL_SCOPES) }]]),
  numbers: [],
  users: [],
  tags: [],
  contacts: [],
  blocks: [],
  explicitCalls: [],
  overrides: new Map(),
  messages: [],
  sentSms: [],
  webhooks: [],
  endpoints: [],
  conversationFlags: new Map(),
  people: [],
  companies: [],
  deals: [],
  defaultSummaryTemplates: new Map(),
  cache: new Map(),
  summaryTemplates: [],
  dialingQueues: [],
  partnerAccounts: []
})

/** Marks the state changed (drops cached indexes). */
export const touch = (store: Store): void => {
  store.version++
}

// A call reference: an explicit call `k` is `-(k + 1)`; call `i` of block `b` is `b * BLOCK + i`.
const BLOCK = 2 ** 24

/** Start time of a referenced call, without building it. */
export const refStartMs = (store: Store, ref: number): number => {
  if (ref < 0) return store.explicitCalls[-ref - 1]?.startMs ?? 0
  const block = store.blocks[Math.floor(ref / BLOCK)]
  return block === undefined ? 0 : blockStartMs(block, ref % BLOCK)
}

const applyOverride = (store: Store, call: CallRecord): CallRecord => {
  const o = store.overrides.get(call.itemId)
  if (o === undefined) return call
  return {
    ...call,
    ...(o.tags !== undefined ? { tags: o.tags } : {}),
    ...(o.summary !== undefined ? { summary: o.summary } : {})
  }
}

const merge = (store: Store, a: Array<number>, b: Array<number>): Array<number> => {
  if (a.length === 0) return b
  if (b.length === 0) return a
  const out: Array<number> = new Array(a.length + b.length)
  let i = 0
  let j = 0
  let k = 0
  let aStart = refStartMs(store, a[0] ?? 0)
  let bStart = refStartMs(store, b[0] ?? 0)
  while (i < a.length && j < b.length) {
    if (aStart >= bStart) {
      out[k++] = a[i++] ?? 0
      if (i < a.length) aStart = refStartMs(store, a[i] ?? 0)
    } else {
      out[k++] = b[j++] ?? 0
      if (j < b.length) bStart = refStartMs(store, b[j] ?? 0)
    }
  }
  while (i < a.length) out[k++] = a[i++] ?? 0
  while (j < b.length) out[k++] = b[j++] ?? 0
  return out
}

/** Counterpart number of a referenced call, without building it. */
export const refContactNumber = (store: Store, ref: number): string => {
  if (ref < 0) return store.explicitCalls[-ref - 1]?.contactNumber ?? ""
  const block = store.blocks[Math.floor(ref / BLOCK)]
  return block === undefined ? "" : blockContactNumber(block, ref % BLOCK)
}

/** The call a reference points at. */
export const callAt = (store: Store, ref: number): CallRecord | undefined => {
  if (ref < 0) {
    const call = store.explicitCalls[-ref - 1]
    return call === undefined ? undefined : applyOverride(store, call)
  }
  const block = store.blocks[Math.floor(ref / BLOCK)]
  return block === undefined ? undefined : applyOverride(store, blockCall(block, ref % BLOCK))
}

/** Filter of {@link callRefs}. */
export interface CallFilter {
  readonly alloNumber?: string | undefined
  readonly contactNumbers?: ReadonlyArray<string> | undefined
}

/** References of the calls matching the filter, newest first. */
export const callRefs = (store: Store, filter: CallFilter): ReadonlyArray<number> => {
  const key = `${filter.alloNumber ?? "*"}|${filter.contactNumbers?.join(",") ?? "*"}`
  const cached = store.cache.get(key)
  if (cached !== undefined && cached.version === store.version) return cached.refs
  const contacts = filter.contactNumbers === undefined ? undefined : new Set(filter.contactNumbers)
  const explicit: Array<number> = []
  store.explicitCalls.forEach((call, k) => {
    if (filter.alloNumber !== undefined && call.alloNumber !== filter.alloNumber) return
    if (contacts !== undefined && !contacts.has(call.contactNumber)) return
    explicit.push(-(k + 1))
  })
  // Each source is already newest first: merge instead of sorting.
  let refs = explicit
  store.blocks.forEach((block, b) => {
    const own: Array<number> = []
    for (let i = 0; i < block.size; i++) {
      if (filter.alloNumber !== undefined && blockAlloNumber(block, i) !== filter.alloNumber) continue
      if (contacts !== undefined && !contacts.has(blockContactNumber(block, i))) continue
      own.push(b * BLOCK + i)
    }
    refs = merge(store, refs, own)
  })
  store.cache.set(key, { version: store.version, refs })
  return refs
}

/** Finds a call by its v1 (`call_…`) or v2 (`cll-…`) id. */
export const findCall = (store: Store, id: string): CallRecord | undefined => {
  const explicit = store.explicitCalls.find((call) => call.id === id || call.itemId === id)
  if (explicit !== undefined) return applyOverride(store, explicit)
  const match = /^(?:call_|cll-)(\d+)[a-z0-9]{12}$/.exec(id)
  if (match === null) return undefined
  const block = store.blocks[Number(match[1])]
  const i = serialOf(id)
  if (block === undefined || !(i >= 0 && i < block.size)) return undefined
  const call = blockCall(block, i)
  return call.id === id || call.itemId === id ? applyOverride(store, call) : undefined
}

/** Inserts calls keeping newest-first order. */
export const insertCalls = (store: Store, calls: ReadonlyArray<CallRecord>): void => {
  store.explicitCalls.push(...calls)
  store.explicitCalls.sort((a, b) => b.startMs - a.startMs)
  touch(store)
}

/** Inserts a message keeping newest-first order. */
export const insertMessage = (store: Store, message: MessageRecord): void => {
  const at = store.messages.findIndex((m) => m.startMs <= message.startMs)
  if (at === -1) store.messages.push(message)
  else store.messages.splice(at, 0, message)
  touch(store)
}

/** Start of the newest call or message (or the anchor when there are none). */
export const newestMs = (store: Store): number => {
  let newest = store.anchorMs
  const first = store.explicitCalls[0]
  if (first !== undefined) newest = Math.max(newest, first.startMs)
  const message = store.messages[0]
  if (message !== undefined) newest = Math.max(newest, message.startMs)
  return newest
}

/** Next unique serial for ids minted at run time. */
export const nextSerial = (store: Store): string => (store.serial++).toString(36).padStart(6, "0")

/** The contact owning a number, if any. */
export const contactByNumber = (store: Store, number: string): ContactRecord | undefined =>
  store.contacts.find((contact) => contact.numbers.includes(number))

/** v1 id `cnt_x` and v2 id `cnt-x` both find contact `cnt_x`. */
export const findContact = (store: Store, id: string): ContactRecord | undefined => {
  const v1 = id.startsWith("cnt-") ? `cnt_${id.slice(4)}` : id
  return store.contacts.find((contact) => contact.id === v1)
}

/** The owned, voice- or SMS-capable numbers. */
export const alloNumbers = (store: Store): ReadonlyArray<string> =>
  store.numbers.flatMap((n) => (n.type === "NUMBER" && n.number !== null ? [n.number] : []))

const activityCache = new WeakMap<Store, { readonly version: number; readonly latest: Map<string, number> }>()

/** Latest call or message time per counterpart number (one cheap pass per state version). */
export const latestActivity = (store: Store): Map<string, number> => {
  const cached = activityCache.get(store)
  if (cached !== undefined && cached.version === store.version) return cached.latest
  const latest = new Map<string, number>()
  const see = (number: string, ms: number) => {
    if ((latest.get(number) ?? -Infinity) < ms) latest.set(number, ms)
  }
  for (const call of store.explicitCalls) see(call.contactNumber, call.startMs)
  for (const block of store.blocks) {
    for (let i = 0; i < block.size; i++) see(blockContactNumber(block, i), blockStartMs(block, i))
  }
  for (const m of store.messages) see(m.contactNumber, m.startMs)
  activityCache.set(store, { version: store.version, latest })
  return latest
}
