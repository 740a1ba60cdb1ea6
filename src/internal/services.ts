/**
 * Every resource service, in one list: `Withallo.services` on the live
 * client, `WithalloBrowser.layer` on the browser transport. Only the
 * services' key for the client is imported, not the client itself.
 *
 * @internal
 */
import * as Layer from "effect/Layer"
import { Analytics } from "../services/Analytics.js"
import { Calls } from "../services/Calls.js"
import { Companies } from "../services/Companies.js"
import { Contacts } from "../services/Contacts.js"
import { Conversations } from "../services/Conversations.js"
import { Deals } from "../services/Deals.js"
import { DialingQueues } from "../services/DialingQueues.js"
import { Me } from "../services/Me.js"
import { PartnerAccounts } from "../services/PartnerAccounts.js"
import { People } from "../services/People.js"
import { PhoneNumbers } from "../services/PhoneNumbers.js"
import { Sms } from "../services/Sms.js"
import { SummaryTemplates } from "../services/SummaryTemplates.js"
import { Tags, Users } from "../services/Users.js"
import { WebhookEndpoints } from "../services/WebhookEndpoints.js"
import { Webhooks } from "../services/Webhooks.js"
import type { Services } from "../Withallo.js"
import type { WithalloClient } from "./clientKey.js"

/** Every resource service, from a `WithalloClient`. */
export const services: Layer.Layer<Services, never, WithalloClient> = Layer.mergeAll(
  Calls.layer,
  Contacts.layer,
  Sms.layer,
  PhoneNumbers.layer,
  Webhooks.layer,
  Me.layer,
  Users.layer,
  Tags.layer,
  Conversations.layer,
  WebhookEndpoints.layer,
  Analytics.layer,
  SummaryTemplates.layer,
  DialingQueues.layer,
  PartnerAccounts.layer,
  People.layer,
  Companies.layer,
  Deals.layer
)

