/**
 * Every operation against Allo's documented examples: the request the SDK
 * sends must be the documented one (method, path, query, snake_case JSON
 * body), and the documented response must decode.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Redacted } from "effect"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import {
  Calls,
  Contacts,
  Conversations,
  Me,
  PhoneNumbers,
  Sms,
  Tags,
  Users,
  WebhookEndpoints,
  Webhooks,
  Withallo
} from "../../src/index.js"
import { makeStub } from "../support/stub.js"

type Fixture = {
  readonly request: {
    readonly method: string
    readonly path: string
    readonly query?: Record<string, string>
    readonly body?: unknown
  }
  readonly response: { readonly status: number; readonly body: unknown }
}
const fixture = (name: keyof typeof fixtures): Fixture => fixtures[name] as unknown as Fixture

/** Runs `program` against a transport answering with the fixture's response; checks the request. */
const against = <A, E, R extends Withallo.Services>(name: keyof typeof fixtures, program: Effect.Effect<A, E, R>) =>
  Effect.gen(function*() {
    const f = fixture(name)
    const stub = makeStub([{ status: f.response.status, body: f.response.body as object }])
    const layer = Withallo.services.pipe(Layer.provide(stub.layer()))
    const result = yield* Effect.provide(program, layer)
    assert.strictEqual(stub.sent.length, 1)
    const sent = stub.sent[0]!
    assert.strictEqual(sent.method, f.request.method)
    assert.strictEqual(sent.url.pathname, f.request.path)
    assert.deepStrictEqual(Object.fromEntries(sent.url.searchParams), f.request.query ?? {})
    if (f.request.body === undefined) assert.isUndefined(sent.body)
    else assert.deepStrictEqual(JSON.parse(sent.body ?? "null"), f.request.body)
    return { result, sent }
  })

describe("v1 operations against the documented examples", () => {
  it.effect("Calls.search", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v1_calls_search",
        Calls.use((c) => c.search({ alloNumber: "+1234567890", page: 0, size: 10 }))
      )
      assert.strictEqual(result.page, 0)
      assert.strictEqual(result.items[0]?.id, "call_abc123")
      assert.strictEqual(result.items[0]?.transcript?.[0]?.source, "AGENT")
      assert.isTrue(result.totalPages >= 1)
    }))

  it.effect("Contacts.search reads nested pagination", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v1_contacts_list", Contacts.use((c) => c.search({ page: 0, size: 10 })))
      assert.deepStrictEqual({ page: result.page, totalPages: result.totalPages, hasMore: result.hasMore }, {
        page: 0,
        totalPages: 5,
        hasMore: true
      })
      assert.strictEqual(result.items[0]?.engagement, "ENGAGED")
    }))

  it.effect("Contacts.create sends snake_case", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v1_contact_create",
        Contacts.use((c) =>
          c.create({
            name: "John",
            lastName: "Doe",
            jobTitle: "CEO",
            website: "https://acme.com",
            emails: ["john@acme.com"],
            numbers: ["+15551234567"]
          })
        )
      )
      assert.strictEqual(result.id, "cnt_abc123")
    }))

  it.effect("Contacts.update sends only the given fields", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v1_contact_update",
        Contacts.use((c) =>
          c.update("cnt_abc123", {
            name: "John",
            lastName: "Smith",
            jobTitle: "CTO",
            emails: ["john.smith@acme.com", "john@personal.com"]
          })
        )
      )
      assert.strictEqual(result.last_name, "Smith")
    }))

  it.effect("Contacts.get uses the singular path and extend", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v1_contact_get_extended",
        Contacts.use((c) => c.get("cnt_abc123", { extend: ["engagement", "activity"] }))
      )
      assert.deepStrictEqual(result.emails, ["john@acme.com"])
      assert.strictEqual(result.activity?.[0]?.type, "INBOUND_CALL")
    }))

  it.effect("Contacts.searchConversation", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v1_contact_conversation",
        Contacts.use((c) => c.searchConversation("cnt_abc123", { page: 0, size: 10 }))
      )
      assert.strictEqual(result.items[0]?.type, "CALL")
      assert.strictEqual(result.items[0]?.call?.id, "call_abc123")
      assert.strictEqual(result.items[1]?.type, "TEXT_MESSAGE")
    }))

  it.effect("Sms.send", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* against(
        "v1_sms_send_us",
        Sms.use((s) => s.send({ from: "+1234567890", to: "+0987654321", message: "Hello, this is a test message" }))
      )
      assert.strictEqual(result.content, "Hello, this is a test message")
      assert.isUndefined(sent.headers["idempotency-key"], "v1 writes carry a key only when the caller gives one")
    }))

  it.effect("Sms.sendFrance", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v1_sms_send_france",
        Sms.use((s) =>
          s.sendFrance({ senderId: "MyCompany", to: "+33612345678", message: "Bonjour, ceci est un message de test" })
        )
      )
      assert.strictEqual(result.sender_id, "MyCompany")
      assert.isNull(result.from_number)
    }))

  it.effect("PhoneNumbers.list", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v1_numbers_list", PhoneNumbers.use((p) => p.list()))
      assert.deepStrictEqual(result.map((n) => n.country), ["US", "FR"])
    }))

  it.effect("Webhooks.list exposes allo_number", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v1_webhooks_list_legacy", Webhooks.use((w) => w.list()))
      assert.strictEqual(result[0]?.allo_number, "+1234567890")
    }))

  it.effect("Webhooks.create normalises the camelCase alloNumber", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v1_webhook_create_legacy",
        Webhooks.use((w) =>
          w.create({
            alloNumber: "+1234567890",
            url: "https://example.com/webhooks/allo",
            topics: ["CALL_RECEIVED", "SMS_RECEIVED"]
          })
        )
      )
      assert.strictEqual(result.allo_number, "+1234567890")
      assert.strictEqual(result.id, "web-2NfDKEm9sF8xK3pQr1Zt")
      assert.notProperty(result, "alloNumber")
    }))

  it.effect("Webhooks.delete of an unknown id is a NotFoundError", () =>
    Effect.gen(function*() {
      const f = fixture("v1_webhook_delete_not_found_legacy")
      const stub = makeStub([{ status: 404, body: f.response.body as object }])
      const error = yield* Webhooks.use((w) => w.delete("web-unknown")).pipe(
        Effect.flip,
        Effect.provide(Withallo.services.pipe(Layer.provide(stub.layer())))
      )
      assert.strictEqual(error._tag, "NotFoundError")
      assert.strictEqual((error as { code?: string }).code, "WEBHOOK_NOT_FOUND")
      assert.strictEqual(stub.sent[0]?.url.pathname, "/v1/api/webhooks/web-unknown")
    }))
})

describe("v2 operations against the documented examples", () => {
  it.effect("Me.get", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v2_me", Me.use((m) => m.get()))
      assert.strictEqual(result.api_key_id, "api-abc123def456")
      assert.strictEqual(result.rate_limits?.read_per_second, 20)
    }))

  it.effect("PhoneNumbers.listV2", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v2_numbers_list", PhoneNumbers.use((p) => p.listV2()))
      assert.deepStrictEqual(result[0]?.capabilities, ["VOICE", "SMS", "MMS"])
    }))

  it.effect("Users.list", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v2_users_list", Users.use((u) => u.list({ status: "ACTIVE" })))
      assert.strictEqual(result[0]?.role, "ADMIN")
    }))

  it.effect("Tags.list", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v2_tags_list", Tags.use((t) => t.list()))
      assert.deepStrictEqual(result.map((t) => t.name), ["qualified", "follow_up"])
    }))

  it.effect("Conversations.list reads v2 pagination", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v2_conversations_list",
        Conversations.use((c) =>
          c.list({ alloNumber: "+14155550100", lastActivitySince: "2026-04-20T10:00:00Z", page: 1, size: 20 })
        )
      )
      assert.strictEqual(result.page, 1)
      assert.strictEqual(result.items[0]?.contact_number, "+14155551234")
      assert.isNumber(result.totalCount)
    }))

  it.effect("Conversations.searchItems sends filters in the body", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* against(
        "v2_items_search",
        Conversations.use((c) =>
          c.searchItems({
            search: "billing issues",
            type: "CALL",
            sort: "RELEVANCE",
            date: { from: "2026-01-01", to: "2026-04-21" },
            page: 1,
            size: 20
          })
        )
      )
      assert.strictEqual(result.items[0]?.id, "cll-abc123")
      assert.match(sent.headers["idempotency-key"] ?? "", /^[0-9a-f-]{36}$/, "a v2 POST carries a key, which makes it retryable")
    }))

  it.effect("Conversations.getItem with transcript", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v2_item_get_call_with_transcript",
        Conversations.use((c) => c.getItem("cll-abc123", { transcript: true }))
      )
      assert.isTrue((result.transcript?.length ?? 0) > 0)
    }))

  it.effect("Conversations.getItem of a text", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v2_item_get_sms", Conversations.use((c) => c.getItem("msg-def456")))
      assert.strictEqual(result.type, "SMS")
    }))

  it.effect("Conversations.getItems", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v2_items_batch",
        Conversations.use((c) => c.getItems(["cll-abc123", "cll-def456", "cll-ghi789"]))
      )
      assert.strictEqual(result[0]?.id, "cll-abc123")
    }))

  it.effect("Conversations.setStatus encodes + in the path and sends an idempotency key", () =>
    Effect.gen(function*() {
      const { sent } = yield* against(
        "v2_conversation_action",
        Conversations.use((c) => c.setStatus("+14155551234", "READ", "+14155550100"))
      )
      assert.match(sent.headers["idempotency-key"] ?? "", /^[0-9a-f-]{36}$/)
    }))

  it.effect("Conversations.updateSummary", () =>
    Effect.gen(function*() {
      const content = "# Summary\n\nCustomer asked about pricing for the Pro plan and confirmed a follow-up call next Tuesday."
      const { result } = yield* against(
        "v2_update_call_summary",
        Conversations.use((c) => c.updateSummary("cll-abc123", { content }))
      )
      assert.strictEqual(result.version, 4)
    }))

  it.effect("Conversations.addTags", () =>
    Effect.gen(function*() {
      yield* against("v2_item_add_tags", Conversations.use((c) => c.addTags("cll-abc123", ["qualified", "follow_up"])))
    }))

  it.effect("WebhookEndpoints.list", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v2_webhooks_list", WebhookEndpoints.use((w) => w.list()))
      assert.strictEqual(result[0]?.id, "ep_2NfDKEm9sF8xK3pQr1Zt")
    }))

  it.effect("WebhookEndpoints.create returns the secret as Redacted and uses the caller's key", () =>
    Effect.gen(function*() {
      const { result, sent } = yield* against(
        "v2_webhook_create",
        WebhookEndpoints.use((w) =>
          w.create({
            url: "https://example.com/webhooks/allo",
            topics: ["call.received", "sms.received"],
            description: "Production event stream",
            idempotencyKey: "5f0c8d0e-1b1f-4a7e-9a65-1b8f2b0f2c11"
          })
        )
      )
      assert.strictEqual(sent.headers["idempotency-key"], "5f0c8d0e-1b1f-4a7e-9a65-1b8f2b0f2c11")
      assert.isTrue(result.signing_secret !== undefined && result.signing_secret !== null)
      if (result.signing_secret) {
        assert.strictEqual(Redacted.value(result.signing_secret), "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")
        assert.notInclude(JSON.stringify(result), "C2FVsBQIhrscChlQIMV")
        assert.notInclude(String(result.signing_secret), "C2FVsBQIhrscChlQIMV")
      }
    }))

  it.effect("WebhookEndpoints.update", () =>
    Effect.gen(function*() {
      const { result } = yield* against(
        "v2_webhook_update",
        WebhookEndpoints.use((w) =>
          w.update("ep_2NfDKEm9sF8xK3pQr1Zt", { topics: ["call.received", "call.completed"], enabled: false })
        )
      )
      assert.isFalse(result.enabled)
    }))

  it.effect("WebhookEndpoints.delete", () =>
    Effect.gen(function*() {
      yield* against("v2_webhook_delete", WebhookEndpoints.use((w) => w.delete("ep_2NfDKEm9sF8xK3pQr1Zt")))
    }))

  it.effect("WebhookEndpoints.eventTypes", () =>
    Effect.gen(function*() {
      const { result } = yield* against("v2_webhook_event_types", WebhookEndpoints.use((w) => w.eventTypes()))
      assert.strictEqual(result[1]?.name, "sms.sent")
    }))
})
