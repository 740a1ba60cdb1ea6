/**
 * Team analytics (`POST /v2/api/analytics/overview` and `…/outbound`, scope
 * `CONVERSATIONS_READ`): KPIs over a period of days, compared with another
 * period when asked, for the whole team or some members or numbers.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Analytics } from "effect-withallo"
 *
 * const report = Effect.gen(function*() {
 *   const analytics = yield* Analytics
 *   const metrics = yield* analytics.overview({
 *     date: { from: "2026-03-01", to: "2026-03-31" },
 *     compareDate: { from: "2026-02-01", to: "2026-02-28" }
 *   })
 *   return metrics.summary?.answer_rate?.value
 * })
 * ```
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Endpoint from "../Endpoint.js"
import { IsoDay, NonEmpty, OneOf, PageSize, PhoneNumber, V2Page } from "../internal/params.js"
import { OutboundAnalytics, TeamMetrics } from "../schema/Analytics.js"
import { DataEnvelope } from "../schema/internal.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

/** Both ends are days that exist, and `to` is not before `from` (Allo's `INVALID_DATE_RANGE`). */
const DateRange = Schema.Struct({ from: IsoDay, to: IsoDay }).check(
  Schema.makeFilter((range) => range.from <= range.to ? undefined : { path: ["to"], issue: "must not be before from" })
)

const filterFields = {
  date: DateRange,
  compareDate: Schema.optional(DateRange),
  userIds: Schema.optional(Schema.Array(NonEmpty)),
  alloNumbers: Schema.optional(Schema.Array(PhoneNumber))
}

/** Allo refuses `user_ids` with `allo_numbers`; saying so here saves the request. */
const oneFilter = Schema.makeFilter((p: { readonly userIds?: unknown; readonly alloNumbers?: unknown }) =>
  p.userIds !== undefined && p.alloNumbers !== undefined
    ? { path: ["alloNumbers"], issue: "cannot be combined with userIds: filter by members or by numbers" }
    : undefined
)

/**
 * `page`, `size` and `stage` only shape the drilldown list, which only
 * `extend: "items"` asks for; that list needs a `stage`.
 */
const drilldown = Schema.makeFilter((p: {
  readonly extend?: string | undefined
  readonly stage?: string | undefined
  readonly page?: number | undefined
  readonly size?: number | undefined
}) => {
  if (p.extend === undefined) {
    const stray = (["stage", "page", "size"] as const).find((k) => p[k] !== undefined)
    return stray === undefined ? undefined : { path: [stray], issue: "only applies to the drilldown list: add extend: \"items\"" }
  }
  return p.stage === undefined ? { path: ["stage"], issue: "is required with extend: \"items\" (DIAL, CONNECTED, CONVERSATION or CONVERSION)" } : undefined
})

/**
 * `POST /v2/api/analytics/overview`. A read, but a POST: like every v2 POST
 * it carries an Idempotency-Key, which is what makes it safe to retry.
 */
export const overview = Endpoint.make({
  name: "Analytics.overview",
  method: "POST",
  path: "/v2/api/analytics/overview",
  args: [Endpoint.arg("params", Endpoint.params(filterFields).check(oneFilter))],
  response: DataEnvelope(TeamMetrics),
  result: Endpoint.data,
  idempotency: "mint"
})

/** `POST /v2/api/analytics/outbound`. */
export const outbound = Endpoint.make({
  name: "Analytics.outbound",
  method: "POST",
  path: "/v2/api/analytics/outbound",
  args: [Endpoint.arg(
    "params",
    Endpoint.params({
      ...filterFields,
      tags: Schema.optional(Schema.Array(NonEmpty)),
      granularity: Schema.optional(OneOf(["DAY", "WEEK", "MONTH"])),
      extend: Schema.optional(OneOf(["items"])),
      stage: Schema.optional(OneOf(["DIAL", "CONNECTED", "CONVERSATION", "CONVERSION"])),
      page: Schema.optional(V2Page),
      size: Schema.optional(PageSize)
    }).check(oneFilter, drilldown)
  )],
  response: DataEnvelope(OutboundAnalytics),
  result: Endpoint.data,
  idempotency: "mint"
})

/** Types of the {@link Analytics} service. */
export declare namespace Analytics {
  /** A period of whole days, `YYYY-MM-DD`, both ends included. */
  export interface DateRange {
    readonly from: string
    readonly to: string
  }
  /** Which period, compared with which, for whom. */
  export interface OverviewParams {
    readonly date: DateRange
    /** Metrics then carry `previous` and `change` against this period. */
    readonly compareDate?: DateRange | undefined
    /** Only these team members (`usr-…`). Not with `alloNumbers`. */
    readonly userIds?: ReadonlyArray<string> | undefined
    /** Only calls on these Allo numbers (E.164). Not with `userIds`. */
    readonly alloNumbers?: ReadonlyArray<string> | undefined
  }
  /** The outbound funnel's parameters. */
  export interface OutboundParams extends OverviewParams {
    /** Tag keys that count a call as a conversion (e.g. `meeting_booked`). */
    readonly tags?: ReadonlyArray<string> | undefined
    /** Time-series buckets. Default `DAY`. */
    readonly granularity?: "DAY" | "WEEK" | "MONTH" | undefined
    /** `"items"` adds the list of calls behind one funnel stage (`items`). */
    readonly extend?: "items" | undefined
    /** The drilldown's stage; required with `extend`. */
    readonly stage?: "DIAL" | "CONNECTED" | "CONVERSATION" | "CONVERSION" | undefined
    /** The drilldown's page, 1-based. */
    readonly page?: number | undefined
    /** The drilldown's page size, 1–100. Default 20. */
    readonly size?: number | undefined
  }
  /** The service. */
  export interface Service {
    /** Team KPIs (calls, talk time, calls over a minute, answer rate) with a per-member breakdown. */
    readonly overview: (params: OverviewParams) => Effect.Effect<TeamMetrics, WithalloError>
    /** The outbound funnel, time series, heatmap, leaderboard and time spent. */
    readonly outbound: (params: OutboundParams) => Effect.Effect<OutboundAnalytics, WithalloError>
  }
}

/** Team analytics. */
export class Analytics extends Context.Service<Analytics, Analytics.Service>()("effect-withallo/Analytics") {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<Analytics, never, WithalloClient> = Layer.effect(
    Analytics,
    Effect.map(WithalloClient, (client) =>
      Analytics.of({
        overview: Endpoint.method(client, overview),
        outbound: Endpoint.method(client, outbound)
      }))
  )
}
