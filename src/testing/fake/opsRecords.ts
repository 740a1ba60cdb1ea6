/**
 * Records of the fake's account features: summary templates, Power Dialer
 * queues and partner accounts. Like `records.ts`, one record per thing Allo
 * keeps; `opsViews` in each route file renders Allo's JSON from them.
 *
 * @since 0.2.0
 */

/** One section of a summary template. */
export interface TemplateSectionRecord {
  readonly title: string
  readonly instructions: string
  readonly order: number
}

/** A call summary template (`tst-…`); deleting one only deactivates it. */
export interface SummaryTemplateRecord {
  readonly id: string
  readonly name: string
  readonly callContext: string | null
  readonly icon: string | null
  readonly sections: ReadonlyArray<TemplateSectionRecord>
  readonly createdMs: number
  readonly updatedMs: number
  readonly active: boolean
}

/** One entry of a dialing queue. */
export interface QueueEntryRecord {
  /** Normalised to E.164. */
  readonly numberTo: string
  readonly createdMs: number
  readonly updatedMs: number
  /** When the dialer started calling it; `null` while unassigned. */
  readonly callStartMs: number | null
  readonly callId: string | null
  readonly routingResult: string | null
  readonly syncStatus: "NOT_SYNCED" | "PROCESSING" | "SYNCED"
}

/** A Power Dialer queue (`pdl_…`); the newest one per assignee is its current queue. */
export interface DialingQueueRecord {
  readonly id: string
  name: string | null
  readonly creatorId: string
  readonly assigneeId: string
  voicemailHandling: "SKIP" | "NO_SKIP"
  doNotDisturb: "ENABLED" | "DISABLED"
  /** In position order: an entry's position is its index. */
  readonly entries: Array<QueueEntryRecord>
  readonly createdMs: number
  updatedMs: number
}

/** An account a partner key provisioned. */
export interface PartnerAccountRecord {
  /** `usr_…` */
  readonly id: string
  /** Id of the partner key that created it: only that key sees it. */
  readonly ownerKeyId: string
  readonly email: string
  readonly name: string
  readonly personalMobile: string
  readonly phoneNumbers: ReadonlyArray<string>
  status: "ACTIVE" | "DEACTIVATED"
  readonly activated: boolean
  readonly partnerClientRef: string | null
  readonly createdMs: number
}
