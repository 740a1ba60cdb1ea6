/**
 * The CRM routes (`/v2/api/crm/people|companies|deals`): create, get, update,
 * search, and delete for deals, over the store's CRM records, with the
 * spec's statuses (person create 200, company and deal create 201, deal
 * delete 204), 422 for invalid bodies (the spec files CRM validation under
 * 422, where other v2 routes answer 400), 404 for unknown ids, 409
 * `NUMBER_ALREADY_ASSIGNED` when a new person's number belongs to another.
 * The not-found codes are not documented; `PERSON_NOT_FOUND`,
 * `COMPANY_NOT_FOUND` and `DEAL_NOT_FOUND` are inferred.
 *
 * @since 0.2.0
 */
import { asObject, type Ctx, isReply, pageParams, type Route, v2Pagination } from "./context.js"
import { invalid, type Reader, withBody } from "./crmBody.js"
import type { CompanyRecord, DealRecord, PersonRecord } from "./crmRecords.js"
import { companyById, companyStats, companyView, dealView, findCompanies, findDeals, findPeople, personView, type Query } from "./crmViews.js"
import { ok, type Reply, v2Error } from "./errors.js"
import { hash32, Rng } from "./prng.js"
import { nextSerial, touch } from "./store.js"

/** Checks a `company_id` given in a body: it must name a company. */
const checkCompany = (ctx: Ctx, r: Reader, id: string | null | undefined): void => {
  if (typeof id === "string" && companyById(ctx.store, id) === undefined) {
    r.bad("company_id", `No company found with ID '${id}'.`, "INVALID_COMPANY_ID")
  }
}

const SORTS = ["DATE_DESC", "DATE_ASC", "NAME_ASC", "NAME_DESC", "CREATED_DESC", "CREATED_ASC"]

/** Reads a `Search*Request` (filters of `allowed` names with string values, free text, sort, page, size) and answers a page of it. */
const searchRoute = <R>(
  allowed: ReadonlyArray<string>,
  freeText: boolean,
  rows: (ctx: Ctx, query: Query) => { readonly rows: ReadonlyArray<R>; readonly view: (row: R) => unknown }
) =>
(ctx: Ctx): Reply =>
  withBody(ctx, (r, body) => {
    const filters: Record<string, string> = {}
    if (body.filters !== undefined && body.filters !== null) {
      const f = asObject(body.filters)
      if (f === undefined) r.bad("filters", "filters must be an object.")
      for (const key of allowed) {
        const v = f?.[key]
        if (typeof v === "string") filters[key] = v
        else if (v !== undefined && v !== null) r.bad(`filters.${key}`, `filters.${key} must be a string.`)
      }
    }
    const search = freeText ? r.text("search") : undefined
    const sort = r.text("sort") ?? "DATE_DESC"
    if (!SORTS.includes(sort)) r.bad("sort", `sort must be one of ${SORTS.join(", ")}.`)
    if (r.errors.length > 0) return invalid(r.errors)
    const page = pageParams("v2", body.page, body.size)
    if (isReply(page)) return { ...page, status: 422 }
    const found = rows(ctx, { filters, search: search === null || search === "" ? undefined : search, sort })
    return {
      status: 200,
      body: {
        data: found.rows.slice((page.page - 1) * page.size, page.page * page.size).map(found.view),
        pagination: v2Pagination(page, found.rows.length)
      }
    }
  })

const mint = (ctx: Ctx, prefix: string): string =>
  `${prefix}-${new Rng(hash32(ctx.store.seed, 71, ctx.store.serial)).alnum(6)}${nextSerial(ctx.store)}`

/** `null` clears a clearable field; absence keeps it. */
const patch = <A>(next: A | null | undefined, current: A | null): A | null => (next === undefined ? current : next)

/** Finds the record the path names, or answers 404. */
const byId = <R extends { readonly id: string }>(
  find: (ctx: Ctx, id: string) => R | undefined,
  code: string,
  what: string,
  handle: (ctx: Ctx, record: R) => Reply
) =>
(ctx: Ctx): Reply => {
  const id = ctx.params.id ?? ""
  const record = find(ctx, id)
  return record === undefined ? v2Error(404, code, `No ${what} found with ID '${id}'.`, { param: "id" }) : handle(ctx, record)
}

const person = (handle: (ctx: Ctx, record: PersonRecord) => Reply) =>
  byId((ctx, id) => ctx.store.people.find((p) => p.id === id), "PERSON_NOT_FOUND", "person", handle)
const company = (handle: (ctx: Ctx, record: CompanyRecord) => Reply) =>
  byId((ctx, id) => companyById(ctx.store, id), "COMPANY_NOT_FOUND", "company", handle)
const deal = (handle: (ctx: Ctx, record: DealRecord) => Reply) =>
  byId((ctx, id) => ctx.store.deals.find((d) => d.id === id), "DEAL_NOT_FOUND", "deal", handle)

/** Stores a change and answers with the record's view. */
const save = <R>(ctx: Ctx, list: Array<R>, old: R | undefined, record: R, view: Reply): Reply => {
  if (old === undefined) list.push(record)
  else list[list.indexOf(old)] = record
  touch(ctx.store)
  return view
}

// --- people -------------------------------------------------------------------

const createPerson = (ctx: Ctx): Reply =>
  withBody(ctx, (r) => {
    const numbers = r.phones("numbers", true)
    const p = { name: r.text("name"), lastName: r.text("last_name"), jobTitle: r.text("job_title"), website: r.text("website"), address: r.text("address") }
    const emails = r.texts("emails")
    const companyId = r.text("company_id")
    const allowDuplicate = r.flag("allow_duplicate_number")
    checkCompany(ctx, r, companyId)
    if (r.errors.length > 0 || numbers === undefined) return invalid(r.errors)
    const taken = allowDuplicate === true ? undefined : numbers.find((n) => ctx.store.people.some((other) => other.numbers.includes(n)))
    if (taken !== undefined) {
      return v2Error(409, "NUMBER_ALREADY_ASSIGNED", `The number ${taken} is already assigned to another person.`, {
        param: "numbers",
        suggestion: "Set allow_duplicate_number to true to create the person anyway."
      })
    }
    const created: PersonRecord = {
      id: mint(ctx, "per"),
      name: p.name ?? null,
      lastName: p.lastName ?? null,
      jobTitle: p.jobTitle ?? null,
      website: p.website ?? null,
      address: p.address ?? null,
      numbers,
      emails: emails ?? [],
      companyId: companyId ?? null,
      createdMs: ctx.nowMs,
      updatedMs: ctx.nowMs
    }
    return save(ctx, ctx.store.people, undefined, created, ok(personView(ctx.store, created)))
  })

const updatePerson = person((ctx, old) =>
  withBody(ctx, (r) => {
    const numbers = r.phones("numbers", false)
    const emails = r.texts("emails")
    const companyId = r.text("company_id")
    const updated: PersonRecord = {
      ...old,
      name: patch(r.text("name"), old.name),
      lastName: patch(r.text("last_name"), old.lastName),
      jobTitle: patch(r.text("job_title"), old.jobTitle),
      website: patch(r.text("website"), old.website),
      address: patch(r.text("address"), old.address),
      numbers: numbers ?? old.numbers,
      emails: emails === undefined ? old.emails : emails ?? [],
      companyId: patch(companyId, old.companyId),
      updatedMs: ctx.nowMs
    }
    checkCompany(ctx, r, companyId)
    if (r.errors.length > 0) return invalid(r.errors)
    return save(ctx, ctx.store.people, old, updated, ok(personView(ctx.store, updated)))
  })
)

const searchPeople = searchRoute<PersonRecord>(
  ["name", "last_name", "job_title", "website", "company", "phone_number", "email", "deal_status"],
  true,
  (ctx, query) => ({ rows: findPeople(ctx.store, query), view: (p) => personView(ctx.store, p) })
)

// --- companies ----------------------------------------------------------------

const createCompany = (ctx: Ctx): Reply =>
  withBody(ctx, (r) => {
    const name = r.name("name")
    const website = r.text("website")
    const industry = r.text("industry")
    if (r.errors.length > 0 || name === undefined) return invalid(r.errors)
    const created: CompanyRecord = { id: mint(ctx, "com"), name, website: website ?? null, industry: industry ?? null, createdMs: ctx.nowMs, updatedMs: ctx.nowMs }
    return save(ctx, ctx.store.companies, undefined, created, ok(companyView(ctx.store, created), 201))
  })

const updateCompany = company((ctx, old) =>
  withBody(ctx, (r, body) => {
    // A company keeps a name: `null` leaves it as it is.
    const name = body.name === undefined || body.name === null ? undefined : r.name("name")
    const updated: CompanyRecord = {
      ...old,
      name: name ?? old.name,
      website: patch(r.text("website"), old.website),
      industry: patch(r.text("industry"), old.industry),
      updatedMs: ctx.nowMs
    }
    if (r.errors.length > 0) return invalid(r.errors)
    return save(ctx, ctx.store.companies, old, updated, ok(companyView(ctx.store, updated)))
  })
)

const searchCompanies = searchRoute<CompanyRecord>(["name", "website", "industry"], false, (ctx, query) => {
  const stats = companyStats(ctx.store)
  return { rows: findCompanies(ctx.store, query, stats), view: (c) => companyView(ctx.store, c, stats) }
})

// --- deals --------------------------------------------------------------------

const dealFields = (ctx: Ctx, r: Reader) => {
  const companyId = r.text("company_id")
  checkCompany(ctx, r, companyId)
  return { status: r.text("status"), amount: r.amount("amount"), currency: r.currency("currency"), closedAt: r.date("closed_at"), companyId }
}

const createDeal = (ctx: Ctx): Reply =>
  withBody(ctx, (r) => {
    const name = r.name("name")
    const f = dealFields(ctx, r)
    if (r.errors.length > 0 || name === undefined) return invalid(r.errors)
    const created: DealRecord = {
      id: mint(ctx, "dea"),
      name,
      status: f.status ?? null,
      amount: f.amount ?? null,
      currency: f.currency ?? null,
      closedAt: f.closedAt ?? null,
      companyId: f.companyId ?? null,
      createdMs: ctx.nowMs,
      updatedMs: ctx.nowMs
    }
    return save(ctx, ctx.store.deals, undefined, created, ok(dealView(ctx.store, created), 201))
  })

const updateDeal = deal((ctx, old) =>
  withBody(ctx, (r, body) => {
    // A deal keeps a name: `null` leaves it as it is.
    const name = body.name === undefined || body.name === null ? undefined : r.name("name")
    const f = dealFields(ctx, r)
    if (r.errors.length > 0) return invalid(r.errors)
    const updated: DealRecord = {
      ...old,
      name: name ?? old.name,
      status: patch(f.status, old.status),
      amount: patch(f.amount, old.amount),
      currency: patch(f.currency, old.currency),
      closedAt: patch(f.closedAt, old.closedAt),
      companyId: patch(f.companyId, old.companyId),
      updatedMs: ctx.nowMs
    }
    return save(ctx, ctx.store.deals, old, updated, ok(dealView(ctx.store, updated)))
  })
)

const deleteDeal = deal((ctx, old) => {
  ctx.store.deals.splice(ctx.store.deals.indexOf(old), 1)
  touch(ctx.store)
  return { status: 204 }
})

const searchDeals = searchRoute<DealRecord>(["stage"], true, (ctx, query) => ({ rows: findDeals(ctx.store, query), view: (d) => dealView(ctx.store, d) }))

/** The CRM routes with their scopes (withallo-api.md §9: CRM_READ, CRM_WRITE, CRM_DELETE). */
export const crmRoutes: ReadonlyArray<Route> = [
  { method: "POST", pattern: "/v2/api/crm/people/search", scope: "CRM_READ", handler: searchPeople },
  { method: "POST", pattern: "/v2/api/crm/people", scope: "CRM_WRITE", handler: createPerson },
  { method: "GET", pattern: "/v2/api/crm/people/:id", scope: "CRM_READ", handler: person((ctx, p) => ok(personView(ctx.store, p))) },
  { method: "PUT", pattern: "/v2/api/crm/people/:id", scope: "CRM_WRITE", handler: updatePerson },
  { method: "POST", pattern: "/v2/api/crm/companies/search", scope: "CRM_READ", handler: searchCompanies },
  { method: "POST", pattern: "/v2/api/crm/companies", scope: "CRM_WRITE", handler: createCompany },
  { method: "GET", pattern: "/v2/api/crm/companies/:id", scope: "CRM_READ", handler: company((ctx, c) => ok(companyView(ctx.store, c))) },
  { method: "PUT", pattern: "/v2/api/crm/companies/:id", scope: "CRM_WRITE", handler: updateCompany },
  { method: "POST", pattern: "/v2/api/crm/deals/search", scope: "CRM_READ", handler: searchDeals },
  { method: "POST", pattern: "/v2/api/crm/deals", scope: "CRM_WRITE", handler: createDeal },
  { method: "GET", pattern: "/v2/api/crm/deals/:id", scope: "CRM_READ", handler: deal((ctx, d) => ok(dealView(ctx.store, d))) },
  { method: "PATCH", pattern: "/v2/api/crm/deals/:id", scope: "CRM_WRITE", handler: updateDeal },
  { method: "DELETE", pattern: "/v2/api/crm/deals/:id", scope: "CRM_DELETE", handler: deleteDeal }
]
