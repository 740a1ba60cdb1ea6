/**
 * Inputs shared by the CRM services (`People`, `Companies`, `Deals`): the
 * spec's sort orders, nullable text fields, currency and amounts. Each check
 * is one the spec makes; everything it leaves free (a website, an email, a
 * stage name) is sent as given.
 *
 * @internal
 */
import * as Schema from "effect/Schema"
import { IdempotencyKey, IsoDateTime, NonEmpty, OneOf, PathId } from "./params.js"

const filter = <T>(predicate: (value: T) => boolean, message: string) =>
  Schema.makeFilter<T>((value) => predicate(value) ? undefined : message)

/** The sort orders of every `Search*Request` (Allo's default: `DATE_DESC`). */
export const SORTS = ["DATE_DESC", "DATE_ASC", "NAME_ASC", "NAME_DESC", "CREATED_DESC", "CREATED_ASC"] as const

/** A sort order of a CRM search. */
export type Sort = (typeof SORTS)[number]

/** One of {@link SORTS}: the spec's enum is closed, so a typo fails before the request. */
export const SortOrder = OneOf(SORTS)

/** A field the spec documents as nullable: left out, `null`, or a value. */
export const OrNull = <S extends Schema.Top>(schema: S) => Schema.optional(Schema.NullOr(schema))

/** An ISO 4217 code: three capital letters (`USD`, `EUR`). */
export const Currency = Schema.String.check(
  filter((s: string) => /^[A-Z]{3}$/.test(s), "must be a three-letter ISO 4217 currency code in capitals (e.g. USD)")
)

/** A JSON-safe number (no NaN or Infinity). */
export const Amount = Schema.Number.check(filter((n: number) => Number.isFinite(n), "must be a finite number"))

/** When a deal closed: ISO 8601 (the spec's own example is zone-less, `2026-04-28T12:00:00`). */
export const ClosedAt = IsoDateTime

/** The id of a company to link to (`com-…`). */
export const CompanyId = PathId

/** A name that is not blank. */
export const Name = NonEmpty

/** The caller's `Idempotency-Key` for one write (default: one minted per call). */
export const Idempotency = { idempotencyKey: Schema.optional(IdempotencyKey) }
