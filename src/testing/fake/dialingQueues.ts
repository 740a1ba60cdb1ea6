/**
 * `/v2/api/dialing-queues/current`: the Power Dialer's queues. Each user's
 * current queue is the newest one assigned to them; the API key acts as the
 * team's admin, or on a teammate's queue given `user_id` (which wins) or
 * `email`. Appends normalise numbers to E.164 and skip what cannot be, a queue
 * holds at most 1,000 numbers, and positions stay 0…n-1 as entries come and go.
 *
 * @since 0.2.0
 */
import { asObject, type Ctx, isPhone, isRecord, isReply, pageParams, type Route, str, v2Pagination } from "./context.js"
import { ok, type Reply, v2Error } from "./errors.js"
import type { DialingQueueRecord, QueueEntryRecord } from "./opsRecords.js"
import { hash32, Rng } from "./prng.js"
import type { ContactRecord, UserRecord } from "./records.js"
import { contactByNumber, nextSerial, touch } from "./store.js"
import { v2Date } from "./views.js"

/** Allo's cap on one queue. */
export const QUEUE_LIMIT = 1000

const ASSIGNEE_SUGGESTION = "List your teammates with GET /v2/api/users and use one of their ids as 'user_id', or pass a team-member email."

/** `+1 (212) 555-0010` → `+12125550010`; `undefined` when no E.164 number can be read. */
export const normalise = (raw: string): string | undefined => {
  const compact = raw.replace(/[\s().\-/]/g, "").replace(/^00/, "+")
  return isPhone(compact) ? compact : undefined
}

/** The user the request acts for, or the 404 Allo answers. */
const targetUser = (ctx: Ctx, from: Readonly<Record<string, unknown>> | undefined): UserRecord | Reply => {
  const userId = from === undefined ? ctx.query.get("user_id") ?? undefined : str(from, "user_id")
  const email = from === undefined ? ctx.query.get("email") ?? undefined : str(from, "email")
  if (userId === undefined && email === undefined) {
    // The key's owner: the fake's keys belong to the team's admin.
    const owner = ctx.store.users.find((u) => u.role === "ADMIN") ?? ctx.store.users[0]
    return owner ?? v2Error(404, "USER_NOT_FOUND", "User not found.")
  }
  const user = userId !== undefined
    ? ctx.store.users.find((u) => u.id === userId)
    : ctx.store.users.find((u) => u.email.toLowerCase() === email?.toLowerCase())
  return user ?? v2Error(404, "ASSIGNEE_NOT_FOUND", "No team member found for the provided 'user_id' or 'email'.", {
    suggestion: ASSIGNEE_SUGGESTION
  })
}

const isUser = (u: UserRecord | Reply): u is UserRecord => "email" in u

const currentQueue = (ctx: Ctx, user: UserRecord): DialingQueueRecord | undefined => {
  const queues = ctx.store.dialingQueues
  for (let i = queues.length - 1; i >= 0; i--) if (queues[i]?.assigneeId === user.id) return queues[i]
  return undefined
}

const newQueue = (ctx: Ctx, assignee: UserRecord, name: string | null): DialingQueueRecord => {
  const creator = ctx.store.users.find((u) => u.role === "ADMIN") ?? assignee
  const queue: DialingQueueRecord = {
    id: `pdl_${new Rng(hash32(ctx.store.seed, 71, ctx.store.serial)).alnumMixed(10)}${nextSerial(ctx.store)}`,
    name,
    creatorId: creator.id,
    assigneeId: assignee.id,
    voicemailHandling: "NO_SKIP",
    doNotDisturb: "DISABLED",
    entries: [],
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs
  }
  ctx.store.dialingQueues.push(queue)
  touch(ctx.store)
  return queue
}

const entryView = (e: QueueEntryRecord, position: number): Record<string, unknown> => ({
  number_to: e.numberTo,
  position,
  created_at: v2Date(e.createdMs),
  updated_at: v2Date(e.updatedMs),
  call_start_date: e.callStartMs === null ? null : v2Date(e.callStartMs),
  call_id: e.callId,
  routing_result: e.routingResult,
  sync_status: e.syncStatus
})

const metaView = (q: DialingQueueRecord): Record<string, unknown> => ({
  id: q.id,
  name: q.name,
  creator_id: q.creatorId,
  assignee_id: q.assigneeId,
  voicemail_handling: q.voicemailHandling,
  do_not_disturb: q.doNotDisturb,
  created_at: v2Date(q.createdMs),
  updated_at: v2Date(q.updatedMs)
})

const queueView = (q: DialingQueueRecord): Record<string, unknown> => ({ ...metaView(q), numbers: q.entries.map(entryView) })

/** `GET …/current`: a page of numbers; no queue is a 200 with zeroed pagination and no `queue`. */
const listCurrent = (ctx: Ctx): Reply => {
  const user = targetUser(ctx, undefined)
  if (!isUser(user)) return user
  const page = pageParams("v2", ctx.query.get("page") ?? undefined, ctx.query.get("size") ?? undefined)
  if (isReply(page)) return page
  const queue = currentQueue(ctx, user)
  if (queue === undefined) {
    return { status: 200, body: { data: [], pagination: { page: 0, size: 0, total_count: 0, total_pages: 0, has_more: false } } }
  }
  const start = (page.page - 1) * page.size
  const data = queue.entries.slice(start, start + page.size).map((e, k) => entryView(e, start + k))
  return { status: 200, body: { data, pagination: v2Pagination(page, queue.entries.length), queue: metaView(queue) } }
}

const checkName = (value: unknown, min: number): string | null | undefined | Reply => {
  if (value === undefined || value === null) return value
  return typeof value === "string" && value.length >= min && value.length <= 255
    ? value
    : v2Error(400, "INVALID_REQUEST_BODY", `name must be ${min}–255 characters.`, { param: "name" })
}

/** `POST …/current`: a fresh, empty queue. */
const resetQueue = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body)
  const user = targetUser(ctx, body ?? {})
  if (!isUser(user)) return user
  const name = checkName(body?.name, 0)
  if (typeof name === "object" && name !== null) return name
  return ok(queueView(newQueue(ctx, user, name ?? null)))
}

/** `PATCH …/current`: creates the queue if needed, changes only the settings given. */
const upsertQueue = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body) ?? {}
  const user = targetUser(ctx, body)
  if (!isUser(user)) return user
  const name = checkName(body.name, 1)
  if (typeof name === "object" && name !== null) return name
  const voicemail = body.voicemail_handling
  if (voicemail !== undefined && voicemail !== null && voicemail !== "SKIP" && voicemail !== "NO_SKIP") {
    return v2Error(400, "INVALID_REQUEST_BODY", "voicemail_handling must be SKIP or NO_SKIP.", { param: "voicemail_handling" })
  }
  const dnd = body.do_not_disturb
  if (dnd !== undefined && dnd !== null && dnd !== "ENABLED" && dnd !== "DISABLED") {
    return v2Error(400, "INVALID_REQUEST_BODY", "do_not_disturb must be ENABLED or DISABLED.", { param: "do_not_disturb" })
  }
  const queue = currentQueue(ctx, user) ?? newQueue(ctx, user, null)
  if (typeof name === "string") queue.name = name
  if (voicemail === "SKIP" || voicemail === "NO_SKIP") queue.voicemailHandling = voicemail
  if (dnd === "ENABLED" || dnd === "DISABLED") queue.doNotDisturb = dnd
  queue.updatedMs = ctx.nowMs
  touch(ctx.store)
  return ok(queueView(queue))
}

/** A contact for an entry that brings a name or company and whose number nobody has. */
const matchContact = (ctx: Ctx, number: string, entry: Readonly<Record<string, unknown>>): boolean => {
  if (contactByNumber(ctx.store, number) !== undefined) return true
  const name = str(entry, "name") ?? null
  const lastName = str(entry, "last_name") ?? null
  const company = str(entry, "company") ?? null
  if (name === null && lastName === null && company === null) return false
  const emails = entry.emails
  const contact: ContactRecord = {
    id: `cnt_${new Rng(hash32(ctx.store.seed, 73, ctx.store.serial)).alnum(6)}${nextSerial(ctx.store)}`,
    name,
    lastName,
    company: company === null ? null : { id: null, name: company },
    jobTitle: str(entry, "job_title") ?? null,
    website: str(entry, "website") ?? null,
    status: "active",
    isArchived: false,
    createdMs: ctx.nowMs,
    updatedMs: ctx.nowMs,
    numbers: [number],
    emails: Array.isArray(emails) ? emails.filter((e): e is string => typeof e === "string") : [],
    isWhitelisted: false,
    engagement: null,
    integrationData: {},
    customProperties: null
  }
  ctx.store.contacts.unshift(contact)
  return true
}

/** `POST …/current/numbers`: appends in order; all or nothing against the 1,000 cap. */
const appendNumbers = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body)
  const raw = body?.numbers
  if (!Array.isArray(raw) || raw.length === 0) {
    return v2Error(400, "INVALID_REQUEST_BODY", "numbers must be a non-empty list.", { param: "numbers" })
  }
  const bad = raw.findIndex((e) => !isRecord(e) || typeof e.number !== "string")
  if (bad !== -1) return v2Error(400, "INVALID_REQUEST_BODY", `numbers[${bad}].number is required.`, { param: `numbers[${bad}].number` })
  const user = targetUser(ctx, body ?? {})
  if (!isUser(user)) return user
  const entries = raw.filter(isRecord)
  const valid = entries.flatMap((e) => {
    const number = normalise(String(e.number))
    return number === undefined ? [] : [{ number, entry: e }]
  })
  const existing = currentQueue(ctx, user)
  if ((existing?.entries.length ?? 0) + valid.length > QUEUE_LIMIT) {
    return v2Error(400, "DIALING_QUEUE_LIMIT_REACHED", "The dialing queue cannot exceed 1,000 numbers.")
  }
  const queue = existing ?? newQueue(ctx, user, null)
  const added: Array<Record<string, unknown>> = []
  for (const { entry, number } of valid) {
    const synced = matchContact(ctx, number, entry)
    const record: QueueEntryRecord = {
      numberTo: number,
      createdMs: ctx.nowMs,
      updatedMs: ctx.nowMs,
      callStartMs: null,
      callId: null,
      routingResult: null,
      syncStatus: synced ? "SYNCED" : "NOT_SYNCED"
    }
    queue.entries.push(record)
    added.push(entryView(record, queue.entries.length - 1))
  }
  queue.updatedMs = ctx.nowMs
  touch(ctx.store)
  const skipped = entries
    .filter((e) => normalise(String(e.number)) === undefined)
    .map((e) => ({ number: e.number, reason: "INVALID_PHONE_NUMBER" }))
  return ok({ added, skipped })
}

/** `DELETE …/current/numbers`: exactly one filter. */
const clearNumbers = (ctx: Ctx): Reply => {
  const rawNumber = ctx.query.get("number") ?? undefined
  const rawPosition = ctx.query.get("position") ?? undefined
  const unassigned = ctx.query.get("unassigned")
  if (unassigned !== null && (rawNumber !== undefined || rawPosition !== undefined)) {
    return v2Error(400, "DIALING_QUEUE_DELETE_FILTER_CONFLICT", "'unassigned=true' cannot be combined with 'number' or 'position'.", {
      suggestion: "Use 'unassigned=true' alone, or remove it and rely on 'number'/'position'."
    })
  }
  if (unassigned !== "true" && rawNumber === undefined && rawPosition === undefined) {
    return v2Error(400, "DIALING_QUEUE_DELETE_FILTER_REQUIRED", "Provide at least one of 'number', 'position', or 'unassigned=true' to clear queue numbers.", {
      suggestion: "Add 'number', 'position', or 'unassigned=true' as a query parameter."
    })
  }
  const number = rawNumber === undefined ? undefined : normalise(rawNumber)
  if (rawNumber !== undefined && number === undefined) {
    return v2Error(400, "INVALID_PHONE_NUMBER", `The phone number '${rawNumber}' is not a valid E.164 number.`, {
      param: "number",
      suggestion: "Provide a valid E.164 phone number (e.g., +33612345678)."
    })
  }
  const position = rawPosition === undefined ? undefined : Number(rawPosition)
  if (position !== undefined && !(Number.isInteger(position) && position >= 0)) {
    return v2Error(400, "INVALID_REQUEST_BODY", "position must be an integer >= 0.", { param: "position" })
  }
  const user = targetUser(ctx, undefined)
  if (!isUser(user)) return user
  const queue = currentQueue(ctx, user)
  if (queue === undefined) {
    return v2Error(404, "DIALING_QUEUE_NOT_FOUND", "No dialing queue found for the authenticated user.", {
      suggestion: "Create a queue by appending numbers with POST /v2/api/dialing-queues/current/numbers."
    })
  }
  const before = queue.entries.length
  if (position !== undefined) {
    const entry = queue.entries[position]
    if (entry === undefined || (number !== undefined && entry.numberTo !== number)) {
      return v2Error(404, "QUEUE_NUMBER_POSITION_NOT_FOUND", `No queue number found at position ${position}.`, {
        param: "position",
        suggestion: "Fetch the current queue with GET /v2/api/dialing-queues/current to see existing positions."
      })
    }
    queue.entries.splice(position, 1)
  } else {
    const keep = queue.entries.filter((e) => number !== undefined ? e.numberTo !== number : e.callStartMs !== null)
    queue.entries.splice(0, queue.entries.length, ...keep)
  }
  queue.updatedMs = ctx.nowMs
  touch(ctx.store)
  return ok({ removed: before - queue.entries.length })
}

/** The Power Dialer routes with their scope (withallo-api.md §1.1). */
export const dialingQueueRoutes: ReadonlyArray<Route> = [
  { method: "GET", pattern: "/v2/api/dialing-queues/current", scope: "DIALING_QUEUE_READ_WRITE", handler: listCurrent },
  { method: "POST", pattern: "/v2/api/dialing-queues/current", scope: "DIALING_QUEUE_READ_WRITE", handler: resetQueue },
  { method: "PATCH", pattern: "/v2/api/dialing-queues/current", scope: "DIALING_QUEUE_READ_WRITE", handler: upsertQueue },
  { method: "POST", pattern: "/v2/api/dialing-queues/current/numbers", scope: "DIALING_QUEUE_READ_WRITE", handler: appendNumbers },
  { method: "DELETE", pattern: "/v2/api/dialing-queues/current/numbers", scope: "DIALING_QUEUE_READ_WRITE", handler: clearNumbers }
]
