/**
 * The response fields the SDK requires although Allo's spec leaves them
 * optional (the spec requires only `from`/`to` of a date range and
 * `type`/`made_at` of a v1 contact activity). This is the one list of them,
 * each with its reason: generated responses always carry exactly these (and
 * the spec's own), any other field may be absent and must still decode, and
 * each listed field is checked to be one the SDK does refuse to go without
 * (`responses.test.ts`). Adding a required field to an SDK schema means
 * adding it here, with a reason.
 */

/**
 * A schema of the spec: a component (optionally a schema inside it), or one
 * inside an operation's success response. `path` steps through property
 * names, `[]` into array items.
 */
export type Location =
  | { readonly component: string; readonly path?: ReadonlyArray<string> }
  | { readonly operation: string; readonly status: string; readonly path: ReadonlyArray<string> }

export interface Requirement {
  readonly at: ReadonlyArray<Location>
  readonly fields: ReadonlyArray<string>
  readonly reason: string
  /** The name the SDK's decode error gives the missing field, when not the field's own. */
  readonly reportedAs?: string
}

const component = (name: string, ...path: ReadonlyArray<string>): Location => ({ component: name, path })
const body = (operation: string, status = "200"): Location => ({ operation, status, path: [] })
const inData = (operation: string, status = "200"): Location => ({ operation, status, path: ["data"] })

/** Success responses that are not v2 pages, whose `data` is inline in the operation. */
const V2_ENVELOPES: ReadonlyArray<Location> = [
  body("POST /v2/api/partner/accounts", "201"),
  body("GET /v2/api/partner/accounts/{id}"),
  body("PUT /v2/api/numbers/{number}/default_summary_template"),
  body("GET /v2/api/summary_templates"),
  body("POST /v2/api/summary_templates", "201"),
  body("GET /v2/api/summary_templates/{id}"),
  body("PUT /v2/api/summary_templates/{id}"),
  body("GET /v2/api/webhooks"),
  body("POST /v2/api/webhooks", "201"),
  body("GET /v2/api/webhooks/{webhook_id}"),
  body("PUT /v2/api/webhooks/{webhook_id}"),
  body("GET /v2/api/webhooks/event_types"),
  body("GET /v2/api/conversations/items/{id}"),
  body("PATCH /v2/api/conversations/items/{id}/summary"),
  body("GET /v2/api/me"),
  body("GET /v2/api/users"),
  body("GET /v2/api/users/{id}"),
  body("GET /v2/api/tags"),
  body("GET /v2/api/numbers"),
  body("POST /v2/api/conversations/items/batch"),
  body("POST /v2/api/dialing-queues/current"),
  body("PATCH /v2/api/dialing-queues/current"),
  body("POST /v2/api/dialing-queues/current/numbers"),
  body("DELETE /v2/api/dialing-queues/current/numbers"),
  body("POST /v2/api/analytics/overview"),
  body("POST /v2/api/analytics/outbound"),
  body("POST /v2/api/crm/people"),
  body("GET /v2/api/crm/people/{id}"),
  body("PUT /v2/api/crm/people/{id}"),
  body("POST /v2/api/crm/companies", "201"),
  body("GET /v2/api/crm/companies/{id}"),
  body("PUT /v2/api/crm/companies/{id}"),
  body("POST /v2/api/crm/deals", "201"),
  body("GET /v2/api/crm/deals/{id}"),
  body("PATCH /v2/api/crm/deals/{id}"),
  // The v1 webhook extension (extensions.ts).
  body("GET /v1/api/webhooks"),
  body("POST /v1/api/webhooks"),
  body("POST /v1/api/webhooks", "201")
]

/** v1 success responses, each a component. */
const V1_ENVELOPES: ReadonlyArray<Location> = [
  "SearchCallsApiResponse",
  "SearchContactsApiResponse",
  "ContactApiResponse",
  "SendSMSResponse",
  "GetNumbersResponse",
  "GetContactContextResponse",
  "GetContactConversationResponse"
].map((name) => component(name))

export const REQUIRED: ReadonlyArray<Requirement> = [
  {
    at: [...V2_ENVELOPES, ...V1_ENVELOPES],
    fields: ["data"],
    reason: "the answer itself: a body without `data` carries nothing (a v2 page's `data` may be absent: it reads as an empty page)"
  },
  {
    at: [
      inData("POST /v2/api/partner/accounts", "201"),
      inData("GET /v2/api/partner/accounts/{id}"),
      component("SummaryTemplate"),
      component("WebhookApiResponse"),
      component("CallApiResponse"),
      component("ContactWithEngagementApiResponse"),
      component("ContactContextApiResponse"),
      component("ConversationItem"),
      component("CallSummary"),
      component("User"),
      component("Tag"),
      component("DialingQueue"),
      component("DialingQueueMeta"),
      component("OutboundDrilldownItem"),
      component("CrmPerson"),
      component("CrmCompany"),
      component("CrmDeal")
    ],
    fields: ["id"],
    reason: "what identifies the record: every later call about it (get, update, delete, tags) takes it, and streams drop repeats by it"
  },
  {
    at: [
      component("Contact"),
      component("Contact", "company"),
      component("Contact", "deals", "[]"),
      component("UserRef"),
      component("CallSummary", "updated_by"),
      component("MeResponse", "team")
    ],
    fields: ["id"],
    reason: "a reference to another record is its id: without it the reference leads nowhere"
  },
  {
    at: [component("ConversationSummary")],
    fields: ["contact_number"],
    reason: "a conversation is identified by the contact's number (`setStatus` takes it; the stream drops repeats by it)"
  },
  {
    at: [component("WebhookEventTypeApiResponse")],
    fields: ["name"],
    reason: "an event type is its name: the topic a webhook endpoint subscribes to"
  },
  {
    at: [inData("PUT /v2/api/numbers/{number}/default_summary_template")],
    fields: ["number"],
    reason: "the number the setting belongs to: the record's identity"
  },
  {
    at: [component("MeResponse")],
    fields: ["api_key_id"],
    reason: "identifies the key `/me` describes"
  },
  {
    at: [component("MeResponse", "endpoints", "[]")],
    fields: ["method", "path"],
    reason: "an endpoint the key may call is its method and path; without either the entry names nothing"
  },
  {
    at: [component("QueueNumber")],
    fields: ["position"],
    reason: "a queue entry has no id: its position identifies it (`clearNumbers` takes it; `streamCurrent` drops repeats by it)"
  },
  {
    at: [component("Pagination")],
    fields: ["page", "size", "total_count", "total_pages", "has_more"],
    reason: "a v2 page's numbers: streams walk the pages by them, so a malformed page fails as a `ResponseDecodeError` instead of ending a stream early"
  },
  {
    at: [component("PaginationMeta", "pagination")],
    fields: ["total_pages", "current_page"],
    reason: "a v1 page's numbers (contacts, contact conversations), as for v2 pages"
  },
  {
    at: [{ operation: "GET /v1/api/webhooks", status: "200", path: ["data", "[]"] }],
    fields: ["allo_number"],
    reason: "a v1 webhook has no id in the list: it is the Allo number's (one per number)"
  },
  {
    at: [inData("POST /v1/api/webhooks"), inData("POST /v1/api/webhooks", "201")],
    fields: ["alloNumber"],
    reason: "as on the list, the Allo number identifies a v1 webhook; the create answer spells it `alloNumber`",
    reportedAs: "allo_number"
  }
]
