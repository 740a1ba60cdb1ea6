/**
 * `withallo trigger <topic>`: one webhook delivery on demand, as Stripe's
 * `stripe trigger` does. With `--to` it builds the event (realistic default
 * data, overridable with `--data`), signs it when `--secret` is given, POSTs
 * it once and prints the answer; with `--mock-url` it asks a running
 * `withallo mock` to raise the topic, which delivers it to every webhook
 * registered there (or to `--to`), with Allo's retries.
 *
 * @since 0.1.0
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Argument, Command, Flag } from "effect/cli"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as HttpClient from "effect/http/HttpClient"
import type { WebhookDelivery } from "../testing/fake/types.js"
import { makeScoped as makeFake } from "../testing/FakeWithallo.js"
import { CliFailure, ExitCode } from "./errors.js"

const usage = (message: string, hint?: string) =>
  new CliFailure({ message, exitCode: ExitCode.usage, ...(hint === undefined ? {} : { hint }) })

const parseData = (text: Option.Option<string>): Effect.Effect<Record<string, unknown> | undefined, CliFailure> => {
  if (Option.isNone(text)) return Effect.succeed(undefined)
  return Effect.try({
    try: (): unknown => JSON.parse(text.value),
    catch: () => usage("--data is not JSON.", "Give a JSON object, e.g. --data '{\"summary\":\"Booked a demo\"}'.")
  }).pipe(
    Effect.flatMap((value) =>
      typeof value === "object" && value !== null && !Array.isArray(value)
        ? Effect.succeed(Object.fromEntries(Object.entries(value)))
        : Effect.fail(usage("--data must be a JSON object whose keys override the default payload."))
    )
  )
}

/** One line per delivery: where it went and what came back. */
const describeDelivery = (delivery: WebhookDelivery): string => {
  const signed = delivery.headers["webhook-signature"] !== undefined ? `signed, webhook-id ${delivery.headers["webhook-id"] ?? "?"}` : "unsigned"
  const last = delivery.attempts[delivery.attempts.length - 1]
  const outcome = last === undefined
    ? `not sent (${delivery.state})`
    : last.status !== undefined
    ? `${last.status}${last.responseBody === undefined || last.responseBody === "" ? "" : ` ${JSON.stringify(last.responseBody.slice(0, 120))}`}`
    : last.error ?? "no answer"
  const mark = delivery.state === "delivered" ? "✓" : "✗"
  return `${mark} ${delivery.topic} → ${delivery.url} (${signed}): ${outcome}`
}

const delivered = (deliveries: ReadonlyArray<WebhookDelivery>) => deliveries.every((d) => d.state === "delivered")

const FLAG_OF: Readonly<Record<string, string>> = { to: "--to", secret: "--secret", data: "--data", topic: "<topic>" }

/**
 * Builds, signs and POSTs one delivery from this process; only the first
 * attempt is made. Deliveries go to the user's receiver, not to Allo, so
 * they use fetch of their own rather than the API client.
 */
const postDirectly = (topic: string, data: Record<string, unknown> | undefined, to: string, secret: string | undefined) =>
  Effect.scoped(Effect.gen(function*() {
    const client = yield* Effect.provide(
      Effect.gen(function*() {
        return yield* HttpClient.HttpClient
      }),
      FetchHttpClient.layer
    )
    const fake = yield* makeFake({}, { webhookTarget: client })
    const made = yield* fake.trigger(topic, data, { to, secret }).pipe(
      Effect.mapError((error) => {
        const field = error.errors[0]?.field ?? "topic"
        return usage(`${FLAG_OF[field] ?? field}: ${error.errors[0]?.message ?? error.message}`)
      })
    )
    const settled = yield* fake.awaitWebhookDeliveries
    // Closing the scope stops the retries: this command makes one attempt.
    return made.map((delivery) => settled.find((d) => d.id === delivery.id) ?? delivery)
  }))

/** Asks a running fake server to raise the topic. */
const askMock = (mockUrl: string, body: Record<string, unknown>) =>
  Effect.tryPromise({
    try: async () => {
      const response = await fetch(new URL("/__admin/trigger", mockUrl), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body)
      })
      const text = await response.text()
      let parsed: unknown = undefined
      try {
        parsed = JSON.parse(text)
      } catch {
        parsed = undefined
      }
      return { status: response.status, parsed }
    },
    catch: (error) =>
      new CliFailure({
        message: `Cannot reach the fake Allo at ${mockUrl}: ${error instanceof Error ? error.message : String(error)}`,
        hint: "Start one with `withallo mock` and pass its URL (http://127.0.0.1:4010).",
        exitCode: ExitCode.api
      })
  }).pipe(
    Effect.flatMap(({ status, parsed }) => {
      const record = typeof parsed === "object" && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {}
      if (status !== 200) {
        return Effect.fail(usage(`The fake refused the trigger: ${typeof record.error === "string" ? record.error : `HTTP ${status}`}`))
      }
      const data = record.data
      return Effect.succeed(Array.isArray(data) ? data.filter(isDelivery) : [])
    })
  )

const isDelivery = (u: unknown): u is WebhookDelivery =>
  typeof u === "object" && u !== null && "topic" in u && "url" in u && "state" in u && "attempts" in u && "headers" in u

/** `withallo trigger`. */
export const triggerCommand = Command.make(
  "trigger",
  {
    topic: Argument.String("topic").pipe(
      Argument.withDescription("A webhook topic: call.completed, call.received, sms.received, CALL_RECEIVED, SMS_RECEIVED, …")
    ),
    to: Flag.String("to").pipe(Flag.withDescription("POST the delivery to this URL"), Flag.optional),
    secret: Flag.String("secret").pipe(Flag.withDescription("Sign it with this whsec_… secret (Standard Webhooks)"), Flag.optional),
    data: Flag.String("data").pipe(Flag.withDescription("JSON object overriding fields of the default payload"), Flag.optional),
    mockUrl: Flag.String("mock-url").pipe(
      Flag.withDescription("Ask the withallo mock at this URL to deliver it to its registered webhooks (or --to)"),
      Flag.optional
    )
  },
  Effect.fnUntraced(function*(flags) {
    const data = yield* parseData(flags.data)
    const to = Option.getOrUndefined(flags.to)
    const secret = Option.getOrUndefined(flags.secret)
    let deliveries: ReadonlyArray<WebhookDelivery>
    if (Option.isSome(flags.mockUrl)) {
      deliveries = yield* askMock(flags.mockUrl.value, {
        topic: flags.topic,
        ...(data === undefined ? {} : { data }),
        ...(to === undefined ? {} : { to }),
        ...(secret === undefined ? {} : { secret })
      })
      if (deliveries.length === 0) {
        return yield* new CliFailure({
          message: `No webhook on the fake at ${flags.mockUrl.value} is subscribed to ${flags.topic}.`,
          hint: "Register one (withallo webhooks create …, or POST /v2/api/webhooks), or pass --to.",
          exitCode: ExitCode.api
        })
      }
    } else if (to !== undefined) {
      deliveries = yield* postDirectly(flags.topic, data, to, secret)
    } else {
      return yield* usage(
        "Give --to <url> or --mock-url <url>.",
        "--to posts one delivery there; --mock-url asks a running `withallo mock` to deliver to its registered webhooks."
      )
    }
    for (const delivery of deliveries) yield* Console.log(describeDelivery(delivery))
    if (!delivered(deliveries)) {
      const unanswered = deliveries.some((d) => d.attempts.at(-1)?.status === undefined)
      return yield* new CliFailure({
        message: unanswered ? "The delivery got no answer." : "The receiver did not acknowledge the delivery with a 2xx.",
        hint: unanswered
          ? "Is your receiver listening on that URL? (withallo listen --port 3000 serves one.)"
          : "A receiver answers 401 to a bad or missing signature: check --secret against the receiver's.",
        exitCode: ExitCode.api
      })
    }
  })
).pipe(
  Command.withDescription("Send one webhook delivery of a topic, with realistic data, to a URL or through a running mock"),
  Command.withExamples([
    { command: "withallo trigger call.completed --to http://localhost:3000/hook --secret whsec_…", description: "Signed, straight to your receiver" },
    { command: "withallo trigger SMS_RECEIVED --to http://localhost:3000/hook", description: "A v1 (unsigned) event" },
    { command: "withallo trigger sms.received --mock-url http://127.0.0.1:4010", description: "To every webhook registered on a running mock" }
  ])
)
