/**
 * CRM records → Allo's `CrmPerson`, `CrmCompany` and `CrmDeal`, with the
 * interactions (calls and texts with a person's numbers) computed from the
 * seeded history, and the search semantics of the spec: named filters
 * combined with AND ("contains", case-insensitive, unless exact), free text,
 * and the six sort orders.
 *
 * What the spec leaves open, and the fake's reading of it: `DATE_*` sorts by
 * last activity (a record with none by its last update; deals by their last
 * update), `NAME_*` case-insensitively by the full name, every order breaks
 * ties by id so pages never overlap; a person "has a deal in a stage" when
 * their company has one (deals link to companies only).
 *
 * @since 0.2.0
 */
import { blockContactNumber, blockStartMs } from "./generate.js"
import type { CompanyRecord, DealRecord, PersonRecord } from "./crmRecords.js"
import type { Store } from "./store.js"
import { v2Date } from "./views.js"

/** Calls and texts with one number: how many, and the latest. */
interface Activity {
  count: number
  latestMs: number
}

const activityCache = new WeakMap<Store, { readonly version: number; readonly byNumber: Map<string, Activity> }>()

/** Interactions per counterpart number (one pass over the history per state version). */
const activityByNumber = (store: Store): Map<string, Activity> => {
  const cached = activityCache.get(store)
  if (cached !== undefined && cached.version === store.version) return cached.byNumber
  const byNumber = new Map<string, Activity>()
  const see = (number: string, ms: number) => {
    const a = byNumber.get(number)
    if (a === undefined) byNumber.set(number, { count: 1, latestMs: ms })
    else {
      a.count++
      if (ms > a.latestMs) a.latestMs = ms
    }
  }
  for (const call of store.explicitCalls) see(call.contactNumber, call.startMs)
  for (const block of store.blocks) {
    for (let i = 0; i < block.size; i++) see(blockContactNumber(block, i), blockStartMs(block, i))
  }
  for (const m of store.messages) see(m.contactNumber, m.startMs)
  activityCache.set(store, { version: store.version, byNumber })
  return byNumber
}

/** A person's interactions and latest activity. */
const personActivity = (store: Store, person: PersonRecord): { readonly count: number; readonly latestMs: number | null } => {
  const byNumber = activityByNumber(store)
  let count = 0
  let latestMs: number | null = null
  for (const number of person.numbers) {
    const a = byNumber.get(number)
    if (a === undefined) continue
    count += a.count
    if (latestMs === null || a.latestMs > latestMs) latestMs = a.latestMs
  }
  return { count, latestMs }
}

/** Per company: people, interactions and latest activity across them. */
export interface CompanyStats {
  people: number
  interactions: number
  latestMs: number | null
}

export const companyStats = (store: Store): Map<string, CompanyStats> => {
  const stats = new Map<string, CompanyStats>()
  for (const person of store.people) {
    if (person.companyId === null) continue
    const s = stats.get(person.companyId) ?? { people: 0, interactions: 0, latestMs: null }
    const a = personActivity(store, person)
    s.people++
    s.interactions += a.count
    if (a.latestMs !== null && (s.latestMs === null || a.latestMs > s.latestMs)) s.latestMs = a.latestMs
    stats.set(person.companyId, s)
  }
  return stats
}

const indexCache = new WeakMap<Store, { readonly version: number; readonly byId: Map<string, CompanyRecord> }>()

/** Companies by id (rebuilt once per state version). */
export const companyById = (store: Store, id: string | null): CompanyRecord | undefined => {
  if (id === null) return undefined
  let cached = indexCache.get(store)
  if (cached === undefined || cached.version !== store.version) {
    cached = { version: store.version, byId: new Map(store.companies.map((c) => [c.id, c])) }
    indexCache.set(store, cached)
  }
  return cached.byId.get(id)
}

const companyRef = (store: Store, id: string | null): Record<string, unknown> | null => {
  const company = companyById(store, id)
  return company === undefined ? null : { id: company.id, name: company.name }
}

/** `CrmPerson`. */
export const personView = (store: Store, person: PersonRecord): Record<string, unknown> => {
  const a = personActivity(store, person)
  return {
    id: person.id,
    name: person.name,
    last_name: person.lastName,
    job_title: person.jobTitle,
    website: person.website,
    address: person.address,
    numbers: person.numbers,
    emails: person.emails,
    company: companyRef(store, person.companyId),
    interactions: a.count,
    last_activity_at: a.latestMs === null ? null : v2Date(a.latestMs),
    created_at: v2Date(person.createdMs),
    updated_at: v2Date(person.updatedMs)
  }
}

/** `CrmCompany`; `stats` from one pass when listing many. */
export const companyView = (store: Store, company: CompanyRecord, stats = companyStats(store)): Record<string, unknown> => {
  const s = stats.get(company.id)
  return {
    id: company.id,
    name: company.name,
    website: company.website,
    industry: company.industry,
    person_count: s?.people ?? 0,
    interactions: s?.interactions ?? 0,
    last_activity_at: s?.latestMs == null ? null : v2Date(s.latestMs),
    created_at: v2Date(company.createdMs),
    updated_at: v2Date(company.updatedMs)
  }
}

/** `CrmDeal`. */
export const dealView = (store: Store, deal: DealRecord): Record<string, unknown> => ({
  id: deal.id,
  name: deal.name,
  status: deal.status,
  amount: deal.amount,
  currency: deal.currency,
  closed_at: deal.closedAt,
  company: companyRef(store, deal.companyId),
  created_at: v2Date(deal.createdMs),
  updated_at: v2Date(deal.updatedMs)
})

const contains = (haystack: string | null | undefined, needle: string): boolean =>
  haystack != null && haystack.toLowerCase().includes(needle.toLowerCase())

const fullName = (p: PersonRecord): string => [p.name, p.lastName].filter((x) => x !== null).join(" ")

/** The filters and free text of one search, already validated. */
export interface Query {
  readonly filters: Readonly<Record<string, string>>
  readonly search: string | undefined
  readonly sort: string
}

const companyName = (store: Store, id: string | null): string | null => companyById(store, id)?.name ?? null

/** The people matching a query, sorted. */
export const findPeople = (store: Store, q: Query): ReadonlyArray<PersonRecord> => {
  const f = q.filters
  const stages = f.deal_status === undefined ? undefined : new Set(
    store.deals.filter((d) => d.status === f.deal_status && d.companyId !== null).map((d) => d.companyId)
  )
  const rows = store.people.filter((p) => {
    const company = companyName(store, p.companyId)
    if (f.name !== undefined && !contains(p.name, f.name)) return false
    if (f.last_name !== undefined && !contains(p.lastName, f.last_name)) return false
    if (f.job_title !== undefined && !contains(p.jobTitle, f.job_title)) return false
    if (f.website !== undefined && !contains(p.website, f.website)) return false
    if (f.company !== undefined && !contains(company, f.company)) return false
    if (f.phone_number !== undefined && !p.numbers.includes(f.phone_number)) return false
    if (f.email !== undefined && !p.emails.some((e) => contains(e, f.email ?? ""))) return false
    if (stages !== undefined && (p.companyId === null || !stages.has(p.companyId))) return false
    if (q.search === undefined) return true
    const text = q.search
    return contains(fullName(p), text) || p.emails.some((e) => contains(e, text)) ||
      p.numbers.some((n) => n.includes(text)) || contains(company, text)
  })
  return sortBy(rows, q.sort, {
    date: (p) => personActivity(store, p).latestMs ?? p.updatedMs,
    name: fullName
  })
}

/** The companies matching a query, sorted. */
export const findCompanies = (store: Store, q: Query, stats: Map<string, CompanyStats>): ReadonlyArray<CompanyRecord> => {
  const f = q.filters
  const rows = store.companies.filter((c) =>
    (f.name === undefined || contains(c.name, f.name)) &&
    (f.website === undefined || contains(c.website, f.website)) &&
    (f.industry === undefined || contains(c.industry, f.industry))
  )
  return sortBy(rows, q.sort, { date: (c) => stats.get(c.id)?.latestMs ?? c.updatedMs, name: (c) => c.name })
}

/** The deals matching a query, sorted. */
export const findDeals = (store: Store, q: Query): ReadonlyArray<DealRecord> => {
  const stage = q.filters.stage
  const rows = store.deals.filter((d) =>
    (stage === undefined || d.status === stage) &&
    (q.search === undefined || contains(d.name, q.search) || contains(companyName(store, d.companyId), q.search))
  )
  return sortBy(rows, q.sort, { date: (d) => d.updatedMs, name: (d) => d.name })
}

/** Sorts by one of the spec's orders; ties by id, so a page boundary is stable. */
const sortBy = <R extends { readonly id: string; readonly createdMs: number }>(
  rows: ReadonlyArray<R>,
  sort: string,
  keys: { readonly date: (r: R) => number; readonly name: (r: R) => string }
): ReadonlyArray<R> => {
  const desc = sort.endsWith("_DESC")
  const keyed = rows.map((row) => ({
    row,
    key: sort.startsWith("NAME") ? keys.name(row).toLowerCase() : sort.startsWith("CREATED") ? row.createdMs : keys.date(row)
  }))
  keyed.sort((a, b) => {
    const c = typeof a.key === "number" && typeof b.key === "number"
      ? a.key - b.key
      : String(a.key).localeCompare(String(b.key), "en")
    if (c !== 0) return desc ? -c : c
    return a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0
  })
  return keyed.map((k) => k.row)
}
