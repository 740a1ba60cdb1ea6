/**
 * `withallo people|companies|deals export`: the CRM's records, streamed page
 * by page through `People`/`Companies`/`Deals.search` to NDJSON, CSV or JSON,
 * with the same progress display and summary as `calls export`.
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { Command, Flag } from "effect/cli"
import { SORTS } from "../internal/crm.js"
import { type Page, pageStream } from "../Pagination.js"
import type { Company } from "../schema/Company.js"
import type { Deal } from "../schema/Deal.js"
import type { Person } from "../schema/Person.js"
import { Companies } from "../services/Companies.js"
import { Deals } from "../services/Deals.js"
import { People } from "../services/People.js"
import type { WithalloError } from "../WithalloError.js"
import { Json, PageTracker, withApi } from "./connection.js"
import { exportFlags, resolveFormat, runExport, type Summary } from "./exporter.js"
import { bump, type Column, count, makeEncoder, tally } from "./format.js"

const PAGE_SIZE = 100

/** The CSV columns of a person; lists are `;`-separated. */
export const personColumns: ReadonlyArray<Column<Person>> = [
  { name: "id", value: (p) => p.id },
  { name: "name", value: (p) => p.name },
  { name: "last_name", value: (p) => p.last_name },
  { name: "job_title", value: (p) => p.job_title },
  { name: "company", value: (p) => p.company?.name },
  { name: "company_id", value: (p) => p.company?.id },
  { name: "numbers", value: (p) => p.numbers?.join(";") },
  { name: "emails", value: (p) => p.emails?.join(";") },
  { name: "website", value: (p) => p.website },
  { name: "address", value: (p) => p.address },
  { name: "interactions", value: (p) => p.interactions },
  { name: "last_activity_at", value: (p) => p.last_activity_at },
  { name: "created_at", value: (p) => p.created_at },
  { name: "updated_at", value: (p) => p.updated_at }
]

/** The CSV columns of a company. */
export const companyColumns: ReadonlyArray<Column<Company>> = [
  { name: "id", value: (c) => c.id },
  { name: "name", value: (c) => c.name },
  { name: "website", value: (c) => c.website },
  { name: "industry", value: (c) => c.industry },
  { name: "person_count", value: (c) => c.person_count },
  { name: "interactions", value: (c) => c.interactions },
  { name: "last_activity_at", value: (c) => c.last_activity_at },
  { name: "created_at", value: (c) => c.created_at },
  { name: "updated_at", value: (c) => c.updated_at }
]

/** The CSV columns of a deal. */
export const dealColumns: ReadonlyArray<Column<Deal>> = [
  { name: "id", value: (d) => d.id },
  { name: "name", value: (d) => d.name },
  { name: "status", value: (d) => d.status },
  { name: "amount", value: (d) => d.amount },
  { name: "currency", value: (d) => d.currency },
  { name: "closed_at", value: (d) => d.closed_at },
  { name: "company", value: (d) => d.company?.name },
  { name: "company_id", value: (d) => d.company?.id },
  { name: "created_at", value: (d) => d.created_at },
  { name: "updated_at", value: (d) => d.updated_at }
]

/** With a company, with an email, active, and their interactions. */
export const personSummary = (): Summary<Person> => {
  let withCompany = 0
  let withEmail = 0
  let active = 0
  let interactions = 0
  return {
    add: (p) => {
      if (p.company?.id != null) withCompany++
      if ((p.emails ?? []).length > 0) withEmail++
      if (p.last_activity_at != null) active++
      interactions += p.interactions ?? 0
    },
    lines: () => [
      `company       ${count(withCompany)} with one`,
      `email         ${count(withEmail)} with one`,
      `interactions  ${count(interactions)} (${count(active)} people with activity)`
    ],
    json: () => ({ withCompany, withEmail, active, interactions })
  }
}

/** By industry, and the people across them. */
export const companySummary = (): Summary<Company> => {
  const industry = new Map<string, number>()
  let people = 0
  return {
    add: (c) => {
      bump(industry, c.industry ?? "—")
      people += c.person_count ?? 0
    },
    lines: () => [`industry  ${tally(industry)}`, `people    ${count(people)}`],
    json: () => ({ byIndustry: Object.fromEntries(industry), people })
  }
}

/** By stage, and the amounts per currency. */
export const dealSummary = (): Summary<Deal> => {
  const stage = new Map<string, number>()
  const amount = new Map<string, number>()
  return {
    add: (d) => {
      bump(stage, d.status ?? "—")
      if (d.amount != null) bump(amount, d.currency ?? "?", d.amount)
    },
    lines: () => [`stage   ${tally(stage)}`, `amount  ${tally(amount)}`],
    json: () => ({ byStage: Object.fromEntries(stage), amountByCurrency: Object.fromEntries(amount) })
  }
}

/**
 * Every record a search matches, as `*.stream` walks them (`pageStream`,
 * pages fetched ahead, repeats dropped), counting the pages for the
 * progress display: v2 pages carry their count in `pagination`, which the
 * CLI's client-level page counter (v1 `metadata`) does not read.
 */
const searchAll = <A extends { readonly id: string }>(
  search: (page: number) => Effect.Effect<Page<A>, WithalloError>
) =>
  Effect.map(PageTracker, (tracker) =>
    pageStream({
      firstPage: 1,
      concurrency: 4,
      idOf: (record: A) => record.id,
      fetch: (page) =>
        Effect.tap(search(page), (answer) =>
          Effect.sync(() => {
            tracker.pages++
            tracker.totalPages = Math.max(tracker.totalPages ?? 0, answer.totalPages)
          }))
    }))

const sortFlag = Flag.Literals("sort", SORTS).pipe(
  Flag.withDescription("Order of the records (Allo's default: DATE_DESC, most recent activity first)"),
  Flag.optional
)

const searchFlag = (what: string) =>
  Flag.String("search").pipe(Flag.withDescription(`Only records whose ${what} contains this text`), Flag.optional)

/** Runs one export of `records` (the `--limit` applied here). */
const exportRecords = <A extends { readonly id: string }>(spec: {
  readonly noun: string
  readonly flags: {
    readonly format: Option.Option<"ndjson" | "csv" | "json">
    readonly out: Option.Option<string>
    readonly limit: Option.Option<number>
    readonly quiet: boolean
  }
  readonly columns: ReadonlyArray<Column<A>>
  readonly summary: Summary<A>
  readonly search: Effect.Effect<(page: number) => Effect.Effect<Page<A>, WithalloError>, never, People | Companies | Deals>
}) =>
  Effect.gen(function*() {
    const json = yield* Json
    const format = yield* resolveFormat(spec.flags.format, spec.flags.out)
    yield* withApi(Effect.gen(function*() {
      const all = yield* searchAll(yield* spec.search)
      yield* runExport({
        noun: spec.noun,
        records: Option.match(spec.flags.limit, { onNone: () => all, onSome: (n) => Stream.take(all, n) }),
        encoder: makeEncoder(format, spec.columns),
        summary: spec.summary,
        out: spec.flags.out,
        quiet: spec.flags.quiet,
        json,
        limit: spec.flags.limit,
        pageSize: PAGE_SIZE
      })
    }))
  })

const peopleExport = Command.make(
  "export",
  {
    search: searchFlag("name, email, phone number or company"),
    company: Flag.String("company").pipe(Flag.withDescription("Only people whose company's name contains this text"), Flag.optional),
    sort: sortFlag,
    ...exportFlags
  },
  Effect.fnUntraced(function*(flags) {
    yield* exportRecords({
      noun: "people",
      flags,
      columns: personColumns,
      summary: personSummary(),
      search: Effect.map(People, (people) => (page: number) =>
        people.search({
          page,
          size: PAGE_SIZE,
          search: Option.getOrUndefined(flags.search),
          sort: Option.getOrUndefined(flags.sort),
          filters: Option.match(flags.company, { onNone: () => undefined, onSome: (company) => ({ company }) })
        }))
    })
  })
).pipe(
  Command.withDescription("Export the CRM's people as NDJSON, CSV or JSON, in constant memory"),
  Command.withExamples([
    { command: "withallo people export --out people.csv", description: "Every person to CSV" },
    { command: "withallo people export --company Acme --format json", description: "Acme's people as a JSON array on stdout" },
    { command: "withallo people export --mock --limit 20", description: "A sample from the built-in fake" }
  ])
)

const companiesExport = Command.make(
  "export",
  {
    sort: sortFlag,
    ...exportFlags
  },
  Effect.fnUntraced(function*(flags) {
    yield* exportRecords({
      noun: "companies",
      flags,
      columns: companyColumns,
      summary: companySummary(),
      search: Effect.map(Companies, (companies) => (page: number) =>
        companies.search({ page, size: PAGE_SIZE, sort: Option.getOrUndefined(flags.sort) }))
    })
  })
).pipe(
  Command.withDescription("Export the CRM's companies as NDJSON, CSV or JSON, in constant memory"),
  Command.withExamples([{ command: "withallo companies export --sort NAME_ASC --out companies.csv", description: "Every company, by name" }])
)

const dealsExport = Command.make(
  "export",
  {
    stage: Flag.String("stage").pipe(Flag.withDescription("Only deals in this stage (exact match, e.g. negotiation)"), Flag.optional),
    search: searchFlag("name or company"),
    sort: sortFlag,
    ...exportFlags
  },
  Effect.fnUntraced(function*(flags) {
    yield* exportRecords({
      noun: "deals",
      flags,
      columns: dealColumns,
      summary: dealSummary(),
      search: Effect.map(Deals, (deals) => (page: number) =>
        deals.search({
          page,
          size: PAGE_SIZE,
          search: Option.getOrUndefined(flags.search),
          sort: Option.getOrUndefined(flags.sort),
          filters: Option.match(flags.stage, { onNone: () => undefined, onSome: (stage) => ({ stage }) })
        }))
    })
  })
).pipe(
  Command.withDescription("Export the CRM's deals as NDJSON, CSV or JSON, in constant memory"),
  Command.withExamples([{ command: "withallo deals export --stage negotiation --out deals.csv", description: "Deals in negotiation" }])
)

/** `withallo people|companies|deals …`. */
export const crmCommands = [
  Command.make("people").pipe(Command.withDescription("CRM people"), Command.withSubcommands([peopleExport])),
  Command.make("companies").pipe(Command.withDescription("CRM companies"), Command.withSubcommands([companiesExport])),
  Command.make("deals").pipe(Command.withDescription("CRM deals"), Command.withSubcommands([dealsExport]))
] as const
