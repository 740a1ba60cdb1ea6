/**
 * A v2 tag (`GET /v2/api/tags`), the vocabulary conversation items are tagged with.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable } from "./internal.js"

/** A v2 tag. Items carry tags by `name`. */
export const Tag = Schema.Struct({
  /** `tag-…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  /** Hex colour such as `#00AA00`; can be null. */
  color: Nullable(Schema.String)
})

/** A v2 tag. */
export type Tag = typeof Tag.Type
