/**
 * Call summary templates (`/v2/api/summary_templates`, scopes
 * `SUMMARY_TEMPLATES_READ` / `SUMMARY_TEMPLATES_WRITE`): the sections Allo's
 * AI writes when it summarises a call. A number's default template is set with
 * `PhoneNumbers.setDefaultSummaryTemplate`.
 *
 * @since 0.2.0
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import * as Endpoint from "../Endpoint.js"
import { IdempotencyKey, IntIn, NonEmpty, PathId, Text } from "../internal/params.js"
import { DataEnvelope } from "../schema/internal.js"
import { SummaryTemplate } from "../schema/SummaryTemplate.js"
import { WithalloClient } from "../internal/clientKey.js"
import type { WithalloError } from "../WithalloError.js"

const Section = Schema.Struct({
  title: NonEmpty,
  instructions: Schema.String,
  /** 0-based; Allo orders the sections by it. */
  order: Schema.optional(IntIn(0))
})

/** A template as `create` and `update` send it (`update` replaces the whole template). */
const TemplateParams = Endpoint.params({
  name: NonEmpty,
  callContext: Schema.optional(Schema.NullOr(Text(4000))),
  icon: Schema.optional(Schema.NullOr(NonEmpty)),
  sections: Schema.optional(
    Schema.Array(Section).check(Schema.makeFilter((a: ReadonlyArray<unknown>) => a.length <= 10 ? undefined : "must have at most 10 sections"))
  ),
  idempotencyKey: Schema.optional(IdempotencyKey)
})

const WriteOptions = Endpoint.params({ idempotencyKey: Schema.optional(IdempotencyKey) })

const Template = DataEnvelope(SummaryTemplate)

/** `GET /v2/api/summary_templates`: the team's active templates (not paginated). */
export const list = Endpoint.make({
  name: "SummaryTemplates.list",
  method: "GET",
  path: "/v2/api/summary_templates",
  args: [],
  response: DataEnvelope(Schema.Array(SummaryTemplate)),
  result: Endpoint.data
})

/** `POST /v2/api/summary_templates` */
export const create = Endpoint.make({
  name: "SummaryTemplates.create",
  method: "POST",
  path: "/v2/api/summary_templates",
  args: [Endpoint.arg("params", TemplateParams)],
  response: Template,
  result: Endpoint.data,
  idempotency: "mint"
})

/** `GET /v2/api/summary_templates/{id}` */
export const get = Endpoint.make({
  name: "SummaryTemplates.get",
  method: "GET",
  path: "/v2/api/summary_templates/{id}",
  args: [Endpoint.arg("id", PathId)],
  response: Template,
  result: Endpoint.data
})

/** `PUT /v2/api/summary_templates/{id}`: replaces name, context, icon and sections. */
export const update = Endpoint.make({
  name: "SummaryTemplates.update",
  method: "PUT",
  path: "/v2/api/summary_templates/{id}",
  args: [Endpoint.arg("id", PathId), Endpoint.arg("params", TemplateParams)],
  response: Template,
  result: Endpoint.data,
  idempotency: "mint"
})

/** `DELETE /v2/api/summary_templates/{id}`: a soft delete (the template is deactivated). */
export const del = Endpoint.make({
  name: "SummaryTemplates.delete",
  method: "DELETE",
  path: "/v2/api/summary_templates/{id}",
  args: [Endpoint.arg("id", PathId), Endpoint.optionalArg("options", WriteOptions)],
  response: Schema.Unknown,
  result: Endpoint.nothing,
  idempotency: "mint"
})

/** Types of the {@link SummaryTemplates} service. */
export declare namespace SummaryTemplates {
  /** One section of the summary. */
  export interface Section {
    readonly title: string
    /** What the AI writes in this section. */
    readonly instructions: string
    /** 0-based position. */
    readonly order?: number | undefined
  }
  /** A whole template. */
  export interface Params {
    readonly name: string
    /** Background that helps the AI summarise (at most 4,000 characters). */
    readonly callContext?: string | null | undefined
    /** An emoji, typically. */
    readonly icon?: string | null | undefined
    /** At most 10. */
    readonly sections?: ReadonlyArray<Section> | undefined
    /** Defaults to a key minted once per call and reused on each retry. */
    readonly idempotencyKey?: string | undefined
  }
  /** Options of `delete`. */
  export interface WriteOptions {
    readonly idempotencyKey?: string | undefined
  }
  /** The service. */
  export interface Service {
    /** The team's active templates. */
    readonly list: () => Effect.Effect<ReadonlyArray<SummaryTemplate>, WithalloError>
    /** Creates a template. */
    readonly create: (params: Params) => Effect.Effect<SummaryTemplate, WithalloError>
    /** One template by id (`tst-…`). */
    readonly get: (id: string) => Effect.Effect<SummaryTemplate, WithalloError>
    /** Replaces a template's name, context, icon and sections. */
    readonly update: (id: string, params: Params) => Effect.Effect<SummaryTemplate, WithalloError>
    /** Deactivates a template. */
    readonly delete: (id: string, options?: WriteOptions) => Effect.Effect<void, WithalloError>
  }
}

/** Call summary templates. */
export class SummaryTemplates extends Context.Service<SummaryTemplates, SummaryTemplates.Service>()(
  "effect-withallo/SummaryTemplates"
) {
  /** Requires only `WithalloClient`. */
  static readonly layer: Layer.Layer<SummaryTemplates, never, WithalloClient> = Layer.effect(
    SummaryTemplates,
    Effect.map(WithalloClient, (client) =>
      SummaryTemplates.of({
        list: Endpoint.method(client, list),
        create: Endpoint.method(client, create),
        get: Endpoint.method(client, get),
        update: Endpoint.method(client, update),
        delete: Endpoint.method(client, del)
      }))
  )
}
