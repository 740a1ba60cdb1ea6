/**
 * Every operation the SDK defines, by name (`"Calls.search"`), for the
 * browser server's allow-list. Found by what the service modules export:
 * a new endpoint is listed without editing this file.
 *
 * @internal
 */
import * as Analytics from "../services/Analytics.js"
import * as Calls from "../services/Calls.js"
import * as Companies from "../services/Companies.js"
import * as Contacts from "../services/Contacts.js"
import * as Conversations from "../services/Conversations.js"
import * as Deals from "../services/Deals.js"
import * as DialingQueues from "../services/DialingQueues.js"
import * as Me from "../services/Me.js"
import * as PartnerAccounts from "../services/PartnerAccounts.js"
import * as People from "../services/People.js"
import * as PhoneNumbers from "../services/PhoneNumbers.js"
import * as Sms from "../services/Sms.js"
import * as SummaryTemplates from "../services/SummaryTemplates.js"
import * as Users from "../services/Users.js"
import * as WebhookEndpoints from "../services/WebhookEndpoints.js"
import * as Webhooks from "../services/Webhooks.js"
import type { Exposable } from "./server.js"

const isExposable = (u: unknown): u is Exposable =>
  typeof u === "object" && u !== null && "name" in u && typeof u.name === "string" && "prepare" in u &&
  typeof u.prepare === "function" && "args" in u && Array.isArray(u.args)

/** Every endpoint, by its operation name. */
export const endpoints: ReadonlyMap<string, Exposable> = new Map(
  [Analytics, Calls, Companies, Contacts, Conversations, Deals, DialingQueues, Me, PartnerAccounts, People, PhoneNumbers, Sms, SummaryTemplates, Users, WebhookEndpoints, Webhooks].flatMap((module) =>
    Object.values(module).flatMap((value): ReadonlyArray<readonly [string, Exposable]> => isExposable(value) ? [[value.name, value]] : [])
  )
)
