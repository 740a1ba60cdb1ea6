import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Schema from "effect/Schema"
import { assert, describe, it } from "vitest"
import { PageTracker, trackedClient } from "../../src/cli/connection.js"
import { describeApiError, type ErrorContext, formatReport } from "../../src/cli/errors.js"
import { WithalloClient } from "../../src/WithalloClient.js"
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RateLimitError,
  ResponseDecodeError,
  ServerError,
  TimeoutError,
  TransportError,
  ValidationError,
  type WithalloError
} from "../../src/WithalloError.js"

const context: ErrorContext = { baseUrl: "https://api.withallo.com", maxRetries: 3, maxRetryAfter: Duration.seconds(60) }

/** A message no description may quote or parse: the CLI words errors from their fields. */
const PROSE = "Calls.search: prose that only the message has"
const common = { operation: "Calls.search", message: PROSE }

const errors: ReadonlyArray<WithalloError> = [
  new AuthenticationError({ ...common, status: 401, code: "INVALID_API_KEY" }),
  new ForbiddenError({ ...common, status: 403, requiredScopes: ["CONVERSATIONS_READ"] }),
  new ForbiddenError({ ...common, status: 403, requiredScopes: [] }),
  new ValidationError({ ...common, status: 0, errors: [{ field: "alloNumber", message: "must be E.164" }] }),
  new ValidationError({ ...common, status: 400, code: "INVALID_SENDER_ID", errors: [{ message: PROSE, code: "INVALID_SENDER_ID" }] }),
  new ValidationError({ ...common, status: 400, code: "SOMETHING_NEW", errors: [{ message: PROSE }] }),
  new NotFoundError({ ...common, status: 400, code: "FROM_NUMBER_NOT_FOUND" }),
  new NotFoundError({ ...common, status: 404, code: "CONTACT_NOT_FOUND" }),
  new ConflictError({ ...common, status: 409, code: "IDEMPOTENCY_KEY_REUSE" }),
  new RateLimitError({ ...common, status: 429, quotaExceeded: true, code: "API_KEY_QUOTA_EXCEEDED" }),
  new RateLimitError({ ...common, status: 429, quotaExceeded: false, retryAfter: Duration.seconds(120) }),
  new RateLimitError({ ...common, status: 429, quotaExceeded: false, retryAfter: Duration.seconds(2) }),
  new RateLimitError({ ...common, status: 429, quotaExceeded: false }),
  new ServerError({ ...common, status: 503 }),
  new TransportError({ ...common, cause: Object.assign(new TypeError("fetch failed"), { cause: { code: "ENOTFOUND" } }) }),
  new TransportError({ ...common, cause: new Error("?") }),
  new TimeoutError({ ...common, timeout: Duration.seconds(30) }),
  new ResponseDecodeError({ ...common, status: 200, cause: new Error("bad") })
]

describe("describeApiError", () => {
  it.each(errors.map((e) => [`${e._tag} ${"code" in e ? e.code ?? "" : ""}`, e] as const))(
    "%s: one line from the fields, with a hint, never the message",
    (_, error) => {
      const report = describeApiError(error, context)
      const line = formatReport(report)
      assert.notInclude(line, "prose that only the message has")
      assert.notInclude(line, "Calls.search")
      assert.notInclude(line, "\n")
      assert.isString(report.hint)
      assert.match(line, /Hint: \S/)
    }
  )

  it("words what the fields say", () => {
    const line = (error: WithalloError) => formatReport(describeApiError(error, context))
    assert.match(line(errors[1] as WithalloError), /lacks the scope CONVERSATIONS_READ \(403\)/)
    assert.match(line(errors[3] as WithalloError), /--allo-number: must be E\.164.*Hint: Fix --allo-number/)
    assert.match(line(errors[6] as WithalloError), /--from number is not an SMS-capable Allo number .*\(400 FROM_NUMBER_NOT_FOUND\)/)
    assert.match(line(errors[10] as WithalloError), /Allo asked to wait 120 s .*the 60 s the CLI waits; nothing was retried/)
    assert.match(line(errors[11] as WithalloError), /3 retries did not get through.*Allo asked to wait 2 s/)
    assert.match(line(errors[14] as WithalloError), /Could not reach api\.withallo\.com: the host name does not resolve/)
    assert.match(line(errors[16] as WithalloError), /within 30 s/)
  })
})

describe("page tracking", () => {
  it("counts list pages by their paging metadata, whatever the operation is called", async () => {
    const page = { data: { results: [], metadata: { total_pages: 7, current_page: 0 } } }
    const stub = Layer.succeed(WithalloClient, WithalloClient.of({ request: (spec) => Effect.orDie(Schema.decodeUnknownEffect(spec.response)(page)) }))
    const tracker = { pages: 0, totalPages: undefined as number | undefined }
    await Effect.runPromise(
      Effect.gen(function*() {
        const client = yield* WithalloClient
        for (const operation of ["Calls.list", "Contacts.search", "Anything.page"]) {
          yield* client.request({ operation, method: "GET", path: "/v1/api/calls", response: Schema.Unknown })
        }
      }).pipe(Effect.provide(trackedClient.pipe(Layer.provide(stub), Layer.provide(Layer.succeed(PageTracker, tracker)))))
    )
    assert.strictEqual(tracker.pages, 3)
    assert.strictEqual(tracker.totalPages, 7)
  })
})
