/**
 * Realistic arguments for every endpoint, as a caller would pass them. Where
 * the spec has a request example, a case reproduces it (`example` names it)
 * and the body the SDK sends must equal it exactly.
 */

export interface Case {
  readonly label: string
  readonly args: ReadonlyArray<unknown>
  /** The spec's request example the body must equal: `example`, or the name of one of its `examples`. */
  readonly example?: string
}

const ALLO = "+14155550100"
const CONTACT = "+14155550123"
const USER = "usr-15BB68317A7F06F0C07A3BBD8F244102A6872220"
const template = {
  name: "Sales call",
  callContext: "B2B SaaS sales calls",
  icon: "📞",
  sections: [
    { title: "Pain points", instructions: "List the prospect's pain points", order: 0 },
    { title: "Next steps", instructions: "What was agreed", order: 1 }
  ]
}
const march = { from: "2026-03-25", to: "2026-04-21" }
const february = { from: "2026-02-25", to: "2026-03-24" }

/** Endpoint name → its cases. */
export const CASES: Readonly<Record<string, ReadonlyArray<Case>>> = {
  "Calls.search": [
    { label: "every filter", args: [{ alloNumber: ALLO, contactNumber: CONTACT, page: 2, size: 50 }] },
    { label: "an Allo number only", args: [{ alloNumber: ALLO }] }
  ],
  "Contacts.get": [
    { label: "with engagement and activity", args: ["cnt_abc123", { extend: ["engagement", "activity"] }] },
    { label: "plain", args: ["cnt_abc123"] }
  ],
  "Contacts.search": [{ label: "a page", args: [{ page: 1, size: 100 }] }, { label: "no parameters", args: [] }],
  "Contacts.create": [
    {
      label: "the spec's example",
      args: [{ name: "John", lastName: "Doe", jobTitle: "CEO", website: "https://acme.com", emails: ["john@acme.com"], numbers: ["+15551234567"] }],
      example: "example"
    },
    { label: "with a caller's idempotency key", args: [{ numbers: ["+15551234567"], idempotencyKey: "contact-import-2026-04-21-0001" }] }
  ],
  "Contacts.update": [{
    label: "the spec's example",
    args: ["cnt_abc123", { name: "John", lastName: "Smith", jobTitle: "CTO", emails: ["john.smith@acme.com", "john@personal.com"] }],
    example: "example"
  }],
  "Contacts.searchConversation": [
    { label: "every filter", args: ["cnt_abc123", { alloNumber: ALLO, page: 0, size: 10 }] },
    { label: "no filter", args: ["cnt_abc123"] }
  ],
  "Sms.send": [
    { label: "a text", args: [{ from: ALLO, to: CONTACT, message: "Hello, this is a test message" }] },
    { label: "with a caller's idempotency key", args: [{ from: ALLO, to: CONTACT, message: "Your code is 4821", idempotencyKey: "otp-7f3a9c" }] }
  ],
  "Sms.sendFrance": [{
    label: "the spec's example",
    args: [{ senderId: "MyCompany", to: "+33612345678", message: "Bonjour, ceci est un message de test" }],
    example: "example"
  }],
  "PhoneNumbers.list": [{ label: "no arguments", args: [] }],
  "PhoneNumbers.listV2": [{ label: "no arguments", args: [] }],
  "PhoneNumbers.setDefaultSummaryTemplate": [
    { label: "the spec's example", args: ["+14155551234", "tst-abc123"], example: "example" },
    { label: "cleared", args: ["+14155551234", null] }
  ],
  "Webhooks.list": [{ label: "no arguments", args: [] }],
  "Webhooks.create": [
    { label: "two topics", args: [{ alloNumber: ALLO, url: "https://example.com/webhooks/allo", topics: ["CALL_RECEIVED", "SMS_RECEIVED"] }] },
    { label: "disabled", args: [{ alloNumber: ALLO, url: "https://example.com/webhooks/allo", topics: ["PING"], enabled: false }] }
  ],
  "Webhooks.delete": [{ label: "by id", args: ["web-2NfDKEm9sF8xK3pQr1Zt"] }],
  "WebhookEndpoints.list": [{ label: "no arguments", args: [] }],
  "WebhookEndpoints.create": [{
    label: "the spec's example",
    args: [{ url: "https://example.com/webhooks/allo", topics: ["call.received", "sms.received"], description: "Production event stream" }],
    example: "example"
  }],
  "WebhookEndpoints.get": [{ label: "by id", args: ["ep_2NfDKEm9sF8xK3pQr1Zt"] }],
  "WebhookEndpoints.update": [
    { label: "the spec's example", args: ["ep_2NfDKEm9sF8xK3pQr1Zt", { topics: ["call.received", "call.completed"], enabled: false }], example: "example" },
    { label: "a new URL and label", args: ["ep_2NfDKEm9sF8xK3pQr1Zt", { url: "https://example.com/hooks/v2", description: "Staging" }] }
  ],
  "WebhookEndpoints.delete": [{ label: "by id", args: ["ep_2NfDKEm9sF8xK3pQr1Zt"] }],
  "WebhookEndpoints.eventTypes": [{ label: "no arguments", args: [] }],
  "Conversations.list": [
    {
      label: "every parameter",
      args: [{ alloNumber: ALLO, lastActivitySince: "2026-04-20T10:00:00Z", unread: true, transcript: true, page: 2, size: 50 }]
    },
    { label: "an Allo number only", args: [{ alloNumber: ALLO }] }
  ],
  "Conversations.searchItems": [
    {
      label: "the spec's example",
      args: [{ search: "billing issues", type: "CALL", sort: "RELEVANCE", date: { from: "2026-01-01", to: "2026-04-21" } }],
      example: "example"
    },
    {
      label: "every filter",
      args: [{
        alloNumber: ALLO,
        contactNumber: CONTACT,
        userId: "usr-abc123",
        direction: "INBOUND",
        type: "SMS",
        result: "ANSWERED",
        tags: ["qualified"],
        unread: true,
        unresponded: false,
        sort: "DATE_ASC",
        transcript: true,
        page: 3,
        size: 100
      }]
    },
    { label: "no filter", args: [] }
  ],
  "Conversations.getItem": [
    { label: "a call with its transcript", args: ["cll-abc123", { transcript: true }] },
    { label: "a text", args: ["msg-abc123"] }
  ],
  "Conversations.getItems": [
    { label: "the spec's example", args: [["cll-abc123", "cll-def456", "cll-ghi789"]], example: "example" },
    { label: "with transcripts", args: [["cll-abc123", "msg-def456"], { transcript: true }] }
  ],
  "Conversations.setStatus": [
    { label: "the spec's example", args: ["+14155551234", "READ", ALLO], example: "example" },
    { label: "on every line", args: ["+14155551234", "ARCHIVE"] }
  ],
  "Conversations.updateSummary": [
    {
      label: "the spec's example",
      args: ["cll-abc123", { content: "# Summary\n\nCustomer asked about pricing for the Pro plan and confirmed a follow-up call next Tuesday." }],
      example: "example"
    },
    { label: "with a template key", args: ["cll-abc123", { content: "Short call, no follow-up.", templateKey: "MARKDOWN_SHORT_CALL" }] }
  ],
  "Conversations.addTags": [{ label: "the spec's example", args: ["cll-abc123", ["qualified", "follow_up"]], example: "example" }],
  "Conversations.removeTag": [{ label: "one tag", args: ["cll-abc123", "qualified"] }],
  "Me.get": [{ label: "no arguments", args: [] }],
  "Users.list": [{ label: "by role and status", args: [{ role: "ADMIN", status: "ACTIVE" }] }, { label: "no filter", args: [] }],
  "Users.get": [{ label: "by id", args: ["usr-abc123"] }],
  "Tags.list": [{ label: "no arguments", args: [] }],
  "DialingQueues.current": [
    { label: "a teammate's, a page", args: [{ userId: USER, page: 1, size: 20 }] },
    { label: "by email", args: [{ email: "teammate@acme.com" }] },
    { label: "mine", args: [] }
  ],
  "DialingQueues.reset": [
    { label: "the spec's example: mine", args: [{ name: "Monday cold calls" }], example: "self" },
    { label: "the spec's example: a teammate's by id", args: [{ name: "Monday cold calls", userId: USER }], example: "teammate_by_pid" },
    { label: "the spec's example: a teammate's by email", args: [{ name: "Monday cold calls", email: "teammate@acme.com" }], example: "teammate_by_email" },
    { label: "an empty body", args: [] }
  ],
  "DialingQueues.upsert": [
    { label: "the spec's example: mine", args: [{ name: "Cold Calls" }], example: "self" },
    { label: "the spec's example: a teammate's", args: [{ name: "Cold Calls", userId: USER }], example: "teammate_by_pid" },
    { label: "every setting", args: [{ voicemailHandling: "SKIP", doNotDisturb: "ENABLED", email: "teammate@acme.com" }] }
  ],
  "DialingQueues.appendNumbers": [
    {
      label: "the spec's example: mine",
      args: [[
        {
          number: "+1 (212) 555-0010",
          name: "John",
          lastName: "Doe",
          company: "Acme Inc",
          jobTitle: "Sales Manager",
          emails: ["john.doe@acme.com"],
          website: "https://acme.com"
        },
        { number: "+33 6 12 34 56 78", name: "Marie", lastName: "Dupont", company: "Acme Inc" },
        { number: "+44 20 7946 0958" }
      ]],
      example: "self"
    },
    { label: "the spec's example: a teammate's by id", args: [[{ number: "+12125550010", name: "John", lastName: "Doe" }], { userId: USER }], example: "teammate_by_pid" },
    {
      label: "the spec's example: a teammate's by email",
      args: [[{ number: "+12125550010", name: "John", lastName: "Doe" }], { email: "teammate@acme.com" }],
      example: "teammate_by_email"
    }
  ],
  "DialingQueues.clearNumbers": [
    { label: "one number", args: [{ number: "+12125550010" }] },
    { label: "one occurrence", args: [{ number: "+12125550010", position: 3 }] },
    { label: "a teammate's unassigned numbers", args: [{ unassigned: true, email: "teammate@acme.com" }] },
    { label: "by position in a teammate's queue", args: [{ position: 0, userId: USER }] }
  ],
  "Analytics.overview": [
    { label: "the spec's example", args: [{ date: march, compareDate: february, userIds: ["usr-abc123", "usr-def456"] }], example: "example" },
    { label: "by number", args: [{ date: march, alloNumbers: [ALLO] }] }
  ],
  "Analytics.outbound": [
    { label: "the spec's example", args: [{ date: march, compareDate: february, tags: ["meeting_booked"], granularity: "DAY" }], example: "example" },
    { label: "the drilldown list", args: [{ date: march, extend: "items", stage: "CONNECTED", page: 2, size: 50, alloNumbers: [ALLO] }] }
  ],
  "SummaryTemplates.list": [{ label: "no arguments", args: [] }],
  "SummaryTemplates.create": [
    { label: "the spec's example", args: [template], example: "example" },
    { label: "a name only", args: [{ name: "Support call" }] }
  ],
  "SummaryTemplates.get": [{ label: "by id", args: ["tst-abc123"] }],
  "SummaryTemplates.update": [{ label: "the spec's example", args: ["tst-abc123", template], example: "example" }],
  "SummaryTemplates.delete": [{ label: "by id", args: ["tst-abc123"] }],
  "PartnerAccounts.create": [
    {
      label: "the spec's example",
      args: [{
        email: "client@example.com",
        name: "Jane Doe",
        personalMobile: "+33612345678",
        partnerClientRef: "crm-12345",
        numberPreference: { country: "FR", prefix: "+337" }
      }],
      example: "example"
    },
    { label: "any prefix", args: [{ email: "client@example.com", name: "Jane Doe", personalMobile: "+33612345678", numberPreference: { country: "US" } }] }
  ],
  "PartnerAccounts.get": [{ label: "by id", args: ["pac-abc123"] }],
  "PartnerAccounts.delete": [{ label: "by id", args: ["pac-abc123"] }],
  "People.create": [
    {
      label: "the spec's example",
      args: [{
        name: "John",
        lastName: "Doe",
        jobTitle: "CEO",
        website: "https://example.com",
        address: "123 Main St",
        numbers: ["+33612345678"],
        emails: ["john@example.com"],
        companyId: "com-xyz789"
      }],
      example: "example"
    },
    { label: "a shared number", args: [{ numbers: ["+33612345678"], allowDuplicateNumber: true }] }
  ],
  "People.get": [{ label: "by id", args: ["per-abc123"] }],
  "People.update": [
    { label: "the spec's example", args: ["per-abc123", { jobTitle: "CTO" }], example: "example" },
    { label: "fields cleared", args: ["per-abc123", { companyId: null, emails: null, numbers: ["+33612345678", "+14155550123"] }] }
  ],
  "People.search": [
    { label: "the spec's example", args: [{ filters: { jobTitle: "engineer", company: "Acme" }, sort: "NAME_ASC", page: 1, size: 20 }], example: "example" },
    {
      label: "every filter",
      args: [{
        filters: { name: "John", lastName: "Doe", website: "acme", phoneNumber: "+33612345678", email: "john@", dealStatus: "won" },
        search: "john acme",
        sort: "CREATED_DESC"
      }]
    },
    { label: "no filter", args: [] }
  ],
  "Companies.create": [
    { label: "the spec's example", args: [{ name: "Acme Corp", website: "https://acme.com", industry: "Technology" }], example: "example" }
  ],
  "Companies.get": [{ label: "by id", args: ["com-xyz789"] }],
  "Companies.update": [
    { label: "the spec's example", args: ["com-xyz789", { industry: "SaaS" }], example: "example" },
    { label: "a new name, the website cleared", args: ["com-xyz789", { name: "Acme Inc", website: null }] }
  ],
  "Companies.search": [
    { label: "the spec's example", args: [{ filters: { name: "Acme", industry: "Technology" }, sort: "NAME_ASC", page: 1, size: 20 }], example: "example" },
    { label: "no filter", args: [] }
  ],
  "Deals.create": [
    {
      label: "the spec's example",
      args: [{ name: "Enterprise Plan", status: "negotiation", amount: 50000, currency: "USD", companyId: "com-xyz789" }],
      example: "example"
    }
  ],
  "Deals.get": [{ label: "by id", args: ["dea-def456"] }],
  "Deals.update": [
    { label: "the spec's example", args: ["dea-def456", { status: "won", closedAt: "2026-04-28T12:00:00" }], example: "example" },
    { label: "the amount cleared", args: ["dea-def456", { amount: null, currency: null }] }
  ],
  "Deals.delete": [{ label: "by id", args: ["dea-def456"] }],
  "Deals.search": [
    { label: "the spec's example", args: [{ search: "Enterprise", page: 1, size: 20 }], example: "example" },
    { label: "by stage, sorted", args: [{ filters: { stage: "negotiation" }, sort: "DATE_ASC" }] }
  ]
}
