/**
 * The fake's CRM records (people, companies, deals) and the seed entries a
 * test describes them with. Allo's wire shapes (`CrmPerson`, …) are views of
 * these, computed per request with the interactions the calls and texts give.
 *
 * @since 0.2.0
 */

/** A CRM company. */
export interface CompanyRecord {
  /** `com-…` */
  readonly id: string
  readonly name: string
  readonly website: string | null
  readonly industry: string | null
  readonly createdMs: number
  readonly updatedMs: number
}

/** A CRM person. */
export interface PersonRecord {
  /** `per-…` */
  readonly id: string
  readonly name: string | null
  readonly lastName: string | null
  readonly jobTitle: string | null
  readonly website: string | null
  readonly address: string | null
  /** E.164; at least one. */
  readonly numbers: ReadonlyArray<string>
  readonly emails: ReadonlyArray<string>
  readonly companyId: string | null
  readonly createdMs: number
  readonly updatedMs: number
}

/** A CRM deal. */
export interface DealRecord {
  /** `dea-…` */
  readonly id: string
  readonly name: string
  /** The stage, free text (`negotiation`, `won`, …). */
  readonly status: string | null
  readonly amount: number | null
  readonly currency: string | null
  /** ISO 8601 as the client sent it. */
  readonly closedAt: string | null
  readonly companyId: string | null
  readonly createdMs: number
  readonly updatedMs: number
}

/** An explicit company for the seed; Allo's field names. */
export interface SeedCompany {
  readonly id?: string
  readonly name: string
  readonly website?: string | null
  readonly industry?: string | null
  /** ISO date-time; a zone-less value is read as UTC. */
  readonly created_at?: string
  readonly updated_at?: string
}

/** An explicit person for the seed; Allo's field names (`company_id` links a seeded company). */
export interface SeedPerson {
  readonly id?: string
  readonly name?: string | null
  readonly last_name?: string | null
  readonly job_title?: string | null
  readonly website?: string | null
  readonly address?: string | null
  readonly numbers: ReadonlyArray<string>
  readonly emails?: ReadonlyArray<string>
  readonly company_id?: string | null
  readonly created_at?: string
  readonly updated_at?: string
}

/** An explicit deal for the seed; Allo's field names. */
export interface SeedDeal {
  readonly id?: string
  readonly name: string
  readonly status?: string | null
  readonly amount?: number | null
  readonly currency?: string | null
  readonly closed_at?: string | null
  readonly company_id?: string | null
  readonly created_at?: string
  readonly updated_at?: string
}

/** The CRM part of a seed: counts generate deterministic records, arrays are taken as given. */
export interface CrmSeed {
  /** Generated companies are made first, so generated people and deals link to them. */
  readonly companies?: number | ReadonlyArray<SeedCompany>
  /** Generated people take the seeded contacts' numbers first (so they have interactions). */
  readonly people?: number | ReadonlyArray<SeedPerson>
  readonly deals?: number | ReadonlyArray<SeedDeal>
}
