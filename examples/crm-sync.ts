/**
 * CRM sync: stream every person of a company into NDJSON, then move the
 * company's open deals to a new stage.
 *
 *   npm run example -- crm-sync [company-id] [stage] [out.ndjson]   (against a local fake Allo)
 *
 * Without a company id it takes the first company by name; the stage
 * defaults to `proposal`, the file to `people.ndjson`.
 *
 * `syncCompany` is what a job would run; `test/crm/example.test.ts` runs it
 * against the in-memory fake.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Layer, Stream } from "effect"
import { FetchHttpClient } from "effect/http"
import { createWriteStream } from "node:fs"
import { pathToFileURL } from "node:url"
import { Companies, Deals, People, Withallo } from "effect-withallo"

/** Stages after which a deal is closed. */
const CLOSED = new Set(["won", "lost"])

export interface SyncOptions {
  /** `com-…` */
  readonly companyId: string
  /** The stage the open deals move to, e.g. `proposal`. */
  readonly stage: string
  /** Writes one NDJSON line (without its newline). */
  readonly writeLine: (line: string) => Effect.Effect<void>
}

export const syncCompany = (options: SyncOptions) =>
  Effect.gen(function*() {
    const company = yield* (yield* Companies).get(options.companyId)
    const name = company.name ?? ""

    // Allo's company filter matches names that contain the text ("Acme"
    // matches "Acme Corp" and "Acme Exports"): keep this company's people.
    const people = yield* (yield* People).stream({ filters: { company: name } }).pipe(
      Stream.filter((person) => person.company?.id === company.id),
      Stream.tap((person) => options.writeLine(JSON.stringify(person))),
      Stream.runCount
    )

    // CREATED_ASC: moving a deal changes its update date, not its place in
    // this order, so the stream neither skips nor revisits a deal it moved.
    // The key makes a re-run within Allo's hour of replay a no-op.
    const deals = yield* Deals
    const moved = yield* deals.stream({ search: name, sort: "CREATED_ASC" }).pipe(
      Stream.filter((deal) =>
        deal.company?.id === company.id && deal.closed_at == null && !CLOSED.has(deal.status ?? "") &&
        deal.status !== options.stage
      ),
      Stream.mapEffect((deal) =>
        deals.update(deal.id, { status: options.stage, idempotencyKey: `crm-sync-${deal.id}-${options.stage}` }), {
        concurrency: 2
      }),
      Stream.runCount
    )
    return { company: name, people, movedDeals: moved }
  })

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href

/** The id given, else the first company by name. */
const companyOrFirst = (id: string | undefined) =>
  id !== undefined
    ? Effect.succeed(id)
    : Companies.use((companies) =>
      Effect.map(companies.search({ sort: "NAME_ASC", size: 1 }), (page) => page.items[0]?.id ?? "com-none"))

if (isMain) {
  const [companyId, stage = "proposal", out = "people.ndjson"] = process.argv.slice(2)
  const program = Effect.acquireUseRelease(
    Effect.sync(() => createWriteStream(out)),
    (file) =>
      Effect.flatMap(companyOrFirst(companyId), (id) =>
        syncCompany({
          companyId: id,
          stage,
          writeLine: (line) => Effect.callback<void>((resume) => void file.write(`${line}\n`, () => resume(Effect.void)))
        })).pipe(
          Effect.flatMap((r) => Console.log(`${r.company}: ${r.people} people written to ${out}, ${r.movedDeals} open deals moved to ${stage}`))
        ),
    (file) => Effect.callback<void>((resume) => void file.end(() => resume(Effect.void)))
  )
  const live = Withallo.layerConfig().pipe(Layer.provide(FetchHttpClient.layer))
  NodeRuntime.runMain(program.pipe(Effect.provide(live)))
}
