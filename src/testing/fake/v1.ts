/**
 * The v1 routes (`/v1/api/…`): calls, contacts, contact conversation, SMS,
 * numbers and the legacy webhooks, in Allo's v1 shapes — flat call
 * pagination metadata, nested contact/conversation metadata, `CONTACT_NOT_FOUND`
 * as a 400.
 *
 * @since 0.1.0
 */
import { asObject, type Ctx, isPhone, isReply, pageParams, type Route, str, strings, totalPages } from "./context.js"
import { ok, type Reply, v1Error } from "./errors.js"
import { contactEvent } from "./events.js"
import { hash32, Rng } from "./prng.js"
import type { ContactRecord, MessageRecord } from "./records.js"
import { sendSms } from "./sms.js"
import { callAt, callRefs, findContact, latestActivity, nextSerial, type Store, touch } from "./store.js"
import { v1Call, v1Contact, v1Date, v1Number, v1Text } from "./views.js"

const invalidBody = (field: string, message: string): Reply => v1Error(400, "INVALID_REQUEST_BODY", [{ message, field }])

const lastActivityOf = (store: Store, contact: ContactRecord): number | undefined => {
  const latest = latestActivity(store)
  const times = contact.numbers.flatMap((n) => {
    const t = latest.get(n)
    return t === undefined ? [] : [t]
  })
  return times.length === 0 ? undefined : Math.max(...times)
}

const searchCalls = (ctx: Ctx): Reply => {
  const alloNumber = ctx.query.get("allo_number")
  if (alloNumber === null || alloNumber === "") return invalidBody("allo_number", "allo_number is required")
  const params = pageParams("v1", ctx.query.get("page") ?? undefined, ctx.query.get("size") ?? undefined)
  if (isReply(params)) return params
  const contactNumber = ctx.query.get("contact_number")
  const refs = callRefs(ctx.store, { alloNumber, contactNumbers: contactNumber === null ? undefined : [contactNumber] })
  const start = params.page * params.size
  const results = refs.slice(start, start + params.size).flatMap((ref) => {
    const call = callAt(ctx.store, ref)
    return call === undefined ? [] : [v1Call(call)]
  })
  return ok({ results, metadata: { total_pages: totalPages(refs.length, params.size), current_page: params.page } })
}

const listContacts = (ctx: Ctx): Reply => {
  const params = pageParams("v1", ctx.query.get("page") ?? undefined, ctx.query.get("size") ?? undefined)
  if (isReply(params)) return params
  const start = params.page * params.size
  const results = ctx.store.contacts.slice(start, start + params.size).map((c) => v1Contact(c, lastActivityOf(ctx.store, c)))
  return ok({
    results,
    metadata: { pagination: { total_pages: totalPages(ctx.store.contacts.length, params.size), current_page: params.page } }
  })
}

const nullableString = (body: Readonly<Record<string, unknown>>, field: string, fallback: string | null): string | null => {
  const v = body[field]
  return v === null ? null : typeof v === "string" ? v : fallback
}

const createContact = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body)
  const numbers = strings(body, "numbers")
  if (body === undefined || numbers === undefined || numbers.length === 0) return invalidBody("numbers", "numbers must contain at least one phone number")
  const bad = numbers.find((n) => !isPhone(n))
  if (bad !== undefined) return v1Error(400, "INVALID_PHONE_FORMAT", [{ message: `'${bad}' is not an E.164 number`, field: "numbers" }])
  const key = new Rng(hash32(ctx.store.seed, 61, ctx.store.serial)).alnum(6) + nextSerial(ctx.store)
  const contact: ContactRecord = {
    id: `cnt_${key}`,
    name: nullableString(body, "name", null),
    lastName: nullableString(body, "last_name", null),
    company: null,
    jobTitle: nullableString(body, "job_title", null),
    website: nullableString(body, "website", null),
    status: null,
    isArchived: false,
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs,
    numbers,
    emails: strings(body, "emails") ?? [],
    isWhitelisted: false,
    engagement: null,
    integrationData: {},
    customProperties: null
  }
  ctx.store.contacts.unshift(contact)
  touch(ctx.store)
  ctx.events.push(contactEvent(contact, true))
  return ok(v1Contact(contact, ctx.nowMs))
}

const updateContact = (ctx: Ctx): Reply => {
  const contact = findContact(ctx.store, ctx.params.id ?? "")
  if (contact === undefined) return v1Error(400, "CONTACT_NOT_FOUND")
  const body = asObject(ctx.body) ?? {}
  const numbers = strings(body, "numbers")
  if (numbers !== undefined && numbers.length === 0) return invalidBody("numbers", "numbers must not be empty")
  const updated: ContactRecord = {
    ...contact,
    name: nullableString(body, "name", contact.name),
    lastName: nullableString(body, "last_name", contact.lastName),
    jobTitle: nullableString(body, "job_title", contact.jobTitle),
    website: nullableString(body, "website", contact.website),
    emails: strings(body, "emails") ?? contact.emails,
    numbers: numbers ?? contact.numbers,
    updatedMs: ctx.nowMs
  }
  ctx.store.contacts[ctx.store.contacts.indexOf(contact)] = updated
  touch(ctx.store)
  ctx.events.push(contactEvent(updated, false))
  return ok(v1Contact(updated, lastActivityOf(ctx.store, updated)))
}

/** Calls and messages with a contact, newest first. */
const history = (store: Store, contact: ContactRecord, alloNumber: string | undefined) => {
  const calls = callRefs(store, { alloNumber, contactNumbers: contact.numbers }).flatMap((ref) => {
    const call = callAt(store, ref)
    return call === undefined ? [] : [{ ms: call.startMs, call, message: undefined }]
  })
  const numbers = new Set(contact.numbers)
  const messages = store.messages
    .filter((m) => numbers.has(m.contactNumber) && (alloNumber === undefined || m.alloNumber === alloNumber))
    .map((message: MessageRecord) => ({ ms: message.startMs, call: undefined, message }))
  return [...calls, ...messages].sort((a, b) => b.ms - a.ms)
}

const getContact = (ctx: Ctx): Reply => {
  const contact = findContact(ctx.store, ctx.params.id ?? "")
  if (contact === undefined) return v1Error(400, "CONTACT_NOT_FOUND")
  const extend = new Set((ctx.query.get("extend") ?? "").split(",").map((s) => s.trim()))
  const userName = (id: string | null) => ctx.store.users.find((u) => u.id === id)?.name ?? null
  const contactName = [contact.name, contact.lastName].filter((p) => p !== null).join(" ") || null
  return ok({
    id: contact.id,
    name: contact.name,
    last_name: contact.lastName,
    numbers: contact.numbers,
    emails: contact.emails,
    company: contact.company,
    job_title: contact.jobTitle,
    website: contact.website,
    integration_data: contact.integrationData,
    custom_properties: contact.customProperties,
    engagement: extend.has("engagement") ? contact.engagement : null,
    activity: extend.has("activity")
      ? history(ctx.store, contact, undefined).slice(0, 20).map(({ call, message }) =>
        call !== undefined
          ? {
            type: call.direction === "INBOUND" ? "INBOUND_CALL" : "OUTBOUND_CALL",
            made_by: call.direction === "INBOUND" ? contactName : userName(call.userId),
            made_at: v1Date(call.startMs),
            allo_number: call.alloNumber,
            content: null
          }
          : {
            type: message?.direction === "INBOUND" ? "INBOUND_SMS" : "OUTBOUND_SMS",
            made_by: message?.direction === "INBOUND" ? contactName : userName(message?.userId ?? null),
            made_at: v1Date(message?.startMs ?? 0),
            allo_number: null,
            content: message?.content ?? null
          }
      )
      : null,
    conversation_url: `/v1/api/contact/${contact.id}/conversation`
  })
}

const contactConversation = (ctx: Ctx): Reply => {
  const contact = findContact(ctx.store, ctx.params.id ?? "")
  if (contact === undefined) return v1Error(400, "CONTACT_NOT_FOUND")
  const params = pageParams("v1", ctx.query.get("page") ?? undefined, ctx.query.get("size") ?? undefined)
  if (isReply(params)) return params
  const entries = history(ctx.store, contact, ctx.query.get("allo_number") ?? undefined)
  const start = params.page * params.size
  const results = entries.slice(start, start + params.size).map(({ call, message }) =>
    call !== undefined
      ? { type: "CALL", call: v1Call(call), message: null }
      : { type: "TEXT_MESSAGE", call: null, message: message === undefined ? null : v1Text(message) }
  )
  return ok({ results, metadata: { pagination: { total_pages: totalPages(entries.length, params.size), current_page: params.page } } })
}

const V1_TOPICS = new Set(["PING", "CALL_RECEIVED", "SMS_RECEIVED", "SMS_SENT", "CONTACT_CREATED", "CONTACT_UPDATED"])

const listWebhooks = (ctx: Ctx): Reply =>
  // The docs' example has no `id`; the fake adds it so a test can delete what it listed.
  ok(ctx.store.webhooks.map((w) => ({ id: w.id, allo_number: w.alloNumber, enabled: w.enabled, url: w.url, topics: w.topics })))

const createWebhook = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body)
  const alloNumber = str(body, "allo_number")
  const url = str(body, "url")
  const topics = strings(body, "topics")
  if (alloNumber === undefined || !isPhone(alloNumber)) return invalidBody("allo_number", "allo_number must be an E.164 number")
  if (url === undefined || !/^https?:\/\//.test(url)) return invalidBody("url", "url must be an http(s) URL")
  if (topics === undefined || topics.length === 0) return invalidBody("topics", "topics must not be empty")
  const unknown = topics.find((t) => !V1_TOPICS.has(t))
  if (unknown !== undefined) return invalidBody("topics", `unknown topic '${unknown}'`)
  const enabled = body?.enabled
  const webhook = {
    id: `web-${new Rng(hash32(ctx.store.seed, 51, ctx.store.serial)).alnumMixed(14)}${nextSerial(ctx.store)}`,
    alloNumber,
    url,
    topics,
    enabled: typeof enabled === "boolean" ? enabled : true
  }
  ctx.store.webhooks.push(webhook)
  // The create response spells it `alloNumber`, unlike the list (Allo's own inconsistency).
  return ok({ id: webhook.id, alloNumber, enabled: webhook.enabled, url, topics }, 201)
}

const deleteWebhook = (ctx: Ctx): Reply => {
  const index = ctx.store.webhooks.findIndex((w) => w.id === ctx.params.id)
  // Documented only by the third-party SDKs, including this odd body shape.
  if (index === -1) return { status: 404, body: { error: "WEBHOOK_NOT_FOUND" } }
  ctx.store.webhooks.splice(index, 1)
  return { status: 204 }
}

/** Every v1 route with its scope (withallo-api.md §1.1). */
export const v1Routes: ReadonlyArray<Route> = [
  { method: "GET", pattern: "/v1/api/calls", scope: "CONVERSATIONS_READ", handler: searchCalls },
  { method: "GET", pattern: "/v1/api/contacts", scope: "CONTACTS_READ", handler: listContacts },
  { method: "POST", pattern: "/v1/api/contacts", scope: "CONTACTS_READ_WRITE", handler: createContact },
  { method: "PUT", pattern: "/v1/api/contacts/:id", scope: "CONTACTS_READ_WRITE", handler: updateContact },
  { method: "GET", pattern: "/v1/api/contact/:id", scope: "CONTACTS_READ", handler: getContact },
  { method: "GET", pattern: "/v1/api/contact/:id/conversation", scope: "CONVERSATIONS_READ", handler: contactConversation },
  { method: "POST", pattern: "/v1/api/sms", scope: "SMS_SEND", handler: sendSms },
  { method: "GET", pattern: "/v1/api/numbers", scope: "CONVERSATIONS_READ", handler: (ctx) => ok(ctx.store.numbers.filter((n) => n.type === "NUMBER").map(v1Number)) },
  { method: "GET", pattern: "/v1/api/webhooks", scope: "WEBHOOKS_READ_WRITE", handler: listWebhooks },
  { method: "POST", pattern: "/v1/api/webhooks", scope: "WEBHOOKS_READ_WRITE", handler: createWebhook },
  { method: "DELETE", pattern: "/v1/api/webhooks/:id", scope: "WEBHOOKS_READ_WRITE", handler: deleteWebhook }
]
