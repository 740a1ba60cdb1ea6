/**
 * Records → Allo's JSON shapes. v1 timestamps are zone-less
 * (`2024-01-15T10:30:00`), v2 ones end in `Z`, as in Allo's examples.
 *
 * @since 0.1.0
 */
import type { CallRecord, ContactRecord, MessageRecord, NumberRecord, UserRecord, WebhookEndpointRecord } from "./records.js"
import { contactByNumber, type Store } from "./store.js"

/** `2024-01-15T10:30:00` */
export const v1Date = (ms: number): string => new Date(ms).toISOString().slice(0, 19)

/** `2024-01-15T10:30:00Z` */
export const v2Date = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`

/** v1 `CallApiResponse`. */
export const v1Call = (call: CallRecord): Record<string, unknown> => ({
  id: call.id,
  from_number: call.direction === "INBOUND" ? call.contactNumber : call.alloNumber,
  to_number: call.direction === "INBOUND" ? call.alloNumber : call.contactNumber,
  length_in_minutes: Math.round(call.durationSeconds / 6) / 10,
  type: call.direction,
  result: call.result,
  summary: call.summary,
  tag: call.tag,
  tags: call.tags,
  recording_url: call.recordingUrl,
  start_date: v1Date(call.startMs),
  transcript: call.transcript === null ? null : call.transcript.map((line) => ({
    source: line.source,
    text: line.text,
    time: v1Date(call.startMs + line.startSeconds * 1000),
    start_seconds: line.startSeconds,
    end_seconds: line.endSeconds
  }))
})

/** v1 `TextMessageApiResponse`. */
export const v1Text = (message: MessageRecord): Record<string, unknown> => ({
  from_number: message.direction === "INBOUND" ? message.contactNumber : message.alloNumber,
  sender_id: message.senderId,
  to_number: message.direction === "INBOUND" ? message.alloNumber : message.contactNumber,
  type: message.direction,
  content: message.content,
  start_date: v1Date(message.startMs)
})

/** v1 `ContactWithEngagement`. */
export const v1Contact = (contact: ContactRecord, lastActivityMs: number | undefined): Record<string, unknown> => ({
  id: contact.id,
  name: contact.name,
  last_name: contact.lastName,
  company: contact.company,
  job_title: contact.jobTitle,
  website: contact.website,
  status: contact.status,
  is_archived: contact.isArchived,
  created_at: v1Date(contact.createdMs),
  updated_at: v1Date(contact.updatedMs),
  numbers: contact.numbers,
  is_whitelisted: contact.isWhitelisted,
  last_activity_date: v1Date(lastActivityMs ?? contact.updatedMs),
  engagement: contact.engagement
})

/** v2 contact reference (`cnt-…`). */
export const v2ContactRef = (contact: ContactRecord): Record<string, unknown> => ({
  id: `cnt-${contact.id.replace(/^cnt_/, "")}`,
  name: [contact.name, contact.lastName].filter((part) => part !== null).join(" ") || null,
  company: contact.company === null ? null : { id: contact.company.id?.replace(/^com_/, "com-") ?? null, name: contact.company.name },
  deals: []
})

/** v2 `UserRef`. */
export const userRef = (user: UserRecord | undefined): Record<string, unknown> | null =>
  user === undefined ? null : { id: user.id, name: user.name, email: user.email }

const v1ToV2Result = (result: string): string => (result.startsWith("TRANSFERRED") ? "TRANSFERRED" : result)

/** v2 `ConversationItem` of a call; the transcript only with `extend=transcript`. */
export const v2CallItem = (store: Store, call: CallRecord, withTranscript: boolean): Record<string, unknown> => {
  const contact = contactByNumber(store, call.contactNumber)
  return {
    id: call.itemId,
    type: "CALL",
    direction: call.direction,
    allo_number: call.alloNumber,
    contact_number: call.contactNumber,
    contacts: contact === undefined ? [] : [v2ContactRef(contact)],
    user: userRef(store.users.find((u) => u.id === call.userId)),
    date: v2Date(call.startMs),
    duration: call.durationSeconds,
    result: v1ToV2Result(call.result),
    recording_url: call.recordingUrl,
    summary: call.summary,
    tags: call.tags,
    transcript: withTranscript && call.transcript !== null
      ? call.transcript.map((line) => ({
        source: line.source === "AGENT" ? "USER" : line.source,
        time: v2Date(call.startMs + line.startSeconds * 1000),
        text: line.text
      }))
      : null,
    content: null,
    status: null,
    message_type: null
  }
}

/** v2 `ConversationItem` of a text message. */
export const v2MessageItem = (store: Store, message: MessageRecord): Record<string, unknown> => {
  const contact = contactByNumber(store, message.contactNumber)
  return {
    id: message.itemId,
    type: "SMS",
    direction: message.direction,
    allo_number: message.alloNumber,
    contact_number: message.contactNumber,
    contacts: contact === undefined ? [] : [v2ContactRef(contact)],
    user: userRef(store.users.find((u) => u.id === message.userId)),
    date: v2Date(message.startMs),
    duration: null,
    result: null,
    recording_url: null,
    summary: null,
    tags: null,
    transcript: null,
    content: message.content,
    status: message.status,
    message_type: message.messageType
  }
}

/** v1 number (`/v1/api/numbers`). */
export const v1Number = (n: NumberRecord): Record<string, unknown> => ({
  number: n.number,
  name: n.name,
  country: n.country,
  is_shared_number: n.isShared
})

/** v2 number (`/v2/api/numbers`). */
export const v2Number = (store: Store, n: NumberRecord): Record<string, unknown> => ({
  number: n.number,
  name: n.name,
  country: n.country,
  type: n.type,
  capabilities: n.capabilities,
  users: n.userIds.flatMap((id) => {
    const ref = userRef(store.users.find((u) => u.id === id))
    return ref === null ? [] : [ref]
  })
})

/** v2 user. */
export const v2User = (user: UserRecord): Record<string, unknown> => ({
  id: user.id,
  name: user.name,
  email: user.email,
  role: user.role,
  status: user.status,
  image_url: user.imageUrl
})

/** v2 webhook endpoint; the secret only on create and get-by-id. */
export const v2Endpoint = (endpoint: WebhookEndpointRecord, withSecret: boolean): Record<string, unknown> => ({
  id: endpoint.id,
  url: endpoint.url,
  topics: endpoint.topics,
  description: endpoint.description,
  enabled: endpoint.enabled,
  ...(withSecret ? { signing_secret: endpoint.signingSecret } : {}),
  created_at: v2Date(endpoint.createdMs)
})
