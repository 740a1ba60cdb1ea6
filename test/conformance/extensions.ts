/**
 * What the SDK sends that Allo's official document does not declare, each
 * with its source, declared into the validator's copy of the document so
 * those requests are validated too (and each checked to be still absent from
 * the official document: once Allo documents it, its declaration goes).
 */
import type { OpenAPIV3 } from "openapi-types"

/** A known extension: what the SDK sends beyond the official document, and why. */
export interface Extension {
  readonly id: string
  readonly what: string
  readonly source: string
}

export const EXTENSIONS = {
  v1Webhooks: {
    id: "v1-webhooks",
    what: "`GET /v1/api/webhooks`, `POST /v1/api/webhooks`, `DELETE /v1/api/webhooks/{webhook_id}` (`Webhooks.list|create|delete`)",
    source: "the seed SDKs (QrCommunication sdk-withallo-js and sdk-withallo-php, docs/openapi.yaml) and Allo's older v1 docs " +
      "(help.withallo.com/en/api-reference: get-webhooks, create-webhook, with the topics PING and SMS_SENT they add)"
  },
  batchTranscript: {
    id: "batch-extend-transcript",
    what: "`extend=transcript` in the query of `POST /v2/api/conversations/items/batch` (`Conversations.getItems(ids, { transcript: true })`)",
    source: "Allo's v2 docs (batch-get conversation items: `extend=transcript` is supported, as on the single-item read, " +
      "which declares it as a query parameter)"
  },
  v2IdempotencyKey: {
    id: "v2-idempotency-key",
    what: "an `Idempotency-Key` header on every v2 write (POST, PUT, PATCH, DELETE), minted once per call unless the caller gives one",
    source: "Allo's v2 docs (error handling, idempotency: writes accept an optional `Idempotency-Key`, e.g. a UUID; a 2xx answer " +
      "is replayed for an hour with `Idempotency-Replayed: true`; reuse on another endpoint is 409 IDEMPOTENCY_KEY_REUSE). " +
      "The 255-character bound is the SDK's own check"
  },
  v1IdempotencyKey: {
    id: "v1-idempotency-key",
    what: "an `Idempotency-Key` header on a v1 write (`Sms.send`, `Contacts.create|update`, `Webhooks.create|delete`) when the caller gives one",
    source: "the SDK's own choice (README, retries): a caller's key marks a v1 write safe to retry and is passed through; " +
      "Allo documents no v1 idempotency"
  }
} as const satisfies Record<string, Extension>

/** The SDK endpoints that call an operation of {@link EXTENSIONS.v1Webhooks}. */
export const V1_WEBHOOK_OPERATIONS = {
  "GET /v1/api/webhooks": "Webhooks.list",
  "POST /v1/api/webhooks": "Webhooks.create",
  "DELETE /v1/api/webhooks/{webhook_id}": "Webhooks.delete"
} as const

const json = (schema: OpenAPIV3.SchemaObject | OpenAPIV3.ReferenceObject): OpenAPIV3.MediaTypeObject => ({ schema })

const auth: OpenAPIV3.SecurityRequirementObject = { ApiKeyAuth: [] }

const errors: OpenAPIV3.ResponsesObject = {
  "401": { $ref: "#/components/responses/Unauthorized" },
  "403": { $ref: "#/components/responses/Forbidden" },
  "429": { $ref: "#/components/responses/TooManyRequests" }
}

/**
 * A v1 webhook as Allo's v1 docs show it: listed with `allo_number` and no
 * `id`, created with an `id` and `alloNumber` (the seed SDKs model both
 * spellings on one schema).
 */
const webhook = (number: "allo_number" | "alloNumber"): OpenAPIV3.SchemaObject => ({
  type: "object",
  properties: {
    ...(number === "alloNumber" ? { id: { type: "string", example: "web-2NfDKEm9sF8xK3pQr1Zt" } } : {}),
    [number]: { type: "string", example: "+1234567890" },
    enabled: { type: "boolean" },
    url: { type: "string", format: "uri" },
    topics: { type: "array", items: { $ref: "#/components/schemas/SeedSdkV1WebhookTopic" } }
  }
})

const v1Webhooks = (doc: OpenAPIV3.Document): void => {
  const schemas = doc.components?.schemas
  if (schemas === undefined) throw new Error("the spec has no components.schemas")
  schemas.SeedSdkV1WebhookTopic = {
    type: "string",
    enum: ["PING", "CALL_RECEIVED", "SMS_RECEIVED", "SMS_SENT", "CONTACT_CREATED", "CONTACT_UPDATED"]
  }
  doc.paths["/v1/api/webhooks"] = {
    get: {
      operationId: "seedSdkListV1Webhooks",
      security: [auth],
      responses: {
        "200": { description: "OK", content: { "application/json": json({ type: "object", properties: { data: { type: "array", items: webhook("allo_number") } } }) } },
        ...errors
      }
    },
    post: {
      operationId: "seedSdkCreateV1Webhook",
      security: [auth],
      requestBody: {
        required: true,
        content: {
          "application/json": json({
            type: "object",
            required: ["allo_number", "url", "topics"],
            properties: {
              allo_number: { type: "string" },
              url: { type: "string", format: "uri" },
              topics: { type: "array", items: { $ref: "#/components/schemas/SeedSdkV1WebhookTopic" } },
              enabled: { type: "boolean", default: true }
            }
          })
        }
      },
      responses: {
        // Allo's docs say "created" without a status; the seed SDKs say 201.
        "200": { description: "Created", content: { "application/json": json({ type: "object", properties: { data: webhook("alloNumber") } }) } },
        "201": { description: "Created", content: { "application/json": json({ type: "object", properties: { data: webhook("alloNumber") } }) } },
        ...errors
      }
    }
  }
  doc.paths["/v1/api/webhooks/{webhook_id}"] = {
    delete: {
      operationId: "seedSdkDeleteV1Webhook",
      security: [auth],
      parameters: [{ name: "webhook_id", in: "path", required: true, schema: { type: "string", example: "web-2NfDKEm9sF8xK3pQr1Zt" } }],
      responses: { "204": { description: "Deleted" }, ...errors }
    }
  }
}

const idempotencyKey: OpenAPIV3.ParameterObject = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  schema: { type: "string", minLength: 1, maxLength: 255 }
}

const WRITES = ["post", "put", "patch", "delete"] as const

/** Adds every extension to `doc` (the validator's copy, never the official document). */
export const declareExtensions = (doc: OpenAPIV3.Document): void => {
  // EXTENSIONS.v2IdempotencyKey and EXTENSIONS.v1IdempotencyKey (declared before the v1 webhooks, then on them).
  v1Webhooks(doc)
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of WRITES) {
      const operation = item?.[method]
      if (operation !== undefined && (path.startsWith("/v2/") || path.startsWith("/v1/"))) {
        operation.parameters = [...(operation.parameters ?? []), idempotencyKey]
      }
    }
  }
  // EXTENSIONS.batchTranscript
  const batch = doc.paths["/v2/api/conversations/items/batch"]?.post
  if (batch === undefined) throw new Error("the spec has no POST /v2/api/conversations/items/batch")
  batch.parameters = [...(batch.parameters ?? []), { name: "extend", in: "query", schema: { type: "string", enum: ["transcript"] } }]
}
