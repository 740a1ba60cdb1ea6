/**
 * `withallo webhooks list|create|delete`: the v1 webhook subscriptions, one
 * per Allo number.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { Argument, Command, Flag } from "effect/cli"
import { Webhooks } from "../services/Webhooks.js"
import { Json, withApi } from "./connection.js"
import { printResult, table } from "./output.js"

const TOPICS = ["CALL_RECEIVED", "SMS_RECEIVED", "SMS_SENT", "CONTACT_CREATED", "CONTACT_UPDATED", "PING"]

const listCommand = Command.make(
  "list",
  {},
  Effect.fnUntraced(function*() {
    const json = yield* Json
    const webhooks = yield* withApi(Webhooks.use((service) => service.list()))
    yield* printResult(json, webhooks, () =>
      webhooks.length === 0
        ? "No webhooks."
        : table(
          ["ID", "ALLO NUMBER", "ENABLED", "TOPICS", "URL"],
          webhooks.map((w) => [w.id, w.allo_number, w.enabled === undefined ? undefined : w.enabled ? "yes" : "no", w.topics?.join(","), w.url])
        ))
  })
).pipe(
  Command.withDescription("List webhook subscriptions"),
  Command.withExamples([{ command: "withallo webhooks list", description: "Every subscription" }])
)

const createCommand = Command.make(
  "create",
  {
    alloNumber: Flag.String("allo-number").pipe(Flag.withDescription("The Allo number whose events are sent")),
    url: Flag.String("url").pipe(Flag.withDescription("HTTPS endpoint that receives the events")),
    topics: Flag.String("topics").pipe(
      Flag.withDescription(`Comma-separated topics: ${TOPICS.join(", ")}`),
      Flag.map((text) => text.split(",").map((topic) => topic.trim()).filter((topic) => topic !== ""))
    ),
    disabled: Flag.Boolean("disabled").pipe(Flag.withDescription("Create it switched off"), Flag.withDefault(false))
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    const webhook = yield* withApi(Webhooks.use((service) =>
      service.create({ alloNumber: flags.alloNumber, url: flags.url, topics: flags.topics, enabled: !flags.disabled })
    ))
    yield* printResult(json, webhook, () =>
      `Created webhook ${webhook.id ?? ""} for ${webhook.allo_number}: ${webhook.topics?.join(",") ?? ""} → ${webhook.url ?? ""}`)
  })
).pipe(
  Command.withDescription("Subscribe a URL to an Allo number's events"),
  Command.withExamples([
    {
      command: "withallo webhooks create --allo-number +14155550100 --url https://example.com/allo --topics CALL_RECEIVED,SMS_RECEIVED",
      description: "Calls and incoming texts"
    }
  ])
)

const deleteCommand = Command.make(
  "delete",
  { id: Argument.String("id").pipe(Argument.withDescription("The webhook id (web-…)")) },
  Effect.fnUntraced(function*({ id }) {
    const json = yield* Json
    yield* withApi(Webhooks.use((service) => service.delete(id)))
    yield* printResult(json, { deleted: id }, () => `Deleted webhook ${id}`)
  })
).pipe(
  Command.withDescription("Remove a webhook subscription"),
  Command.withExamples([{ command: "withallo webhooks delete web-abc123", description: "By id" }])
)

/** `withallo webhooks …`. */
export const webhooksCommand = Command.make("webhooks").pipe(
  Command.withDescription("Webhook subscriptions (v1, one per Allo number)"),
  Command.withSubcommands([listCommand, createCommand, deleteCommand])
)
