/**
 * `withallo contacts export`: every contact of the workspace, streamed
 * through `Contacts.stream` to NDJSON, CSV or JSON.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Stream from "effect/Stream"
import { Command } from "effect/cli"
import type { Contact } from "../schema/Contact.js"
import { Contacts } from "../services/Contacts.js"
import { Json, withApi } from "./connection.js"
import { exportFlags, resolveFormat, runExport, type Summary } from "./exporter.js"
import { bump, type Column, count, makeEncoder, tally } from "./format.js"

const PAGE_SIZE = 100

/** The CSV columns of a contact; lists are `;`-separated. */
export const contactColumns: ReadonlyArray<Column<Contact>> = [
  { name: "id", value: (c) => c.id },
  { name: "name", value: (c) => c.name },
  { name: "last_name", value: (c) => c.last_name },
  { name: "company", value: (c) => c.company?.name },
  { name: "job_title", value: (c) => c.job_title },
  { name: "numbers", value: (c) => c.numbers?.join(";") },
  { name: "emails", value: (c) => c.emails?.join(";") },
  { name: "website", value: (c) => c.website },
  { name: "status", value: (c) => c.status },
  { name: "engagement", value: (c) => c.engagement },
  { name: "is_archived", value: (c) => c.is_archived },
  { name: "is_whitelisted", value: (c) => c.is_whitelisted },
  { name: "created_at", value: (c) => c.created_at },
  { name: "updated_at", value: (c) => c.updated_at },
  { name: "last_activity_date", value: (c) => c.last_activity_date }
]

/** Counts by engagement, with a company, archived. */
export const contactSummary = (): Summary<Contact> => {
  const engagement = new Map<string, number>()
  let withCompany = 0
  let archived = 0
  return {
    add: (contact) => {
      bump(engagement, contact.engagement ?? "UNKNOWN")
      if (contact.company?.name != null) withCompany++
      if (contact.is_archived) archived++
    },
    lines: () => [
      `engagement   ${tally(engagement)}`,
      `company      ${count(withCompany)} with one`,
      `archived     ${count(archived)}`
    ],
    json: () => ({ byEngagement: Object.fromEntries(engagement), withCompany, archived })
  }
}

const exportCommand = Command.make(
  "export",
  exportFlags,
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    const format = yield* resolveFormat(flags.format, flags.out)
    yield* withApi(Effect.gen(function*() {
      const contacts = yield* Contacts
      const all = contacts.stream({ pageSize: PAGE_SIZE })
      yield* runExport({
        noun: "contacts",
        records: Option.match(flags.limit, { onNone: () => all, onSome: (n) => Stream.take(all, n) }),
        encoder: makeEncoder(format, contactColumns),
        summary: contactSummary(),
        out: flags.out,
        quiet: flags.quiet,
        json,
        limit: flags.limit,
        pageSize: PAGE_SIZE
      })
    }))
  })
).pipe(
  Command.withDescription("Export every contact as NDJSON, CSV or JSON, in constant memory"),
  Command.withExamples([
    { command: "withallo contacts export --out contacts.csv", description: "All contacts to CSV" },
    { command: "withallo contacts export --mock --limit 20 --format json", description: "A sample from the built-in fake" }
  ])
)

/** `withallo contacts …`. */
export const contactsCommand = Command.make("contacts").pipe(
  Command.withDescription("Contacts"),
  Command.withSubcommands([exportCommand])
)
