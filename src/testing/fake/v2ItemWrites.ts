/**
 * The v2 writes on conversations and items: read/archive actions, call
 * summary edits (with a version counter) and item tags.
 *
 * @since 0.1.0
 */
import { asObject, type Ctx, type Route, str, strings } from "./context.js"
import { ok, type Reply, v2Error } from "./errors.js"
import type { CallRecord } from "./records.js"
import { callRefs, touch } from "./store.js"
import { findItem, invalidItemId, itemNotFound } from "./v2Conversations.js"
import { v2Date } from "./views.js"

/** `PUT /v2/api/conversations/{contact_number}/action` */
export const conversationAction = (ctx: Ctx): Reply => {
  const number = ctx.params.contact_number ?? ""
  const body = asObject(ctx.body) ?? {}
  const action = str(body, "action")
  if (action === undefined || !["READ", "UNREAD", "ARCHIVE", "UNARCHIVE"].includes(action)) {
    return v2Error(400, "INVALID_ACTION", "action must be one of READ, UNREAD, ARCHIVE, UNARCHIVE.", { param: "action" })
  }
  const alloNumber = str(body, "allo_number")
  const exists = callRefs(ctx.store, { alloNumber, contactNumbers: [number] }).length > 0 ||
    ctx.store.messages.some((m) => m.contactNumber === number && (alloNumber === undefined || m.alloNumber === alloNumber))
  // Code not documented; inferred.
  if (!exists) return v2Error(404, "CONVERSATION_NOT_FOUND", `No conversation found with '${number}'.`, { param: "contact_number" })
  const flags = ctx.store.conversationFlags.get(number) ?? { unread: false, archived: false }
  if (action === "READ" || action === "UNREAD") flags.unread = action === "UNREAD"
  else flags.archived = action === "ARCHIVE"
  ctx.store.conversationFlags.set(number, flags)
  return { status: 200 }
}

const callForWrite = (ctx: Ctx): CallRecord | Reply => {
  const id = ctx.params.id ?? ""
  if (!id.startsWith("cll-")) return invalidItemId(id)
  const found = findItem(ctx.store, id)
  return found?.call ?? itemNotFound(id)
}

const isCall = (u: CallRecord | Reply): u is CallRecord => "itemId" in u

/** `PATCH /v2/api/conversations/items/{id}/summary` */
export const updateSummary = (ctx: Ctx): Reply => {
  const call = callForWrite(ctx)
  if (!isCall(call)) return call
  const content = str(asObject(ctx.body), "content")
  if (content === undefined || content.length > 100_000) {
    return v2Error(400, "INVALID_REQUEST_BODY", "content is required (at most 100,000 characters).", { param: "content" })
  }
  if (call.summary === null && !ctx.store.overrides.has(call.itemId)) {
    return v2Error(404, "SUMMARY_TEMPLATE_NOT_FOUND", `Call '${call.itemId}' has no completed summary to update.`)
  }
  const previous = ctx.store.overrides.get(call.itemId) ?? {}
  const version = (previous.summaryVersion ?? 1) + 1
  ctx.store.overrides.set(call.itemId, { ...previous, summary: content, summaryVersion: version, summaryUpdatedMs: ctx.nowMs })
  touch(ctx.store)
  const admin = ctx.store.users.find((u) => u.role === "ADMIN") ?? ctx.store.users[0]
  ctx.events.push({ v1Topic: "", v2Topic: "summary.updated", v1Data: null, v2Data: { id: call.itemId, content, version } })
  return ok({
    id: call.itemId,
    content,
    version,
    updated_at: v2Date(ctx.nowMs),
    updated_by: admin === undefined ? null : { id: admin.id, name: admin.name }
  })
}

/** `POST /v2/api/conversations/items/{id}/tags` */
export const addTags = (ctx: Ctx): Reply => {
  const call = callForWrite(ctx)
  if (!isCall(call)) return call
  const tags = strings(asObject(ctx.body), "tags")
  if (tags === undefined || tags.length === 0) return v2Error(400, "TAGS_REQUIRED", "tags must contain at least one tag key.", { param: "tags" })
  const unknown = tags.find((t) => !ctx.store.tags.some((known) => known.name === t))
  if (unknown !== undefined) return v2Error(404, "TAG_NOT_FOUND", `No tag '${unknown}' in this workspace.`, { param: "tags" })
  const already = tags.find((t) => call.tags.includes(t))
  if (already !== undefined) return v2Error(409, "TAG_ALREADY_EXISTS", `Item '${call.itemId}' already has tag '${already}'.`, { param: "tags" })
  ctx.store.overrides.set(call.itemId, { ...ctx.store.overrides.get(call.itemId), tags: [...call.tags, ...tags] })
  touch(ctx.store)
  for (const tag of tags) ctx.events.push({ v1Topic: "", v2Topic: "tag.added", v1Data: null, v2Data: { id: call.itemId, tag } })
  return { status: 200 }
}

/** `DELETE /v2/api/conversations/items/{id}/tags/{tag}` */
export const removeTag = (ctx: Ctx): Reply => {
  const call = callForWrite(ctx)
  if (!isCall(call)) return call
  const tag = ctx.params.tag ?? ""
  if (!call.tags.includes(tag)) return v2Error(404, "TAG_NOT_FOUND", `Item '${call.itemId}' has no tag '${tag}'.`, { param: "tag" })
  ctx.store.overrides.set(call.itemId, { ...ctx.store.overrides.get(call.itemId), tags: call.tags.filter((t) => t !== tag) })
  touch(ctx.store)
  ctx.events.push({ v1Topic: "", v2Topic: "tag.removed", v1Data: null, v2Data: { id: call.itemId, tag } })
  return { status: 200 }
}

/** The v2 write routes on conversations and items, with their scopes (withallo-api.md §1.1). */
export const v2ItemWriteRoutes: ReadonlyArray<Route> = [
  { method: "PATCH", pattern: "/v2/api/conversations/items/:id/summary", scope: "CONVERSATIONS_WRITE", handler: updateSummary },
  { method: "POST", pattern: "/v2/api/conversations/items/:id/tags", scope: "TAGS_WRITE", handler: addTags },
  { method: "DELETE", pattern: "/v2/api/conversations/items/:id/tags/:tag", scope: "TAGS_WRITE", handler: removeTag },
  // The scope table files this write under CONVERSATIONS_READ.
  { method: "PUT", pattern: "/v2/api/conversations/:contact_number/action", scope: "CONVERSATIONS_READ", handler: conversationAction }
]
