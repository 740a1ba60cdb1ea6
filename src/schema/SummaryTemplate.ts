/**
 * Call summary templates (`/v2/api/summary_templates`): the sections Allo's
 * AI fills in when it summarises a call.
 *
 * Required fields (everything else may be absent and still decodes, as the
 * spec marks none required):
 * - `SummaryTemplate.id`: `get`, `update`, `delete` and a number's default
 *   template all address a template by it.
 *
 * @since 0.2.0
 */
import * as Schema from "effect/Schema"
import { Nullable, Optional } from "./internal.js"

/** One section of a summary. */
export const SummaryTemplateSection = Schema.Struct({
  title: Optional(Schema.String),
  /** What the AI writes in this section. */
  instructions: Optional(Schema.String),
  /** 0-based position in the summary. */
  order: Optional(Schema.Number)
})

/** One section of a summary. */
export type SummaryTemplateSection = typeof SummaryTemplateSection.Type

/** A call summary template. */
export const SummaryTemplate = Schema.Struct({
  /** `tst-…` */
  id: Schema.String,
  name: Optional(Schema.String),
  /** Background that helps the AI (at most 4,000 characters). */
  call_context: Nullable(Schema.String),
  /** An emoji, typically. */
  icon: Nullable(Schema.String),
  sections: Optional(Schema.Array(SummaryTemplateSection)),
  created_at: Optional(Schema.String),
  updated_at: Optional(Schema.String)
})

/** A call summary template. */
export type SummaryTemplate = typeof SummaryTemplate.Type
