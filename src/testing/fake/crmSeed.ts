/**
 * The CRM part of a seed: explicit people, companies and deals as given,
 * counts as deterministic generated ones, and a small default CRM (the ids of
 * Allo's own examples) when the seed says nothing about the CRM.
 *
 * @since 0.2.0
 */
import type { CompanyRecord, CrmSeed, DealRecord, PersonRecord, SeedCompany, SeedDeal, SeedPerson } from "./crmRecords.js"
import { hash32, Rng } from "./prng.js"
import { nextSerial, type Store } from "./store.js"

const DAY_MS = 86_400_000

const COMPANY_NAMES = ["Acme Corp", "Globex", "Initech", "Umbrella, Inc.", "Stark Industries", "Wayne Enterprises", "Hooli", "Pied Piper", "Vandelay Industries", "Soylent", "Cyberdyne Systems", "Tyrell Corp"]
const INDUSTRIES = ["Technology", "Manufacturing", "Software", "Healthcare", "Retail", "Logistics", null]
const FIRST = ["Sarah", "John", "Marie", "Alex", "Jordan", "Camille", "Lucas", "Emma", "Noah", "Chloé", "Liam", "Olivia", "Hugo", "Mia"]
const LAST = ["Johnson", "Doe", "Martin", "Kim", "Lee", "Dubois", "O'Brien", "Smith", "García", "Nguyen", "Bernard"]
const JOBS = ["CEO", "CTO", "VP Sales", "Office Manager", "Founder", "Engineer", "Buyer", null]
const DEAL_NAMES = ["Enterprise Plan", "Pro Plan", "Pilot", "Renewal", "Support add-on", "Expansion", "Onboarding package"]
/** Stages as a workspace names them; `won` and `lost` are closed. */
export const STAGES = ["lead", "qualified", "proposal", "negotiation", "won", "lost"] as const

/** Parses an ISO date-time; zone-less values are UTC. */
const parseMs = (value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`)
  return Number.isNaN(ms) ? fallback : ms
}

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]/g, "")

/** Seconds-rounded instant `days` (plus up to a day) before `anchorMs`. */
const before = (anchorMs: number, rng: Rng, days: number): number =>
  Math.floor((anchorMs - days * DAY_MS - rng.int(DAY_MS)) / 1000) * 1000

/** Up to `days` after `fromMs`, and before `anchorMs`: generated history never lies in the future. */
const later = (fromMs: number, anchorMs: number, rng: Rng, days: number): number =>
  fromMs + Math.floor((rng.next() * Math.max(0, Math.min(days * DAY_MS, anchorMs - 1000 - fromMs))) / 1000) * 1000

const DEFAULT_COMPANIES: ReadonlyArray<SeedCompany> = [
  { id: "com-xyz789", name: "Acme Corp", website: "https://acme.com", industry: "Technology", created_at: "2025-09-01T09:00:00Z" },
  { id: "com-glb001", name: "Globex", website: "https://globex.com", industry: "Manufacturing", created_at: "2025-10-12T14:00:00Z" },
  { id: "com-ini002", name: "Initech", website: null, industry: "Software", created_at: "2025-11-20T10:30:00Z" }
]

const DEFAULT_PEOPLE: ReadonlyArray<SeedPerson> = [
  { id: "per-abc123", name: "John", last_name: "Doe", job_title: "CEO", website: "https://example.com", address: "123 Main St", numbers: ["+33612345679"], emails: ["john@example.com"], company_id: "com-xyz789", created_at: "2025-09-02T09:00:00Z" },
  { id: "per-def456", name: "Sarah", last_name: "Johnson", job_title: "VP Sales", numbers: ["+14155550111"], emails: ["sarah@acme.com"], company_id: "com-xyz789", created_at: "2025-09-15T11:00:00Z" },
  { id: "per-ghi789", name: "Marie", last_name: "Dubois", job_title: "CTO", numbers: ["+33698765432"], emails: ["marie@globex.com"], company_id: "com-glb001", created_at: "2025-10-13T08:45:00Z" },
  { id: "per-jkl012", name: "Alex", last_name: "Kim", job_title: "Office Manager", numbers: ["+14155550122"], company_id: null, created_at: "2025-12-01T16:20:00Z" }
]

const DEFAULT_DEALS: ReadonlyArray<SeedDeal> = [
  { id: "dea-def456", name: "Enterprise Plan", status: "negotiation", amount: 50000, currency: "USD", company_id: "com-xyz789", created_at: "2025-10-15T14:00:00Z" },
  { id: "dea-ghi789", name: "Support add-on", status: "proposal", amount: 4800, currency: "USD", company_id: "com-xyz789", created_at: "2025-11-03T10:00:00Z" },
  { id: "dea-jkl012", name: "Pilot", status: "won", amount: 12000, currency: "EUR", closed_at: "2025-12-10T12:00:00Z", company_id: "com-glb001", created_at: "2025-10-20T09:00:00Z" },
  { id: "dea-mno345", name: "Renewal", status: "lost", amount: 3000, currency: "EUR", closed_at: "2025-12-18T17:00:00Z", company_id: "com-ini002", created_at: "2025-11-25T15:30:00Z" }
]

const mintId = (store: Store, prefix: string, salt: number): string =>
  `${prefix}-${new Rng(hash32(store.seed, salt, store.serial)).alnum(6)}${nextSerial(store)}`

const toCompany = (store: Store, c: SeedCompany): CompanyRecord => {
  const createdMs = parseMs(c.created_at, store.anchorMs)
  return {
    id: c.id ?? mintId(store, "com", 51),
    name: c.name,
    website: c.website ?? null,
    industry: c.industry ?? null,
    createdMs,
    updatedMs: parseMs(c.updated_at, createdMs)
  }
}

const toPerson = (store: Store, p: SeedPerson): PersonRecord => {
  const createdMs = parseMs(p.created_at, store.anchorMs)
  return {
    id: p.id ?? mintId(store, "per", 52),
    name: p.name ?? null,
    lastName: p.last_name ?? null,
    jobTitle: p.job_title ?? null,
    website: p.website ?? null,
    address: p.address ?? null,
    numbers: p.numbers,
    emails: p.emails ?? [],
    companyId: p.company_id ?? null,
    createdMs,
    updatedMs: parseMs(p.updated_at, createdMs)
  }
}

const toDeal = (store: Store, d: SeedDeal): DealRecord => {
  const createdMs = parseMs(d.created_at, store.anchorMs)
  return {
    id: d.id ?? mintId(store, "dea", 53),
    name: d.name,
    status: d.status ?? null,
    amount: d.amount ?? null,
    currency: d.currency ?? null,
    closedAt: d.closed_at ?? null,
    companyId: d.company_id ?? null,
    createdMs,
    updatedMs: parseMs(d.updated_at, createdMs)
  }
}

const serial = (i: number): string => i.toString(36).padStart(6, "0")

const generateCompany = (seed: number, i: number, anchorMs: number): CompanyRecord => {
  const rng = new Rng(hash32(seed, 61, i))
  const base = COMPANY_NAMES[i % COMPANY_NAMES.length] ?? "Acme Corp"
  const name = i < COMPANY_NAMES.length ? base : `${base} ${Math.floor(i / COMPANY_NAMES.length) + 1}`
  const createdMs = before(anchorMs, rng, 30 + i)
  return {
    id: `com-${rng.alnum(6)}${serial(i)}`,
    name,
    website: rng.chance(0.85) ? `https://${slug(name)}.com` : null,
    industry: rng.pick(INDUSTRIES, null),
    createdMs,
    updatedMs: later(createdMs, anchorMs, rng, 20)
  }
}

const generatePerson = (store: Store, i: number, number: string): PersonRecord => {
  const rng = new Rng(hash32(store.seed, 62, i))
  const name = rng.pick(FIRST, "Sam")
  const lastName = rng.pick(LAST, "Doe")
  const company = rng.chance(0.75) ? rng.pick(store.companies, undefined) : undefined
  const createdMs = before(store.anchorMs, rng, 1 + (i % 300))
  return {
    id: `per-${rng.alnum(6)}${serial(i)}`,
    name,
    lastName: rng.chance(0.95) ? lastName : null,
    jobTitle: rng.pick(JOBS, null),
    website: null,
    address: rng.chance(0.3) ? `${rng.range(1, 999)} Market St` : null,
    numbers: [number],
    emails: rng.chance(0.8) ? [`${slug(name + lastName)}${i}@${company === undefined ? "example.com" : `${slug(company.name)}.com`}`] : [],
    companyId: company?.id ?? null,
    createdMs,
    updatedMs: later(createdMs, store.anchorMs, rng, 10)
  }
}

const generateDeal = (store: Store, i: number): DealRecord => {
  const rng = new Rng(hash32(store.seed, 63, i))
  const status = rng.pick(STAGES, "lead")
  const createdMs = before(store.anchorMs, rng, 1 + (i % 200))
  const closed = status === "won" || status === "lost"
  return {
    id: `dea-${rng.alnum(6)}${serial(i)}`,
    name: rng.pick(DEAL_NAMES, "Pro Plan"),
    status,
    amount: rng.range(10, 900) * 100,
    currency: rng.chance(0.6) ? "USD" : "EUR",
    closedAt: closed ? new Date(later(createdMs, store.anchorMs, rng, 60)).toISOString().slice(0, 19) + "Z" : null,
    companyId: rng.pick(store.companies, undefined)?.id ?? null,
    createdMs,
    updatedMs: later(createdMs, store.anchorMs, rng, 30)
  }
}

/** Adds the CRM part of a seed to the store. */
export const applyCrmSeed = (store: Store, seed: CrmSeed): void => {
  const silent = seed.companies === undefined && seed.people === undefined && seed.deals === undefined
  const empty = store.people.length === 0 && store.companies.length === 0 && store.deals.length === 0
  const { companies, deals, people } = silent && empty
    ? { companies: DEFAULT_COMPANIES, people: DEFAULT_PEOPLE, deals: DEFAULT_DEALS }
    : seed
  if (typeof companies === "number") {
    const start = store.companies.length
    for (let i = 0; i < companies; i++) store.companies.push(generateCompany(store.seed, start + i, store.anchorMs))
  } else if (companies !== undefined) {
    store.companies.push(...companies.map((c) => toCompany(store, c)))
  }
  if (typeof people === "number") {
    const taken = new Set(store.people.flatMap((p) => p.numbers))
    const free = store.contacts.flatMap((c) => c.numbers.slice(0, 1)).filter((n) => !taken.has(n))
    const start = store.people.length
    for (let i = 0; i < people; i++) {
      // Past the contacts' numbers: a US number unique per index (area code, then the index).
      const number = free[i] ?? `+1${200 + (hash32(store.seed, 64, start + i) % 780)}${String(start + i).padStart(7, "0")}`
      store.people.push(generatePerson(store, start + i, number))
    }
  } else if (people !== undefined) {
    store.people.push(...people.map((p) => toPerson(store, p)))
  }
  if (typeof deals === "number") {
    const start = store.deals.length
    for (let i = 0; i < deals; i++) store.deals.push(generateDeal(store, start + i))
  } else if (deals !== undefined) {
    store.deals.push(...deals.map((d) => toDeal(store, d)))
  }
}
