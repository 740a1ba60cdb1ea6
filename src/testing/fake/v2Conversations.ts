/**
 * v2 conversations: the grouped list and item search / get / batch (the
 * writes are in `v2ItemWrites.ts`). Items are calls (`cll-…`) and texts
 * (`msg-…`) under v2's 1-based pagination.
 *
 * @since 0.1.0
 */
import { asObject, type Ctx, isReply, type PageParams, pageParams, type Route, str, strings, v2Pagination } from "./context.js"
import { ok, type Reply, v2Error } from "./errors.js"
import type { CallRecord, MessageRecord } from "./records.js"
import { callAt, callRefs, contactByNumber, findCall, refContactNumber, refStartMs, type Store } from "./store.js"
import { v2CallItem, v2ContactRef, v2Date, v2MessageItem } from "./views.js"

type Item = { readonly ms: number; readonly ref: number; readonly message?: undefined } | {
  readonly ms: number
  readonly ref?: undefined
  readonly message: MessageRecord
}

const render = (store: Store, item: Item, transcript: boolean): Record<string, unknown> | undefined => {
  if (item.message !== undefined) return v2MessageItem(store, item.message)
  const call = callAt(store, item.ref)
  return call === undefined ? undefined : v2CallItem(store, call, transcript)
}

const mergeByDate = (calls: ReadonlyArray<Item>, messages: ReadonlyArray<Item>): ReadonlyArray<Item> =>
  messages.length === 0 ? calls : [...calls, ...messages].sort((a, b) => b.ms - a.ms)

const extendOf = (raw: string | null | undefined): boolean | Reply => {
  if (raw === null || raw === undefined || raw === "") return false
  const bad = raw.split(",").map((s) => s.trim()).find((v) => v !== "transcript")
  return bad === undefined
    ? true
    : v2Error(400, "UNSUPPORTED_EXTEND_VALUE", `Unsupported extend value '${bad}'. Supported: transcript.`, { param: "extend" })
}

const page = (store: Store, items: ReadonlyArray<Item>, params: PageParams, transcript: boolean): Reply => {
  const start = (params.page - 1) * params.size
  const data = items.slice(start, start + params.size).flatMap((item) => render(store, item, transcript) ?? [])
  return { status: 200, body: { data, pagination: v2Pagination(params, items.length) } }
}

const listConversations = (ctx: Ctx): Reply => {
  const alloNumber = ctx.query.get("allo_number")
  if (alloNumber === null || alloNumber === "") {
    return v2Error(400, "MISSING_ALLO_NUMBER", "The allo_number query parameter is required.", { param: "allo_number" })
  }
  const transcript = extendOf(ctx.query.get("extend"))
  if (typeof transcript !== "boolean") return transcript
  const params = pageParams("v2", ctx.query.get("page") ?? undefined, ctx.query.get("size") ?? undefined)
  if (isReply(params)) return params
  const sinceRaw = ctx.query.get("last_activity_since")
  const since = sinceRaw === null ? -Infinity : Date.parse(sinceRaw)
  if (Number.isNaN(since)) return v2Error(400, "INVALID_REQUEST_BODY", "last_activity_since must be an ISO 8601 date-time.", { param: "last_activity_since" })
  const unread = ctx.query.get("unread")
  // The newest item per contact number; calls are read cheaply, only the winners are built.
  const latest = new Map<string, Item>()
  for (const ref of callRefs(ctx.store, { alloNumber })) {
    const number = refContactNumber(ctx.store, ref)
    if (!latest.has(number)) latest.set(number, { ms: refStartMs(ctx.store, ref), ref })
  }
  for (const message of ctx.store.messages) {
    if (message.alloNumber !== alloNumber) continue
    const current = latest.get(message.contactNumber)
    if (current === undefined || current.ms < message.startMs) latest.set(message.contactNumber, { ms: message.startMs, message })
  }
  const rows = [...latest.entries()]
    .filter(([number, item]) => {
      const flags = ctx.store.conversationFlags.get(number)
      if (item.ms <= since) return false
      if (unread === "true" && flags?.unread !== true) return false
      if (unread === "false" && flags?.unread === true) return false
      return true
    })
    .sort((a, b) => b[1].ms - a[1].ms)
  const start = (params.page - 1) * params.size
  const data = rows.slice(start, start + params.size).map(([number, item]) => {
    const contact = contactByNumber(ctx.store, number)
    return {
      contact_number: number,
      contacts: contact === undefined ? [] : [v2ContactRef(contact)],
      last_activity: v2Date(item.ms),
      last_item: render(ctx.store, item, transcript)
    }
  })
  return { status: 200, body: { data, pagination: v2Pagination(params, rows.length) } }
}

const TYPES = new Set(["CALL", "SMS", "ALL", "TEXT_MESSAGE"])
const RESULTS = new Set(["ANSWERED", "VOICEMAIL", "TRANSFERRED", "MISSED"])
const SORTS = new Set(["DATE_DESC", "DATE_ASC", "RELEVANCE", "RECENT", "OLDEST"])
const DAY = /^\d{4}-\d{2}-\d{2}$/

const invalidField = (param: string, value: unknown): Reply =>
  v2Error(400, "INVALID_REQUEST_BODY", `Invalid value '${String(value)}' for '${param}'.`, { param })

const searchItems = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body) ?? {}
  const type = str(body, "type") ?? "ALL"
  const result = str(body, "result")
  const sort = str(body, "sort") ?? "DATE_DESC"
  const direction = str(body, "direction")
  // Both the documented enums and those seen on the live API (withallo-api.md §8.7).
  if (!TYPES.has(type)) return invalidField("type", type)
  if (result !== undefined && !RESULTS.has(result)) return invalidField("result", result)
  if (!SORTS.has(sort)) return invalidField("sort", sort)
  if (direction !== undefined && direction !== "INBOUND" && direction !== "OUTBOUND") return invalidField("direction", direction)
  const transcript = extendOf(str(body, "extend") ?? ctx.query.get("extend"))
  if (typeof transcript !== "boolean") return transcript
  const params = pageParams("v2", body.page, body.size)
  if (isReply(params)) return params
  const search = str(body, "search")
  if (search !== undefined && !/[\p{L}\p{N}]/u.test(search)) {
    return v2Error(400, "INVALID_SEARCH_QUERY", "search must contain at least one letter or digit.", { param: "search" })
  }
  let from = -Infinity
  let to = Infinity
  const date = asObject(body.date)
  if (body.date !== undefined) {
    const f = str(date, "from")
    const t = str(date, "to")
    if (f === undefined || t === undefined || !DAY.test(f) || !DAY.test(t) || f > t) {
      return v2Error(400, "INVALID_DATE_RANGE", "date.from and date.to must be YYYY-MM-DD with from before to.", { param: "date" })
    }
    from = Date.parse(`${f}T00:00:00Z`)
    to = Date.parse(`${t}T00:00:00Z`) + 86_400_000
  }
  const alloNumber = str(body, "allo_number")
  const contactNumber = str(body, "contact_number")
  const userId = str(body, "user_id")
  const tags = strings(body, "tags")
  const hasRecording = body.has_recording
  const words = search?.toLowerCase().split(/\s+/).filter((w) => w !== "") ?? []
  const textMatches = (text: string) => {
    const tokens = text.toLowerCase().split(/[^\p{L}\p{N}]+/u)
    return words.every((w) => tokens.some((token) => token.startsWith(w)))
  }
  const callMatches = (call: CallRecord) =>
    (direction === undefined || call.direction === direction) &&
    (result === undefined || (result === "TRANSFERRED" ? call.result.startsWith("TRANSFERRED") : call.result === result)) &&
    (userId === undefined || call.userId === userId) &&
    (tags === undefined || tags.every((t) => call.tags.includes(t))) &&
    (typeof hasRecording !== "boolean" || (call.recordingUrl !== null) === hasRecording) &&
    (words.length === 0 || textMatches(`${call.summary ?? ""} ${call.transcript?.map((l) => l.text).join(" ") ?? ""}`))
  const needsCall = direction !== undefined || result !== undefined || userId !== undefined || tags !== undefined ||
    typeof hasRecording === "boolean" || words.length > 0
  const calls: Array<Item> = []
  if (type === "ALL" || type === "CALL") {
    const refs = callRefs(ctx.store, { alloNumber, contactNumbers: contactNumber === undefined ? undefined : [contactNumber] })
    for (const ref of refs) {
      const ms = refStartMs(ctx.store, ref)
      if (ms < from || ms >= to) continue
      if (needsCall) {
        const call = callAt(ctx.store, ref)
        if (call === undefined || !callMatches(call)) continue
      }
      calls.push({ ms, ref })
    }
  }
  const messages: Array<Item> = []
  const smsWanted = (type === "ALL" || type === "SMS" || type === "TEXT_MESSAGE") && result === undefined &&
    tags === undefined && hasRecording !== true
  if (smsWanted) {
    for (const m of ctx.store.messages) {
      if (m.startMs < from || m.startMs >= to) continue
      if (alloNumber !== undefined && m.alloNumber !== alloNumber) continue
      if (contactNumber !== undefined && m.contactNumber !== contactNumber) continue
      if (direction !== undefined && m.direction !== direction) continue
      if (userId !== undefined && m.userId !== userId) continue
      if (words.length > 0 && !textMatches(m.content)) continue
      messages.push({ ms: m.startMs, message: m })
    }
  }
  const merged = mergeByDate(calls, messages)
  const ordered = sort === "DATE_ASC" || sort === "OLDEST" ? [...merged].reverse() : merged
  return page(ctx.store, ordered, params, transcript)
}

type Found = { readonly call: CallRecord; readonly message?: undefined } | { readonly call?: undefined; readonly message: MessageRecord }

/** A call (`cll-…`) or a text (`msg-…`) by item id. */
export const findItem = (store: Store, id: string): Found | undefined => {
  if (id.startsWith("msg-")) {
    const message = store.messages.find((m) => m.itemId === id)
    return message === undefined ? undefined : { message }
  }
  const call = findCall(store, id)
  return call === undefined || call.itemId !== id ? undefined : { call }
}

/** 400 `INVALID_ITEM_ID`. */
export const invalidItemId = (id: string): Reply =>
  v2Error(400, "INVALID_ITEM_ID", `'${id}' is not a conversation item id: expected a 'cll-' or 'msg-' prefix.`, { param: "id" })

/** 404 `CONVERSATION_ITEM_NOT_FOUND`. */
export const itemNotFound = (id: string): Reply =>
  v2Error(404, "CONVERSATION_ITEM_NOT_FOUND", `No call or message found with ID '${id}'.`, {
    param: "id",
    suggestion: "Search for the item using POST /v2/api/conversations/items/search."
  })

const getItem = (ctx: Ctx): Reply => {
  const id = ctx.params.id ?? ""
  if (!id.startsWith("cll-") && !id.startsWith("msg-")) return invalidItemId(id)
  const transcript = extendOf(ctx.query.get("extend"))
  if (typeof transcript !== "boolean") return transcript
  const found = findItem(ctx.store, id)
  if (found === undefined) return itemNotFound(id)
  return ok(found.call !== undefined ? v2CallItem(ctx.store, found.call, transcript) : v2MessageItem(ctx.store, found.message))
}

const batchItems = (ctx: Ctx): Reply => {
  const ids = strings(asObject(ctx.body), "ids")
  if (ids === undefined) return v2Error(400, "INVALID_REQUEST_BODY", "ids must be an array of item ids.", { param: "ids" })
  if (ids.length > 100) return v2Error(400, "BATCH_TOO_LARGE", `At most 100 ids per batch (got ${ids.length}).`, { param: "ids" })
  const transcript = extendOf(ctx.query.get("extend") ?? str(asObject(ctx.body), "extend"))
  if (typeof transcript !== "boolean") return transcript
  // Unknown ids are silently left out, as Allo does.
  return ok(ids.flatMap((id) => {
    const found = findItem(ctx.store, id)
    if (found === undefined) return []
    return [found.call !== undefined ? v2CallItem(ctx.store, found.call, transcript) : v2MessageItem(ctx.store, found.message)]
  }))
}

/** The v2 conversation read routes with their scopes (withallo-api.md §1.1). */
export const v2ConversationRoutes: ReadonlyArray<Route> = [
  { method: "GET", pattern: "/v2/api/conversations", scope: "CONVERSATIONS_READ", handler: listConversations },
  { method: "POST", pattern: "/v2/api/conversations/items/search", scope: "CONVERSATIONS_READ", handler: searchItems },
  { method: "POST", pattern: "/v2/api/conversations/items/batch", scope: "CONVERSATIONS_READ", handler: batchItems },
  { method: "GET", pattern: "/v2/api/conversations/items/:id", scope: "CONVERSATIONS_READ", handler: getItem }
]
