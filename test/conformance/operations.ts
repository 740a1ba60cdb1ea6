/**
 * Which SDK endpoint calls which operation of Allo's spec, and every
 * endpoint the services declare (found by reading `src/services/*.ts`, so a
 * new endpoint is seen without being listed anywhere else).
 */
/// <reference types="vite/client" />
import type * as Endpoint from "../../src/Endpoint.js"
import { V1_WEBHOOK_OPERATIONS } from "./extensions.js"

/**
 * Every operation of the official spec (`METHOD path` exactly as the spec
 * writes it, fragment included) → the name of the SDK endpoint that calls it.
 * A spec operation missing here fails the mapping test: that is how a newer
 * spec shows what is new.
 */
export const OPERATIONS = {
  "POST /v2/api/partner/accounts": "PartnerAccounts.create",
  "GET /v2/api/partner/accounts/{id}": "PartnerAccounts.get",
  "DELETE /v2/api/partner/accounts/{id}": "PartnerAccounts.delete",
  "PUT /v2/api/numbers/{number}/default_summary_template": "PhoneNumbers.setDefaultSummaryTemplate",
  "GET /v2/api/summary_templates": "SummaryTemplates.list",
  "POST /v2/api/summary_templates": "SummaryTemplates.create",
  "GET /v2/api/summary_templates/{id}": "SummaryTemplates.get",
  "PUT /v2/api/summary_templates/{id}": "SummaryTemplates.update",
  "DELETE /v2/api/summary_templates/{id}": "SummaryTemplates.delete",
  "GET /v2/api/webhooks": "WebhookEndpoints.list",
  "POST /v2/api/webhooks": "WebhookEndpoints.create",
  "GET /v2/api/webhooks/{webhook_id}": "WebhookEndpoints.get",
  "PUT /v2/api/webhooks/{webhook_id}": "WebhookEndpoints.update",
  "DELETE /v2/api/webhooks/{webhook_id}": "WebhookEndpoints.delete",
  "GET /v2/api/webhooks/event_types": "WebhookEndpoints.eventTypes",
  "GET /v1/api/calls": "Calls.search",
  "GET /v1/api/contacts": "Contacts.search",
  "POST /v1/api/contacts": "Contacts.create",
  "PUT /v1/api/contacts/{contact_id}": "Contacts.update",
  "POST /v1/api/sms": "Sms.send",
  "POST /v1/api/sms#france": "Sms.sendFrance",
  "GET /v1/api/numbers": "PhoneNumbers.list",
  "GET /v1/api/contact/{contact_id}": "Contacts.get",
  "GET /v1/api/contact/{contact_id}/conversation": "Contacts.searchConversation",
  "GET /v2/api/conversations": "Conversations.list",
  "POST /v2/api/conversations/items/search": "Conversations.searchItems",
  "GET /v2/api/conversations/items/{id}": "Conversations.getItem",
  "PATCH /v2/api/conversations/items/{id}/summary": "Conversations.updateSummary",
  "GET /v2/api/me": "Me.get",
  "GET /v2/api/users": "Users.list",
  "GET /v2/api/users/{id}": "Users.get",
  "GET /v2/api/tags": "Tags.list",
  "GET /v2/api/numbers": "PhoneNumbers.listV2",
  "POST /v2/api/conversations/items/{id}/tags": "Conversations.addTags",
  "DELETE /v2/api/conversations/items/{id}/tags/{tag}": "Conversations.removeTag",
  "POST /v2/api/conversations/items/batch": "Conversations.getItems",
  "GET /v2/api/dialing-queues/current": "DialingQueues.current",
  "POST /v2/api/dialing-queues/current": "DialingQueues.reset",
  "PATCH /v2/api/dialing-queues/current": "DialingQueues.upsert",
  "POST /v2/api/dialing-queues/current/numbers": "DialingQueues.appendNumbers",
  "DELETE /v2/api/dialing-queues/current/numbers": "DialingQueues.clearNumbers",
  "POST /v2/api/analytics/overview": "Analytics.overview",
  "POST /v2/api/analytics/outbound": "Analytics.outbound",
  "PUT /v2/api/conversations/{contact_number}/action": "Conversations.setStatus",
  "POST /v2/api/crm/people": "People.create",
  "GET /v2/api/crm/people/{id}": "People.get",
  "PUT /v2/api/crm/people/{id}": "People.update",
  "POST /v2/api/crm/people/search": "People.search",
  "POST /v2/api/crm/companies": "Companies.create",
  "GET /v2/api/crm/companies/{id}": "Companies.get",
  "PUT /v2/api/crm/companies/{id}": "Companies.update",
  "POST /v2/api/crm/companies/search": "Companies.search",
  "POST /v2/api/crm/deals": "Deals.create",
  "GET /v2/api/crm/deals/{id}": "Deals.get",
  "PATCH /v2/api/crm/deals/{id}": "Deals.update",
  "DELETE /v2/api/crm/deals/{id}": "Deals.delete",
  "POST /v2/api/crm/deals/search": "Deals.search"
} as const

/** Spec operations and known extensions (see `extensions.ts`) alike: `METHOD path` → endpoint name. */
export const ALL_OPERATIONS: Readonly<Record<string, string>> = { ...OPERATIONS, ...V1_WEBHOOK_OPERATIONS }

/** An endpoint as declared in `src/services`. */
export type AnyEndpoint = Endpoint.Endpoint<never, unknown, unknown>

const isEndpoint = (u: unknown): u is AnyEndpoint =>
  typeof u === "object" && u !== null && "name" in u && "method" in u && "path" in u && "decode" in u && "request" in u &&
  "response" in u && typeof u.path === "string" && u.path.startsWith("/")

/** Every endpoint of every service module, by name. */
export const ENDPOINTS: ReadonlyMap<string, AnyEndpoint> = (() => {
  const modules: Record<string, Record<string, unknown>> = import.meta.glob("../../src/services/*.ts", { eager: true })
  const out = new Map<string, AnyEndpoint>()
  for (const module of Object.values(modules)) {
    for (const value of Object.values(module)) if (isEndpoint(value)) out.set(value.name, value)
  }
  return out
})()

/** The spec operation (`METHOD path`) an endpoint calls, by endpoint name. */
export const OPERATION_OF: ReadonlyMap<string, string> = new Map(Object.entries(ALL_OPERATIONS).map(([op, name]) => [name, op]))
