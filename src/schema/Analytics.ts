/**
 * Team analytics: the KPIs of `POST /v2/api/analytics/overview` and the
 * outbound funnel of `POST /v2/api/analytics/outbound`. Metrics keep Allo's
 * field names (`total_calls`, `talk_time_seconds`, `answer_rate`…).
 *
 * Required fields (everything else may be absent and still decodes, as the
 * spec marks none required):
 * - `MetricValue.value`: a metric is its value; one without it says nothing.
 * - `AnalyticsDateRange.from`/`to`: the spec itself requires both.
 * - `OutboundDrilldownItem.id`: the call id, what a drilldown row is for.
 * - `UserRef.id`/`name` (shared with the other v2 records, see `User.ts`).
 * - the drilldown's `pagination` fields (see `PaginationInfo.ts`): a page
 *   without its numbers cannot be walked.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum, Optional } from "./internal.js"
import { V2PageEnvelope } from "./PaginationInfo.js"
import { UserRef } from "./User.js"

/** A period of whole days, `YYYY-MM-DD`, both ends included. */
export const AnalyticsDateRange = Schema.Struct({
  from: Schema.String,
  to: Schema.String
})

/** A period of whole days. */
export type AnalyticsDateRange = typeof AnalyticsDateRange.Type

/**
 * One metric: its value over `date`, and over `compare_date` when one was
 * asked for. `change` is a fraction (`0.15` = +15%), `null` when there is
 * nothing to compare with.
 */
export const MetricValue = Schema.Struct({
  value: Optional(Schema.Number),
  previous: Nullable(Schema.Number),
  change: Nullable(Schema.Number)
})

/** One metric with its comparison. */
export type MetricValue = typeof MetricValue.Type

/** The team's KPIs over the period. */
export const TeamSummary = Schema.Struct({
  total_calls: Optional(MetricValue),
  talk_time_seconds: Optional(MetricValue),
  calls_over_1_min: Optional(MetricValue),
  /** A fraction: `0.503` = 50.3% of calls answered. */
  answer_rate: Optional(MetricValue)
})

/** The team's KPIs over the period. */
export type TeamSummary = typeof TeamSummary.Type

/** One team member's KPIs. */
export const UserBreakdown = Schema.Struct({
  user: Optional(UserRef),
  calls: Optional(MetricValue),
  talk_time_seconds: Optional(MetricValue),
  calls_over_1_min: Optional(MetricValue),
  answer_rate: Optional(MetricValue)
})

/** One team member's KPIs. */
export type UserBreakdown = typeof UserBreakdown.Type

/** Team metrics (`POST /v2/api/analytics/overview`): inbound and outbound calls together. */
export const TeamMetrics = Schema.Struct({
  date: Optional(AnalyticsDateRange),
  compare_date: Nullable(AnalyticsDateRange),
  summary: Optional(TeamSummary),
  /** Per team member. */
  breakdown: Optional(Schema.Array(UserBreakdown)),
  /** When Allo last refreshed the metrics (ISO 8601). */
  last_updated: Optional(Schema.String)
})

/** Team metrics. */
export type TeamMetrics = typeof TeamMetrics.Type

/** A stage of the outbound funnel. */
export const FunnelStageName = OpenEnum(["DIAL", "CONNECTED", "CONVERSATION", "CONVERSION"])

/** A stage of the outbound funnel. */
export type FunnelStageName = typeof FunnelStageName.Type

/** A funnel stage: its count and its share of all dials (`0.29` = 29%). */
export const FunnelStage = Schema.Struct({
  count: Optional(MetricValue),
  rate: Nullable(Schema.Number)
})

/** A funnel stage. */
export type FunnelStage = typeof FunnelStage.Type

/** One point of a time series: the bucket's first day and its value. */
export const TimeSeriesPoint = Schema.Struct({
  date: Optional(Schema.String),
  value: Optional(Schema.Number)
})

/** One point of a time series. */
export type TimeSeriesPoint = typeof TimeSeriesPoint.Type

/** One cell of a weekday × hour heatmap. */
export const HeatmapCell = Schema.Struct({
  day: Optional(OpenEnum(["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"])),
  /** 0–23. */
  hour: Optional(Schema.Number),
  value: Optional(Schema.Number)
})

/** One cell of a weekday × hour heatmap. */
export type HeatmapCell = typeof HeatmapCell.Type

/** One outbound call behind the funnel numbers (with `extend: "items"`). */
export const OutboundDrilldownItem = Schema.Struct({
  /** `cll-…` */
  id: Schema.String,
  user: Optional(UserRef),
  allo_number: Optional(Schema.String),
  allo_number_label: Nullable(Schema.String),
  contact_number: Optional(Schema.String),
  /** The furthest stage the call reached. */
  stage: Optional(FunnelStageName),
  voicemail: Nullable(Schema.Boolean),
  /** Seconds. */
  duration: Optional(Schema.Number),
  date: Optional(Schema.String)
})

/** One outbound call behind the funnel numbers. */
export type OutboundDrilldownItem = typeof OutboundDrilldownItem.Type

/** Outbound metrics (`POST /v2/api/analytics/outbound`). */
export const OutboundAnalytics = Schema.Struct({
  date: Optional(AnalyticsDateRange),
  compare_date: Nullable(AnalyticsDateRange),
  /** Dials → connected → conversations → conversions. */
  funnel: Optional(Schema.Struct({
    dials: Optional(FunnelStage),
    connected: Optional(FunnelStage),
    conversations: Optional(FunnelStage),
    conversions: Optional(FunnelStage)
  })),
  time_series: Optional(Schema.Struct({
    dials: Optional(Schema.Array(TimeSeriesPoint)),
    connected: Optional(Schema.Array(TimeSeriesPoint)),
    connection_rate: Optional(Schema.Array(TimeSeriesPoint)),
    conversions: Optional(Schema.Array(TimeSeriesPoint))
  })),
  heatmap: Optional(Schema.Struct({
    dials: Optional(Schema.Array(HeatmapCell)),
    connected: Optional(Schema.Array(HeatmapCell)),
    connection_rate: Optional(Schema.Array(HeatmapCell))
  })),
  /** Team members by connected calls. */
  leaderboard: Optional(Schema.Array(Schema.Struct({
    user: Optional(UserRef),
    connected: Optional(Schema.Number)
  }))),
  time_spent: Optional(Schema.Struct({
    avg_ringing_time_seconds: Optional(MetricValue),
    avg_conversation_time_seconds: Optional(MetricValue),
    total_conversation_time_seconds: Optional(MetricValue)
  })),
  last_updated: Optional(Schema.String),
  /** The drilldown page, only with `extend: "items"`. */
  items: Nullable(V2PageEnvelope(OutboundDrilldownItem))
})

/** Outbound metrics. */
export type OutboundAnalytics = typeof OutboundAnalytics.Type
