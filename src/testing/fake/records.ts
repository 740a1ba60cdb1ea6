/**
 * The fake's canonical records and the seed a test hands it. One record per
 * thing Allo knows about; the v1 and v2 wire shapes are views of it (a call is
 * `call_<key>` on v1 and `cll-<key>` on v2), so a call tagged through v2 shows
 * its tags on v1 too.
 *
 * @since 0.1.0
 */
import type { CrmSeed } from "./crmRecords.js"

/** One transcript line. */
export interface TranscriptLine {
  readonly source: "AGENT" | "EXTERNAL" | "USER"
  readonly text: string
  readonly startSeconds: number
  readonly endSeconds: number
}

/** A call. */
export interface CallRecord {
  /** v1 id, `call_…`. */
  readonly id: string
  /** v2 item id, `cll-…`. */
  readonly itemId: string
  readonly direction: "INBOUND" | "OUTBOUND"
  readonly alloNumber: string
  readonly contactNumber: string
  readonly startMs: number
  readonly durationSeconds: number
  /** The v1 result (`ANSWERED`, `VOICEMAIL`, `MISSED`, `TRANSFERRED_AI`, …). */
  readonly result: string
  readonly summary: string | null
  readonly tag: string | null
  readonly tags: ReadonlyArray<string>
  readonly recordingUrl: string | null
  readonly transcript: ReadonlyArray<TranscriptLine> | null
  readonly userId: string | null
}

/** A text message (sent through the API or seeded). */
export interface MessageRecord {
  /** v2 item id, `msg-…`. */
  readonly itemId: string
  readonly direction: "INBOUND" | "OUTBOUND"
  /** `null` when sent from a sender id. */
  readonly alloNumber: string | null
  readonly senderId: string | null
  readonly contactNumber: string
  readonly content: string
  readonly startMs: number
  readonly status: "PENDING" | "SENT" | "DELIVERED" | "FAILED"
  readonly messageType: "SMS" | "MMS" | "WHATSAPP"
  readonly userId: string | null
}

/** A contact. */
export interface ContactRecord {
  /** v1 id, `cnt_…`; v2 uses `cnt-…` with the same key. */
  readonly id: string
  readonly name: string | null
  readonly lastName: string | null
  readonly company: { readonly id: string | null; readonly name: string | null } | null
  readonly jobTitle: string | null
  readonly website: string | null
  readonly status: string | null
  readonly isArchived: boolean
  readonly createdMs: number
  readonly updatedMs: number
  readonly numbers: ReadonlyArray<string>
  readonly emails: ReadonlyArray<string>
  readonly isWhitelisted: boolean
  readonly engagement: "ENGAGED" | "COOLING" | "COLD" | null
  readonly integrationData: Readonly<Record<string, unknown>>
  readonly customProperties: Readonly<Record<string, unknown>> | null
}

/** A phone number or a sender id. */
export interface NumberRecord {
  /** `null` for a sender id. */
  readonly number: string | null
  readonly name: string | null
  /** ISO alpha-2. */
  readonly country: string | null
  readonly type: "NUMBER" | "SENDER_ID"
  readonly capabilities: ReadonlyArray<"VOICE" | "SMS" | "MMS">
  readonly isShared: boolean
  readonly userIds: ReadonlyArray<string>
}

/** A team member. */
export interface UserRecord {
  readonly id: string
  readonly name: string
  readonly email: string
  readonly role: "ADMIN" | "MANAGER" | "MEMBER"
  readonly status: "ACTIVE" | "BLOCKED"
  readonly imageUrl: string | null
}

/** A tag of the workspace catalog. */
export interface TagRecord {
  readonly id: string
  readonly name: string
  readonly color: string | null
}

/** A legacy v1 webhook (one per number and URL). */
export interface WebhookV1Record {
  readonly id: string
  readonly alloNumber: string
  readonly url: string
  readonly topics: ReadonlyArray<string>
  readonly enabled: boolean
}

/** A v2 webhook endpoint. */
export interface WebhookEndpointRecord {
  readonly id: string
  readonly url: string
  readonly topics: ReadonlyArray<string>
  readonly description: string | null
  readonly enabled: boolean
  readonly signingSecret: string
  readonly createdMs: number
}

/** An SMS accepted by `POST /v1/api/sms`, in the response's own shape. */
export interface SentSms {
  readonly from_number: string | null
  readonly sender_id: string | null
  readonly to_number: string
  readonly type: "OUTBOUND"
  readonly content: string
  readonly start_date: string
}

/** An explicit call for the seed; Allo's v1 field names, everything optional. */
export interface SeedCall {
  readonly id?: string
  readonly item_id?: string
  readonly type?: "INBOUND" | "OUTBOUND"
  readonly from_number?: string
  readonly to_number?: string
  /** Which side is yours; inferred from the seeded numbers when absent. */
  readonly allo_number?: string
  readonly result?: string
  readonly length_in_minutes?: number
  readonly summary?: string | null
  readonly tag?: string | null
  readonly tags?: ReadonlyArray<string>
  readonly recording_url?: string | null
  /** ISO date-time; a zone-less value is read as UTC. */
  readonly start_date?: string
  readonly transcript?: ReadonlyArray<{ readonly source: "AGENT" | "EXTERNAL" | "USER"; readonly text: string; readonly start_seconds?: number; readonly end_seconds?: number }> | null
  readonly user_id?: string | null
}

/** An explicit text message for the seed. */
export interface SeedMessage {
  readonly id?: string
  readonly direction?: "INBOUND" | "OUTBOUND"
  readonly allo_number?: string
  readonly contact_number: string
  readonly content: string
  readonly date?: string
  readonly status?: MessageRecord["status"]
}

/** An explicit contact for the seed. */
export interface SeedContact {
  readonly id?: string
  readonly name?: string | null
  readonly last_name?: string | null
  readonly numbers: ReadonlyArray<string>
  readonly emails?: ReadonlyArray<string>
  readonly company?: { readonly id?: string | null; readonly name?: string | null } | null
  readonly job_title?: string | null
  readonly website?: string | null
  readonly engagement?: "ENGAGED" | "COOLING" | "COLD" | null
  readonly created_at?: string
  readonly integration_data?: Readonly<Record<string, unknown>>
  readonly custom_properties?: Readonly<Record<string, unknown>> | null
}

/** An explicit number (or sender id) for the seed; a bare string is a US-style voice+SMS number. */
export interface SeedNumber {
  readonly number?: string | null
  readonly name?: string | null
  readonly country?: string | null
  readonly type?: "NUMBER" | "SENDER_ID"
  readonly capabilities?: ReadonlyArray<"VOICE" | "SMS" | "MMS">
  readonly is_shared_number?: boolean
  readonly user_ids?: ReadonlyArray<string>
}

/**
 * What a fake starts with. Counts generate deterministic, realistic records
 * (same `seed` → same data); arrays are taken as given. Omitted parts get a
 * small default workspace (two numbers, a sender id, two users, two tags,
 * and a CRM of three companies, four people and four deals when the seed
 * names none of `companies`, `people`, `deals`).
 */
export interface Seed extends CrmSeed {
  /** PRNG seed (default 1). */
  readonly seed?: number
  /** The newest generated call is just before this instant (default `2026-01-01T00:00:00Z`). */
  readonly now?: string | number
  readonly numbers?: ReadonlyArray<string | SeedNumber>
  readonly users?: ReadonlyArray<Partial<UserRecord> & { readonly id: string }>
  readonly tags?: ReadonlyArray<Partial<TagRecord> & { readonly name: string }>
  readonly contacts?: number | ReadonlyArray<SeedContact>
  /** A count is generated lazily: 200,000 calls cost a few bytes until read. */
  readonly calls?: number | ReadonlyArray<SeedCall>
  readonly messages?: number | ReadonlyArray<SeedMessage>
  /** Extra API keys and their scopes (`ak_test_fake` with every scope always exists). */
  readonly apiKeys?: ReadonlyArray<{ readonly key: string; readonly scopes: ReadonlyArray<string> }>
}
