/**
 * Partner accounts against the fake: the PARTNER scope, create/get/delete
 * requests and results, and the account's API key kept out of every printed
 * or logged value.
 */
import { assert, describe, it } from "@effect/vitest"
import { Cause, Effect, Logger, Redacted } from "effect"
import { inspect } from "node:util"
import { ForbiddenError, PartnerAccounts, ValidationError, type WithalloError } from "../../src/index.js"
import { FakeWithallo, WithalloTest } from "../../src/testing/index.js"

const requests = FakeWithallo.use((fake) => fake.requests)

/** The error's tag and Allo's code, as a user would match on them. */
const tagAndCode = (error: WithalloError) => [error._tag, "code" in error ? error.code : undefined]

const jane = {
  email: "client@example.com",
  name: "Jane Doe",
  personalMobile: "+33612345678",
  numberPreference: { country: "FR", prefix: "+337" },
  partnerClientRef: "crm-12345"
}

/** Every way a value commonly ends up printed. */
const renderings = (value: unknown): ReadonlyArray<string> => [
  String(value),
  JSON.stringify(value) ?? "",
  inspect(value, { depth: 20 }),
  `${JSON.stringify({ wrapped: value })}`
]

describe("PartnerAccounts", () => {
  it.effect("create POSTs the account in snake_case; the new key works and is returned as a Redacted", () =>
    Effect.gen(function*() {
      const account = yield* (yield* PartnerAccounts).create(jane)
      assert.match(account.id, /^usr_/)
      assert.deepStrictEqual([account.status, account.activated, account.partner_client_ref], ["ACTIVE", false, "crm-12345"])
      assert.match(account.phone_numbers?.[0] ?? "", /^\+337\d{8}$/)
      const [request] = yield* requests
      assert.deepStrictEqual([request?.method, request?.path], ["POST", "/v2/api/partner/accounts"])
      assert.deepStrictEqual(request?.body, {
        email: "client@example.com",
        name: "Jane Doe",
        personal_mobile: "+33612345678",
        number_preference: { country: "FR", prefix: "+337" },
        partner_client_ref: "crm-12345"
      })
      assert.isDefined(request?.headers["idempotency-key"])
      assert.isTrue(account.api_key !== undefined && account.api_key !== null && Redacted.isRedacted(account.api_key))
      if (account.api_key === undefined || account.api_key === null) return
      // The key the fake minted authenticates.
      const status = yield* (yield* FakeWithallo).handle({
        method: "GET",
        url: "/v2/api/me",
        headers: { authorization: `Api-Key ${Redacted.value(account.api_key)}` }
      })
      assert.strictEqual(status._tag === "Response" ? status.status : status._tag, 200)
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("the API key never shows in String(), JSON, inspect or the logs", () =>
    Effect.gen(function*() {
      const account = yield* (yield* PartnerAccounts).create(jane)
      const key = account.api_key === undefined || account.api_key === null ? "missing" : Redacted.value(account.api_key)
      assert.match(key, /^ak_live_/)
      const lines: Array<string> = []
      yield* Effect.logInfo("provisioned", account).pipe(
        Effect.andThen(Effect.logError(account.api_key)),
        Effect.provide(Logger.layer([
          Logger.map(Logger.formatSimple, (line) => lines.push(line)),
          Logger.map(Logger.formatJson, (line) => lines.push(line))
        ]))
      )
      assert.lengthOf(lines, 4)
      for (const text of [...renderings(account), ...renderings(account.api_key), ...lines]) {
        assert.notInclude(text, key)
      }
      assert.include(JSON.stringify(account), "\"api_key\":\"<redacted>\"")
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("a create answer that fails to decode does not carry the key into the error", () =>
    Effect.gen(function*() {
      const secret = "ak_live_ShouldNeverBePrinted0001"
      yield* (yield* FakeWithallo).injectFault({
        method: "POST",
        path: "/v2/api/partner/accounts",
        fault: { _tag: "Status", status: 201, body: { data: { id: "usr_1", api_key: secret, activated: "yes", phone_numbers: "+337" } } }
      })
      const error = yield* Effect.flip((yield* PartnerAccounts).create(jane))
      assert.strictEqual(error._tag, "ResponseDecodeError")
      const lines: Array<string> = []
      yield* Effect.logError("create failed", Cause.fail(error)).pipe(
        Effect.provide(Logger.layer([Logger.map(Logger.formatSimple, (line) => lines.push(line))]))
      )
      for (const text of [...renderings(error), error.message, Cause.pretty(Cause.fail(error)), ...lines]) {
        assert.notInclude(text, secret)
      }
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("get shows the account without its key; delete deactivates it", () =>
    Effect.gen(function*() {
      const partners = yield* PartnerAccounts
      const created = yield* partners.create(jane)
      const read = yield* partners.get(created.id)
      assert.isNull(read.api_key)
      assert.deepStrictEqual(read.phone_numbers, created.phone_numbers)
      yield* partners.delete(created.id)
      assert.strictEqual((yield* partners.get(created.id)).status, "DEACTIVATED")
      const paths = (yield* requests).map((r) => `${r.method} ${r.path}`)
      assert.deepStrictEqual(paths.slice(1), [
        `GET /v2/api/partner/accounts/${created.id}`,
        `DELETE /v2/api/partner/accounts/${created.id}`,
        `GET /v2/api/partner/accounts/${created.id}`
      ])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("an account of another partner key, or none, is a NotFoundError (PARTNER_ACCOUNT_NOT_FOUND)", () =>
    Effect.gen(function*() {
      const fake = yield* FakeWithallo
      yield* fake.registerKey("ak_test_other_partner", ["PARTNER"])
      const created = yield* (yield* PartnerAccounts).create(jane)
      const other = yield* fake.handle({
        method: "GET",
        url: `/v2/api/partner/accounts/${created.id}`,
        headers: { authorization: "Api-Key ak_test_other_partner" }
      })
      assert.strictEqual(other._tag === "Response" ? JSON.parse(other.body ?? "{}").error.code : other._tag, "PARTNER_ACCOUNT_NOT_FOUND")
      const error = yield* Effect.flip((yield* PartnerAccounts).get("usr_nope"))
      assert.deepStrictEqual(tagAndCode(error), ["NotFoundError", "PARTNER_ACCOUNT_NOT_FOUND"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("the same email twice is a ConflictError (PARTNER_ACCOUNT_ALREADY_EXISTS)", () =>
    Effect.gen(function*() {
      const partners = yield* PartnerAccounts
      yield* partners.create(jane)
      const error = yield* Effect.flip(partners.create({ ...jane, partnerClientRef: "crm-2" }))
      assert.deepStrictEqual(tagAndCode(error), ["ConflictError", "PARTNER_ACCOUNT_ALREADY_EXISTS"])
      const nowhere = yield* Effect.flip(partners.create({ ...jane, email: "b@example.com", numberPreference: { country: "JP" } }))
      assert.deepStrictEqual(tagAndCode(nowhere), ["ConflictError", "NO_NUMBER_AVAILABLE"])
    }).pipe(Effect.provide(WithalloTest.layer())))

  it.effect("without the PARTNER scope every call is a ForbiddenError with requiredScopes [PARTNER]", () =>
    Effect.gen(function*() {
      const partners = yield* PartnerAccounts
      const errors = [
        yield* Effect.flip(partners.create(jane)),
        yield* Effect.flip(partners.get("usr_1")),
        yield* Effect.flip(partners.delete("usr_1"))
      ]
      for (const error of errors) {
        assert.instanceOf(error, ForbiddenError)
        if (error instanceof ForbiddenError) assert.deepStrictEqual(error.requiredScopes, ["PARTNER"])
        assert.strictEqual(error.status, 403)
      }
      // A 403 is not retried: one request per call.
      assert.lengthOf(yield* requests, 3)
    }).pipe(Effect.provide(WithalloTest.layer(
      { apiKeys: [{ key: "ak_test_no_partner", scopes: ["CONVERSATIONS_READ"] }] },
      { client: { apiKey: "ak_test_no_partner" } }
    ))))

  const cases: ReadonlyArray<readonly [string, string, (p: PartnerAccounts.Service) => Effect.Effect<unknown, unknown>]> = [
    ["an email without @", "email", (p) => p.create({ ...jane, email: "jane" })],
    ["a blank name", "name", (p) => p.create({ ...jane, name: " " })],
    ["a lowercase country", "numberPreference.country", (p) => p.create({ ...jane, numberPreference: { country: "fr" } })],
    ["a three-letter country", "numberPreference.country", (p) => p.create({ ...jane, numberPreference: { country: "FRA" } })],
    ["an empty id", "id", (p) => p.get("")]
  ]
  for (const [name, field, run] of cases) {
    it.effect(`${name} is a ValidationError on ${field}, and nothing is sent`, () =>
      Effect.gen(function*() {
        const error = yield* Effect.flip(run(yield* PartnerAccounts))
        assert.instanceOf(error, ValidationError)
        if (error instanceof ValidationError) assert.strictEqual(error.errors[0]?.field, field)
        assert.lengthOf(yield* requests, 0)
      }).pipe(Effect.provide(WithalloTest.layer())))
  }
})
