/**
 * Type-level checks of the open enums, run by `npm run typecheck` (vitest runs
 * no `*.test-d.ts`): `tsc` fails if `CallResult` collapses to plain `string`
 * or stops accepting an undocumented value.
 */
import { expectTypeOf } from "vitest"
import type { CallResult } from "../../src/schema/Call.js"

/** The members of an open enum's type that are literals (not the `string & {}` catch-all). */
type Documented<T> = T extends string ? (string extends T ? never : T) : never

expectTypeOf<Documented<CallResult>>().toEqualTypeOf<
  | "ANSWERED"
  | "VOICEMAIL"
  | "TRANSFERRED_AI"
  | "TRANSFERRED_EXTERNAL"
  | "BLOCKED"
  | "FAILED"
  | "FAILED_EXTERNAL"
  | "RECEIVED"
  | "CLOSED"
  | "MISSED"
  | "TRANSFERRED"
>()
// An undocumented value is not one of the documented literals, but is still a CallResult.
expectTypeOf<"SOMETHING_NEW">().not.toExtend<Documented<CallResult>>()
expectTypeOf<"SOMETHING_NEW">().toExtend<CallResult>()
// A number is not a CallResult.
expectTypeOf<42>().not.toExtend<CallResult>()
