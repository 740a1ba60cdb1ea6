/**
 * Turns a {@link Seed} into records in the store: explicit records as given,
 * counts as deterministic generated ones, plus a small default workspace for
 * whatever the seed leaves out.
 *
 * @since 0.1.0
 */
import { applyCrmSeed } from "./crmSeed.js"
import { generateContact, generateMessage } from "./generate.js"
import { hash32, Rng } from "./prng.js"
import type { CallRecord, ContactRecord, MessageRecord, NumberRecord, Seed, SeedCall, SeedContact, SeedNumber } from "./records.js"
import { alloNumbers, emptyStore, insertCalls, nextSerial, type Store, touch } from "./store.js"

/** Instant before which generated history lies unless the seed says otherwise. */
export const DEFAULT_ANCHOR = Date.parse("2026-01-01T00:00:00Z")

/** Parses an ISO date-time; zone-less values are UTC (as Allo's v1 sends them). */
export const parseDate = (value: string): number => {
  const zoned = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`
  const ms = Date.parse(zoned)
  return Number.isNaN(ms) ? DEFAULT_ANCHOR : ms
}

const DEFAULT_NUMBERS: ReadonlyArray<NumberRecord> = [
  { number: "+14155550100", name: "Sales US", country: "US", type: "NUMBER", capabilities: ["VOICE", "SMS", "MMS"], isShared: false, userIds: ["usr-abc123"] },
  { number: "+33612345678", name: "Support FR", country: "FR", type: "NUMBER", capabilities: ["VOICE", "SMS"], isShared: true, userIds: ["usr-abc123", "usr-def456"] },
  { number: null, name: "AcmeCorp", country: "FR", type: "SENDER_ID", capabilities: ["SMS"], isShared: false, userIds: [] }
]

const COUNTRY_BY_PREFIX: ReadonlyArray<readonly [string, string]> = [["+1", "US"], ["+33", "FR"], ["+44", "GB"], ["+49", "DE"], ["+34", "ES"]]

const toNumber = (input: string | SeedNumber): NumberRecord => {
  const n: SeedNumber = typeof input === "string" ? { number: input } : input
  const number = n.number ?? null
  const type = n.type ?? (number === null ? "SENDER_ID" : "NUMBER")
  return {
    number,
    name: n.name ?? null,
    country: n.country ?? COUNTRY_BY_PREFIX.find(([prefix]) => number?.startsWith(prefix))?.[1] ?? null,
    type,
    capabilities: n.capabilities ?? (type === "SENDER_ID" ? ["SMS"] : ["VOICE", "SMS"]),
    isShared: n.is_shared_number ?? false,
    userIds: n.user_ids ?? []
  }
}

const toContact = (store: Store, c: SeedContact, nowMs: number): ContactRecord => {
  const createdMs = c.created_at === undefined ? nowMs : parseDate(c.created_at)
  return {
    id: c.id ?? `cnt_${new Rng(hash32(store.seed, 21, store.serial)).alnum(6)}${nextSerial(store)}`,
    name: c.name ?? null,
    lastName: c.last_name ?? null,
    company: c.company === undefined || c.company === null ? null : { id: c.company.id ?? null, name: c.company.name ?? null },
    jobTitle: c.job_title ?? null,
    website: c.website ?? null,
    status: "active",
    isArchived: false,
    createdMs,
    updatedMs: createdMs,
    numbers: c.numbers,
    emails: c.emails ?? [],
    isWhitelisted: false,
    engagement: c.engagement ?? null,
    integrationData: c.integration_data ?? {},
    customProperties: c.custom_properties ?? null
  }
}

/** Builds a call record from a seed entry (or from `addCalls`). */
export const toCall = (store: Store, c: SeedCall, fallbackMs: number): CallRecord => {
  const owned = new Set(alloNumbers(store))
  const direction = c.type ?? (c.from_number !== undefined && owned.has(c.from_number) ? "OUTBOUND" : "INBOUND")
  const defaultAllo = alloNumbers(store)[0] ?? "+14155550100"
  const alloNumber = c.allo_number ??
    (direction === "INBOUND" ? c.to_number : c.from_number) ?? defaultAllo
  const contactNumber = (direction === "INBOUND" ? c.from_number : c.to_number) ?? "+14155559999"
  const key = c.id?.replace(/^call_/, "") ?? c.item_id?.replace(/^cll-/, "") ??
    `x${new Rng(hash32(store.seed, 31, store.serial)).alnum(5)}${nextSerial(store)}`
  return {
    id: c.id ?? `call_${key}`,
    itemId: c.item_id ?? `cll-${key}`,
    direction,
    alloNumber,
    contactNumber,
    startMs: c.start_date === undefined ? fallbackMs : parseDate(c.start_date),
    durationSeconds: Math.round((c.length_in_minutes ?? 1) * 60),
    result: c.result ?? "ANSWERED",
    summary: c.summary ?? null,
    tag: c.tag ?? null,
    tags: c.tags ?? (c.tag === undefined || c.tag === null ? [] : [c.tag]),
    recordingUrl: c.recording_url ?? null,
    transcript: c.transcript === undefined || c.transcript === null ? null : c.transcript.map((line, k) => ({
      source: line.source,
      text: line.text,
      startSeconds: line.start_seconds ?? k * 5,
      endSeconds: line.end_seconds ?? k * 5 + 4
    })),
    userId: c.user_id ?? null
  }
}

/** Adds everything a seed describes to the store. */
export const applySeed = (store: Store, seed: Seed): void => {
  const anchorMs = store.anchorMs
  if (seed.numbers !== undefined) store.numbers.push(...seed.numbers.map(toNumber))
  else if (store.numbers.length === 0) store.numbers.push(...DEFAULT_NUMBERS)
  if (seed.users !== undefined) {
    store.users.push(...seed.users.map((u) => ({
      id: u.id,
      name: u.name ?? u.id,
      email: u.email ?? `${u.id}@example.com`,
      role: u.role ?? "MEMBER",
      status: u.status ?? "ACTIVE",
      imageUrl: u.imageUrl ?? null
    })))
  } else if (store.users.length === 0) {
    store.users.push(
      { id: "usr-abc123", name: "Alex Kim", email: "alex@acme.com", role: "ADMIN", status: "ACTIVE", imageUrl: "https://storage.withallo.com/avatars/usr-abc123.jpg" },
      { id: "usr-def456", name: "Jordan Lee", email: "jordan@acme.com", role: "MEMBER", status: "ACTIVE", imageUrl: null }
    )
  }
  if (seed.tags !== undefined) {
    store.tags.push(...seed.tags.map((t, k) => ({ id: t.id ?? `tag-${t.name.replace(/[^a-z0-9]/gi, "").toLowerCase()}${k}`, name: t.name, color: t.color ?? null })))
  } else if (store.tags.length === 0) {
    store.tags.push({ id: "tag-abc123", name: "qualified", color: "#00AA00" }, { id: "tag-def456", name: "follow_up", color: "#FF8800" })
  }
  for (const api of seed.apiKeys ?? []) store.keys.set(api.key, { id: `api-${api.key.slice(-12)}`, scopes: new Set(api.scopes) })

  if (typeof seed.contacts === "number") {
    const start = store.contacts.length
    for (let i = 0; i < seed.contacts; i++) store.contacts.push(generateContact(store.seed, start + i, anchorMs))
  } else if (seed.contacts !== undefined) {
    store.contacts.push(...seed.contacts.map((c) => toContact(store, c, anchorMs)))
  }
  store.contacts.sort((a, b) => b.createdMs - a.createdMs)

  const contactNumbers = store.contacts.flatMap((c) => c.numbers.slice(0, 1))
  const userIds = store.users.map((u) => u.id)
  const owned = alloNumbers(store)
  if (typeof seed.calls === "number" && seed.calls > 0) {
    store.blocks.push({
      seed: store.seed,
      block: store.blocks.length,
      size: seed.calls,
      anchorMs,
      alloNumbers: owned,
      contactNumbers,
      userIds
    })
  } else if (Array.isArray(seed.calls)) {
    insertCalls(store, seed.calls.map((c) => toCall(store, c, anchorMs)))
  }

  const messages: Array<MessageRecord> = []
  if (typeof seed.messages === "number") {
    const start = store.messages.length
    for (let i = 0; i < seed.messages; i++) messages.push(generateMessage(store.seed, start + i, anchorMs, owned, contactNumbers, userIds))
  } else if (seed.messages !== undefined) {
    for (const m of seed.messages) {
      messages.push({
        itemId: m.id ?? `msg-x${new Rng(hash32(store.seed, 41, store.serial)).alnum(5)}${nextSerial(store)}`,
        direction: m.direction ?? "INBOUND",
        alloNumber: m.allo_number ?? owned[0] ?? null,
        senderId: null,
        contactNumber: m.contact_number,
        content: m.content,
        startMs: m.date === undefined ? anchorMs : parseDate(m.date),
        status: m.status ?? "DELIVERED",
        messageType: "SMS",
        userId: null
      })
    }
  }
  store.messages.push(...messages)
  store.messages.sort((a, b) => b.startMs - a.startMs)
  applyCrmSeed(store, seed)
  touch(store)
}

/** A fresh store holding the seed. */
export const storeFromSeed = (seed: Seed): Store => {
  const anchor = seed.now === undefined ? DEFAULT_ANCHOR : typeof seed.now === "number" ? seed.now : parseDate(seed.now)
  const store = emptyStore(seed.seed ?? 1, anchor)
  applySeed(store, seed)
  return store
}
