/**
 * The bodies the fake server's `/__admin/*` routes accept, as schemas decoded
 * strictly: an unknown field (`retryAfter` for `retryAfterSeconds`) or a
 * wrong type is a 400 that names the field, never a silent 204 that ignores
 * it.
 *
 * @since 0.1.0
 */
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import type { Seed } from "../../testing/fake/records.js"
import type { Fault, FaultOptions } from "../../testing/fake/types.js"

const opt = Schema.optionalKey
const NullableString = Schema.NullOr(Schema.String)
const Count = (maximum: number) => Schema.Int.check(Schema.isBetween({ minimum: 0, maximum }))
const NonNegative = Schema.Finite.check(Schema.isGreaterThanOrEqualTo(0))
const Positive = Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1_000_000 }))

const UNIT_MS: Readonly<Record<string, number>> = {
  nano: 1e-6,
  micro: 1e-3,
  milli: 1,
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000
}
const DURATION_TEXT = /^(\d+(?:\.\d+)?)\s*(nano|micro|milli|second|minute|hour|day|week)s?$/

/** Milliseconds of a duration text (`"250 millis"`, `"2 seconds"`), or `undefined`. */
const millisOf = (text: string): number | undefined => {
  const match = DURATION_TEXT.exec(text.trim())
  return match === null ? undefined : Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? Number.NaN)
}

const DurationText = Schema.String.check(
  Schema.makeFilter((text: string) => millisOf(text) !== undefined || "expected milliseconds or a duration such as \"250 millis\"")
)

const FaultSchema = Schema.Union([
  Schema.Struct({
    _tag: Schema.Literal("Status"),
    status: Schema.Int.check(Schema.isBetween({ minimum: 100, maximum: 599 })),
    headers: opt(Schema.Record(Schema.String, Schema.String)),
    body: opt(Schema.Unknown),
    retryAfterSeconds: opt(NonNegative)
  }),
  Schema.Struct({ _tag: Schema.Literal("Latency"), delay: Schema.Union([NonNegative, DurationText]) }),
  Schema.Struct({ _tag: Schema.Literal("StallBody") }),
  Schema.Struct({ _tag: Schema.Literal("Drop") }),
  Schema.Struct({ _tag: Schema.Literal("Malformed"), mode: opt(Schema.Literals(["truncated", "html"])) })
])

/** `POST /__admin/faults` */
export const FaultRequest = Schema.Struct({
  method: opt(Schema.String),
  path: opt(Schema.String),
  times: opt(Positive),
  fault: FaultSchema
})

const SeedNumber = Schema.Struct({
  number: opt(NullableString),
  name: opt(NullableString),
  country: opt(NullableString),
  type: opt(Schema.Literals(["NUMBER", "SENDER_ID"])),
  capabilities: opt(Schema.Array(Schema.Literals(["VOICE", "SMS", "MMS"]))),
  is_shared_number: opt(Schema.Boolean),
  user_ids: opt(Schema.Array(Schema.String))
})

const SeedUser = Schema.Struct({
  id: Schema.String,
  name: opt(Schema.String),
  email: opt(Schema.String),
  role: opt(Schema.Literals(["ADMIN", "MANAGER", "MEMBER"])),
  status: opt(Schema.Literals(["ACTIVE", "BLOCKED"])),
  imageUrl: opt(NullableString)
})

const SeedTag = Schema.Struct({ id: opt(Schema.String), name: Schema.String, color: opt(NullableString) })

const JsonObject = Schema.Record(Schema.String, Schema.Unknown)

const SeedContact = Schema.Struct({
  id: opt(Schema.String),
  name: opt(NullableString),
  last_name: opt(NullableString),
  numbers: Schema.Array(Schema.String),
  emails: opt(Schema.Array(Schema.String)),
  company: opt(Schema.NullOr(Schema.Struct({ id: opt(NullableString), name: opt(NullableString) }))),
  job_title: opt(NullableString),
  website: opt(NullableString),
  engagement: opt(Schema.NullOr(Schema.Literals(["ENGAGED", "COOLING", "COLD"]))),
  created_at: opt(Schema.String),
  integration_data: opt(JsonObject),
  custom_properties: opt(Schema.NullOr(JsonObject))
})

const Direction = Schema.Literals(["INBOUND", "OUTBOUND"])

const SeedCall = Schema.Struct({
  id: opt(Schema.String),
  item_id: opt(Schema.String),
  type: opt(Direction),
  from_number: opt(Schema.String),
  to_number: opt(Schema.String),
  allo_number: opt(Schema.String),
  result: opt(Schema.String),
  length_in_minutes: opt(NonNegative),
  summary: opt(NullableString),
  tag: opt(NullableString),
  tags: opt(Schema.Array(Schema.String)),
  recording_url: opt(NullableString),
  start_date: opt(Schema.String),
  transcript: opt(Schema.NullOr(Schema.Array(Schema.Struct({
    source: Schema.Literals(["AGENT", "EXTERNAL", "USER"]),
    text: Schema.String,
    start_seconds: opt(NonNegative),
    end_seconds: opt(NonNegative)
  })))),
  user_id: opt(NullableString)
})

const SeedMessage = Schema.Struct({
  id: opt(Schema.String),
  direction: opt(Direction),
  allo_number: opt(Schema.String),
  contact_number: Schema.String,
  content: Schema.String,
  date: opt(Schema.String),
  status: opt(Schema.Literals(["PENDING", "SENT", "DELIVERED", "FAILED"]))
})

const SeedCompany = Schema.Struct({
  id: opt(Schema.String),
  name: Schema.String,
  website: opt(NullableString),
  industry: opt(NullableString),
  created_at: opt(Schema.String),
  updated_at: opt(Schema.String)
})

const SeedPerson = Schema.Struct({
  id: opt(Schema.String),
  name: opt(NullableString),
  last_name: opt(NullableString),
  job_title: opt(NullableString),
  website: opt(NullableString),
  address: opt(NullableString),
  numbers: Schema.Array(Schema.String),
  emails: opt(Schema.Array(Schema.String)),
  company_id: opt(NullableString),
  created_at: opt(Schema.String),
  updated_at: opt(Schema.String)
})

const SeedDeal = Schema.Struct({
  id: opt(Schema.String),
  name: Schema.String,
  status: opt(NullableString),
  amount: opt(Schema.NullOr(Schema.Finite)),
  currency: opt(NullableString),
  closed_at: opt(NullableString),
  company_id: opt(NullableString),
  created_at: opt(Schema.String),
  updated_at: opt(Schema.String)
})

/** `POST /__admin/seed` and `POST /__admin/reset`: a {@link Seed} (counts are bounded so a typo cannot exhaust memory). */
export const SeedRequest = Schema.Struct({
  seed: opt(Schema.Int),
  now: opt(Schema.Union([Schema.String, Schema.Finite])),
  numbers: opt(Schema.Array(Schema.Union([Schema.String, SeedNumber]))),
  users: opt(Schema.Array(SeedUser)),
  tags: opt(Schema.Array(SeedTag)),
  contacts: opt(Schema.Union([Count(100_000), Schema.Array(SeedContact)])),
  calls: opt(Schema.Union([Count(10_000_000), Schema.Array(SeedCall)])),
  messages: opt(Schema.Union([Count(100_000), Schema.Array(SeedMessage)])),
  apiKeys: opt(Schema.Array(Schema.Struct({ key: Schema.String, scopes: Schema.Array(Schema.String) }))),
  companies: opt(Schema.Union([Count(100_000), Schema.Array(SeedCompany)])),
  people: opt(Schema.Union([Count(100_000), Schema.Array(SeedPerson)])),
  deals: opt(Schema.Union([Count(100_000), Schema.Array(SeedDeal)]))
})

/** `POST /__admin/rate-limit`: `{ enabled: false }` turns the limits off; the rates default to Allo's 20 and 5. */
export const RateLimitRequest = Schema.Struct({
  enabled: opt(Schema.Boolean),
  readsPerSecond: opt(Positive),
  writesPerSecond: opt(Positive)
})

/** `POST /__admin/quota`: `{ limit: n }` per key per UTC day, or `{ limit: false }` (or `null`) for none. */
export const QuotaRequest = Schema.Struct({ limit: Schema.Union([Positive, Schema.Literal(false), Schema.Null]) })

/** `POST /__admin/latency`: `{ ms }` added to every request (0 for none). */
export const LatencyRequest = Schema.Struct({ ms: Schema.Finite.check(Schema.isBetween({ minimum: 0, maximum: 600_000 })) })

/** `POST /__admin/calls`: `{ count?, alloNumber?, contactNumber? }` — new calls, each raising its webhooks. */
export const CallsRequest = Schema.Struct({
  count: opt(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 100_000 }))),
  alloNumber: opt(Schema.String),
  contactNumber: opt(Schema.String)
})

/** `POST /__admin/trigger`: `{ topic, data?, to?, secret? }`. */
export const TriggerRequest = Schema.Struct({
  topic: Schema.String,
  data: opt(JsonObject),
  to: opt(Schema.String),
  secret: opt(Schema.String)
})

/** `POST /__admin/receive-sms`: `{ from, to?, content }`. */
export const ReceiveSmsRequest = Schema.Struct({
  from: Schema.String,
  to: opt(Schema.String),
  content: Schema.String
})

/** The decoded seed as the fake takes it (a drift between the two fails the type check here). */
export const toSeed = (seed: typeof SeedRequest.Type): Seed => seed

// Every field of `Seed` is accepted: a field added to the seed and not here fails the type check.
type UnacceptedSeedFields = Exclude<keyof Seed, keyof typeof SeedRequest.Type>
const everySeedField: [UnacceptedSeedFields] extends [never] ? true : UnacceptedSeedFields = true
void everySeedField

/** The decoded fault request as `injectFault` takes it; a latency text becomes milliseconds. */
export const toFaultOptions = (request: typeof FaultRequest.Type): FaultOptions => {
  const fault: Fault = request.fault._tag === "Latency"
    ? { _tag: "Latency", delay: typeof request.fault.delay === "number" ? request.fault.delay : millisOf(request.fault.delay) ?? 0 }
    : request.fault
  return { ...request, fault }
}

const formatter = SchemaIssue.makeFormatterStandardSchemaV1({
  leafHook: (issue) => issue._tag === "UnexpectedKey" ? "unknown field" : SchemaIssue.defaultLeafHook(issue)
})

const pathText = (path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined): string =>
  (path ?? []).map((segment) => String(typeof segment === "object" ? segment.key : segment)).join(".")

/** Decodes an admin body strictly; the failure is one line per problem, each naming its field. */
export const decodeBody = <S extends Schema.Decoder<unknown>>(schema: S, body: unknown): Result.Result<S["Type"], string> => {
  const decoded = Schema.decodeUnknownResult(schema)(body, { onExcessProperty: "error", errors: "all" })
  if (Result.isSuccess(decoded)) return Result.succeed(decoded.success)
  const issues = formatter(decoded.failure.issue).issues
  return Result.fail(
    issues.map((issue) => {
      const path = pathText(issue.path)
      return path === "" ? `body: ${issue.message}` : `${path}: ${issue.message}`
    }).join("; ")
  )
}
