/**
 * Schemas of the inputs every operation takes: what a caller passes is
 * decoded from `unknown` by these, before any request, so a JavaScript caller
 * or untyped JSON gets a `ValidationError` naming the field, never a defect.
 * Each check's message is what the error says of the field.
 *
 * Messages never quote the input: an input may be anything (an object whose
 * `toString` throws, a deeply nested value, a secret pasted in the wrong
 * field), and an error message must be safe to log.
 *
 * @internal
 */
import * as Effect from "effect/Effect"
import * as Schema from "effect/Schema"
import * as SchemaGetter from "effect/SchemaGetter"
import * as SchemaTransformation from "effect/SchemaTransformation"

const filter = <T>(predicate: (value: T) => boolean, message: string) =>
  Schema.makeFilter<T>((value) => predicate(value) ? undefined : message)

// E.164 is `+` and up to 15 digits. Allo's own examples use `+0…`
// placeholders, so a leading 0 after `+` is accepted too.
const E164 = /^\+\d{1,15}$/

/** A phone number in E.164 form. */
export const PhoneNumber = Schema.String.check(
  filter((s: string) => E164.test(s), "must be an E.164 phone number: + then up to 15 digits, no spaces (e.g. +14155550100)")
)

/** A string with at least one non-blank character. */
export const NonEmpty = Schema.String.check(filter((s: string) => s.trim() !== "", "must not be empty"))

/** A string of at most `max` characters that is not blank. */
export const Text = (max: number) =>
  NonEmpty.check(filter((s: string) => s.length <= max, `must be at most ${max.toLocaleString("en-US")} characters`))

/**
 * One path segment naming a record. Anything a URL parser would read as
 * structure is refused (`.`/`..` rewrite the path, a lone surrogate cannot
 * be encoded); every other character is percent-encoded when the path is
 * built, so no id can address another resource.
 */
export const PathId = NonEmpty.check(
  filter((s: string) => s !== "." && s !== "..", "must be an id, not a path segment like . or .."),
  filter((s: string) => s.length <= 512, "must be at most 512 characters"),
  filter((s: string) => isWellFormed(s), "must be well-formed Unicode (no lone surrogates)")
)

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s)

/** An id with one of Allo's prefixes (`cll-`, `msg-`…). */
export const PrefixedId = (prefixes: ReadonlyArray<string>, what: string) =>
  PathId.check(
    filter(
      (s: string) => prefixes.some((p) => s.startsWith(p) && s.length > p.length),
      `must be ${what} starting with ${prefixes.join(" or ")}`
    )
  )

/** An integer within bounds. */
export const IntIn = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  Schema.Number.check(
    filter(
      (n: number) => Number.isInteger(n) && n >= min && n <= max,
      max === Number.MAX_SAFE_INTEGER ? `must be an integer ≥ ${min}` : `must be an integer from ${min} to ${max}`
    )
  )

/** Page size 1–100, Allo's bounds on every list. */
export const PageSize = IntIn(1, 100)

/** v1 pages count from 0, v2 pages from 1. */
export const V1Page = IntIn(0)
/** v2 pages count from 1. */
export const V2Page = IntIn(1)

/** Pages fetched ahead by a stream. */
export const Concurrency = IntIn(1, 64)

/** SMS text: 1–1000 characters. */
export const SmsMessage = Schema.String.check(
  filter((s: string) => s.length > 0, "must not be empty"),
  filter((s: string) => s.length <= 1000, "must be at most 1000 characters")
)

/** A French sender id: 3–11 letters or digits. */
export const SenderId = Schema.String.check(
  filter((s: string) => /^[A-Za-z0-9]{3,11}$/.test(s), "must be 3–11 letters or digits")
)

/**
 * A caller's idempotency key must be usable: an empty key would still turn
 * on retries for a write while giving Allo nothing to deduplicate by.
 */
export const IdempotencyKey = Schema.String.check(
  filter((s: string) => s.trim() !== "", "must not be empty (omit it to let the SDK decide)"),
  filter((s: string) => s.length <= 255, "must be at most 255 characters"),
  filter((s: string) => /^[\x21-\x7e]+$/.test(s), "must be printable ASCII without spaces")
)

/** An absolute http(s) URL. */
export const HttpUrl = Schema.String.check(filter((s: string) => {
  if (!URL.canParse(s)) return false
  const protocol = new URL(s).protocol
  return protocol === "https:" || protocol === "http:"
}, "must be an absolute http(s) URL"))

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** A calendar day as `YYYY-MM-DD` that exists (no 2024-02-30). */
export const IsoDay = Schema.String.check(filter((s: string) => {
  const m = ISO_DAY.exec(s)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const date = new Date(Date.UTC(y, mo - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
}, "must be a calendar day as YYYY-MM-DD"))

const ISO_DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/

/** An ISO 8601 date or date-time whose day exists. */
export const IsoDateTime = Schema.String.check(filter((s: string) => {
  const m = ISO_DATE_TIME.exec(s)
  return m !== null && m[1] !== undefined && Schema.is(IsoDay)(m[1]) && !Number.isNaN(Date.parse(s))
}, "must be an ISO 8601 date-time (e.g. 2026-01-31T09:00:00Z)"))

/** A list with at least one entry. */
export const NonEmptyArray = <S extends Schema.Top>(item: S) =>
  Schema.Array(item).check(filter((a: ReadonlyArray<unknown>) => a.length > 0, "must have at least one entry"))

/** A string Allo documents a set of values for; another string is sent as given. */
export const OpenLiteral = <const L extends ReadonlyArray<string>>(_literals: L) =>
  NonEmpty.pipe(Schema.refine((_: string): _ is L[number] | (string & {}) => true))

/**
 * Options every v2 write takes: Allo stores a 2xx answer per key for an hour
 * and replays it. The key travels as `idempotency_key`, which the endpoint
 * turns into the `Idempotency-Key` header.
 */
export const WriteOptions = Schema.Struct({
  /** Defaults to a key minted once per call and reused on each retry. */
  idempotencyKey: Schema.optional(IdempotencyKey)
}).pipe(Schema.encodeKeys({ idempotencyKey: "idempotency_key" }))

/** One of a closed set of strings; the message lists them. */
export const OneOf = <const L extends ReadonlyArray<string>>(literals: L) => {
  const set: ReadonlySet<string> = new Set(literals)
  const last = literals[literals.length - 1] ?? ""
  const listed = literals.length > 1 ? `${literals.slice(0, -1).join(", ")} or ${last}` : last
  return Schema.String.pipe(Schema.refine((s: string): s is L[number] => set.has(s), { message: `must be ${listed}` }))
}

/** A conversation item id: a call (`cll-…`) or a text (`msg-…`). */
export const ItemId = PrefixedId(["cll-", "msg-"], "a conversation item id")

/** A call id (`cll-…`): only calls have summaries. */
export const CallId = PrefixedId(["cll-"], "a call id")

/**
 * A list of topics: at least one, and at least one Allo knows (a list of
 * only unknown topics is most likely a typo, e.g. a v2 topic on a v1
 * webhook). Other strings travel as given, for topics Allo adds.
 */
export const Topics = <const L extends ReadonlyArray<string>>(known: L) => {
  const set: ReadonlySet<string> = new Set(known)
  return Schema.Array(OpenLiteral(known)).check(
    filter((a: ReadonlyArray<string>) => a.length > 0, "must name at least one topic"),
    filter((a: ReadonlyArray<string>) => a.some((t) => set.has(t)), `must include at least one of ${known.join(", ")}`)
  )
}

/** Search keywords: Allo matches words, so at least one letter or digit. */
export const Keywords = Schema.String.check(
  filter((s: string) => /[\p{L}\p{N}]/u.test(s), "must contain at least one letter or digit")
)

/**
 * The `transcript: boolean` flag of the conversation reads, sent as
 * `extend=transcript` when on and not at all when off (pair it with
 * `rename: { transcript: "extend" }`).
 */
export const TranscriptFlag = Schema.UndefinedOr(Schema.Literal("transcript")).pipe(
  Schema.decodeTo(
    Schema.Boolean,
    SchemaTransformation.transform({
      decode: (s) => s !== undefined,
      encode: (b) => (b ? "transcript" as const : undefined)
    })
  )
)

/** A list sent as a comma-separated query value, and not at all when empty. */
export const QueryList = <S extends Schema.Top>(item: S) =>
  Schema.UndefinedOr(Schema.Array(item)).pipe(
    Schema.decodeTo(
      Schema.Array(item),
      SchemaTransformation.transform({
        decode: (a) => a ?? [],
        encode: (a) => (a.length === 0 ? undefined : a)
      })
    )
  )

/** A flag that Allo defaults to true, always sent (true when left out), as Allo's examples do. */
export const DefaultTrue = Schema.Boolean.pipe(
  Schema.decodeTo(Schema.optional(Schema.Boolean), {
    decode: SchemaGetter.passthrough(),
    encode: SchemaGetter.withDefault(Effect.succeed(true))
  })
)

/**
 * A params struct that must change something: at least one field other than
 * the idempotency key is given.
 */
export const changesSomething = <T extends object>() =>
  filter(
    (params: T) => Object.entries(params).some(([k, v]) => k !== "idempotencyKey" && v !== undefined),
    "must change at least one field"
  )

/**
 * An email address: one `@` with something on each side and no spaces.
 * Deliberately loose (Allo matches it against a teammate or account, which
 * is the real check); it catches a name or a number passed by mistake.
 */
export const Email = /* @__PURE__ */ Schema.String.check(
  /* @__PURE__ */ filter((s: string) => /^[^\s@]+@[^\s@]+$/.test(s), "must be an email address (e.g. teammate@acme.com)")
)

/** An ISO 3166-1 alpha-2 country code, as Allo writes them (`FR`, `US`). */
export const CountryCode = /* @__PURE__ */ Schema.String.check(
  /* @__PURE__ */ filter((s: string) => /^[A-Z]{2}$/.test(s), "must be a two-letter ISO country code in capitals (e.g. FR)")
)

