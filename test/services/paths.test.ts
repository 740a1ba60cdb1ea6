/**
 * No id can address another resource: every id that lands in a path is
 * percent-encoded (`/`, `?`, `#`, `%` and spaces included) or, when a URL
 * parser would read it as structure (`.`, `..`, a lone surrogate), refused
 * before any request. Checked on the path the fake actually received.
 */
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { Contacts, Conversations, PhoneNumbers, Users, ValidationError, WebhookEndpoints, Webhooks, type Withallo } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"

/** Ids a URL parser would misread if sent raw, and how each must travel. */
const SPECIAL: ReadonlyArray<readonly [id: string, encoded: string]> = [
  ["a/b", "a%2Fb"],
  ["../users", "..%2Fusers"],
  ["x?page=2", "x%3Fpage%3D2"],
  ["x#frag", "x%23frag"],
  ["%2F", "%252F"],
  ["%2e%2e", "%252e%252e"],
  [".%2e", ".%252e"],
  ["a b", "a%20b"],
  ["é", "%C3%A9"]
]

/** Ids refused outright. */
const REFUSED: ReadonlyArray<string> = [".", "..", "\ud800", "x\udc00", "", " "]

type Target = readonly [
  name: string,
  method: string,
  /** The path for an encoded id. */
  path: (encoded: string) => string,
  run: (id: string) => Effect.Effect<unknown, unknown, Withallo.Services>,
  /** Items need their cll-/msg- prefix. */
  prefix?: string
]

const TARGETS: ReadonlyArray<Target> = [
  ["Contacts.get", "GET", (id) => `/v1/api/contact/${id}`, (id) => Contacts.use((c) => c.get(id))],
  ["Contacts.update", "PUT", (id) => `/v1/api/contacts/${id}`, (id) => Contacts.use((c) => c.update(id, { name: "x" }))],
  ["Contacts.searchConversation", "GET", (id) => `/v1/api/contact/${id}/conversation`, (id) => Contacts.use((c) => c.searchConversation(id))],
  ["Webhooks.delete", "DELETE", (id) => `/v1/api/webhooks/${id}`, (id) => Webhooks.use((w) => w.delete(id))],
  ["Users.get", "GET", (id) => `/v2/api/users/${id}`, (id) => Users.use((u) => u.get(id))],
  ["WebhookEndpoints.get", "GET", (id) => `/v2/api/webhooks/${id}`, (id) => WebhookEndpoints.use((w) => w.get(id))],
  ["WebhookEndpoints.update", "PUT", (id) => `/v2/api/webhooks/${id}`, (id) => WebhookEndpoints.use((w) => w.update(id, { enabled: false }))],
  ["WebhookEndpoints.delete", "DELETE", (id) => `/v2/api/webhooks/${id}`, (id) => WebhookEndpoints.use((w) => w.delete(id))],
  ["Conversations.getItem", "GET", (id) => `/v2/api/conversations/items/${id}`, (id) => Conversations.use((c) => c.getItem(id)), "cll-"],
  ["Conversations.updateSummary", "PATCH", (id) => `/v2/api/conversations/items/${id}/summary`, (id) => Conversations.use((c) => c.updateSummary(id, { content: "x" })), "cll-"],
  ["Conversations.addTags", "POST", (id) => `/v2/api/conversations/items/${id}/tags`, (id) => Conversations.use((c) => c.addTags(id, ["vip"])), "msg-"],
  ["Conversations.removeTag (item)", "DELETE", (id) => `/v2/api/conversations/items/${id}/tags/vip`, (id) => Conversations.use((c) => c.removeTag(id, "vip")), "msg-"],
  ["Conversations.removeTag (tag)", "DELETE", (tag) => `/v2/api/conversations/items/cll-1/tags/${tag}`, (tag) => Conversations.use((c) => c.removeTag("cll-1", tag))]
]

describe("ids in paths", () => {
  for (const [name, method, path, run, prefix = ""] of TARGETS) {
    it.effect(`${name}: special characters are percent-encoded and address only that record`, () =>
      Effect.gen(function*() {
        const fake = yield* FakeWithallo
        for (const [id, encoded] of SPECIAL) {
          yield* fake.reset()
          // The fake answers 404 for these ids; only the path sent matters here.
          yield* Effect.exit(run(`${prefix}${id}`))
          const sent = yield* fake.requests
          assert.deepStrictEqual(sent.map((r) => [r.method, r.path]), [[method, path(`${prefix}${encoded}`)]], id)
        }
      }).pipe(Effect.provide(WithalloTest.layer())))

    it.effect(`${name}: ., .., lone surrogates and blank ids are refused, nothing sent`, () =>
      Effect.gen(function*() {
        const fake = yield* FakeWithallo
        // `cll-.` is an ordinary (encoded) segment; a lone surrogate is refused whatever the prefix.
        for (const id of prefix === "" ? REFUSED : [...REFUSED, `${prefix}\ud800`]) {
          const error = yield* Effect.flip(run(id))
          assert.instanceOf(error, ValidationError, JSON.stringify(id))
        }
        assert.lengthOf(yield* fake.requests, 0)
      }).pipe(Effect.provide(WithalloTest.layer())))
  }

  it.effect("a + in a phone number travels as %2B", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* (yield* Conversations).setStatus("+14155551234", "READ").pipe(Effect.exit)
      yield* (yield* PhoneNumbers).setDefaultSummaryTemplate("+14155550100", "tst-abc")
      assert.deepStrictEqual((yield* fake.requests).map((r) => r.path), [
        "/v2/api/conversations/%2B14155551234/action",
        "/v2/api/numbers/%2B14155550100/default_summary_template"
      ])
    }).pipe(Effect.provide(WithalloTest.layer())))
})
