/**
 * `withallo listen`: a local webhook endpoint that verifies each delivery's
 * signature (with `--secret`) and prints the decoded event — the quickest way
 * to see what Allo actually sends. Built on the SDK's own receiver and Node
 * listener, so what it accepts and refuses is what an app using them would.
 *
 * @since 0.1.0
 */
import * as http from "node:http"
import * as Config from "effect/Config"
import * as Effect from "effect/Effect"
import * as Logger from "effect/Logger"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { Command, Flag } from "effect/cli"
import { webhookListener } from "../node/webhookListener.js"
import { topics, type WebhookEvent } from "../schema/WebhookEvent.js"
import * as WebhookReceiver from "../webhooks/WebhookReceiver.js"
import { Json } from "./connection.js"
import { CliFailure, ExitCode } from "./errors.js"
import { urlOf } from "./output.js"

/** Fields worth a glance, in this order, wherever a topic's data has them. */
const KEY_FIELDS = [
  "id",
  "direction",
  "type",
  "result",
  "status",
  "from_number",
  "from",
  "to_number",
  "to",
  "allo_number",
  "sender_id",
  "length_in_minutes",
  "duration",
  "name",
  "last_name",
  "content",
  "summary"
]

const short = (value: string): string => (value.length > 60 ? `${value.slice(0, 57)}…` : value)

/** `topic  key=value …`: one line per event. */
export const eventLine = (event: WebhookEvent, delivery: WebhookReceiver.WebhookDelivery): string => {
  const data: unknown = event.data
  const fields: Array<string> = []
  if (typeof data === "object" && data !== null) {
    for (const key of KEY_FIELDS) {
      const value: unknown = Reflect.get(data, key)
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        fields.push(`${key}=${typeof value === "string" ? short(JSON.stringify(value)) : value}`)
      }
    }
  }
  const id = delivery.id === undefined ? "" : ` (${delivery.id})`
  return `✓ ${event.topic}${id}${fields.length > 0 ? `  ${fields.join(" ")}` : ""}`
}

/** How `listen` reports. */
export interface ListenerOptions {
  readonly port: number
  readonly host: string
  readonly secret: Option.Option<Redacted.Redacted<string>>
  readonly verbose: boolean
  readonly json: boolean
  /** Where lines go (stdout for the command; the demo indents them). */
  readonly print: (line: string) => void
}

/** A running listener. */
export interface RunningListener {
  readonly url: string
}

/** The log line of a refused delivery, without the SDK's `WebhookReceiver.verify:` prefix. */
const messageText = (message: unknown): string =>
  (Array.isArray(message) ? message : [message])
    .map((part) => (typeof part === "string" ? part : part instanceof Error ? part.message : ""))
    .join(" ")
    .replace(/^[A-Za-z]+\.[a-z]+: /, "")

/** Starts a webhook listener for the lifetime of the scope. */
export const startListener = (options: ListenerOptions): Effect.Effect<RunningListener, CliFailure, Scope.Scope> =>
  Effect.gen(function*() {
    const print = (event: WebhookEvent, delivery: WebhookReceiver.WebhookDelivery) =>
      Effect.sync(() => {
        if (options.json) {
          options.print(JSON.stringify({ received: true, topic: event.topic, webhookId: delivery.id ?? null, event }))
          return
        }
        options.print(eventLine(event, delivery))
        if (options.verbose) options.print(JSON.stringify(event, null, 2))
      })
    // Every known topic prints; unknown ones too (onUnknown).
    const handlers: WebhookReceiver.WebhookHandlers<never> = Object.fromEntries(topics.map((topic) => [topic, print]))
    const receiver = WebhookReceiver.make({
      secret: Option.getOrUndefined(options.secret),
      handlers,
      onUnknown: print,
      // A listener for looking at deliveries shows each one, redeliveries included.
      dedupe: false
    })
    // The receiver logs why it refused a delivery (bad signature, malformed
    // body): turn those logs into the one-line reasons `listen` prints.
    const rejections = Logger.layer([
      Logger.make((log) => {
        const reason = messageText(log.message)
        options.print(options.json ? JSON.stringify({ rejected: true, reason }) : `✗ rejected: ${reason}`)
      })
    ])
    const { dispose, listener } = webhookListener(receiver, rejections)
    const server = http.createServer((req, res) => {
      res.once("finish", () => {
        // 400 and 401 were explained by the receiver's log above.
        if (res.statusCode >= 400 && res.statusCode !== 400 && res.statusCode !== 401) {
          const reason = `${req.method ?? "?"} ${req.url ?? ""} answered ${res.statusCode}`
          options.print(options.json ? JSON.stringify({ rejected: true, status: res.statusCode, reason }) : `✗ ${reason}`)
        }
      })
      listener(req, res)
    })
    yield* Effect.acquireRelease(
      Effect.callback<void, CliFailure>((resume) => {
        server.once("error", (error: NodeJS.ErrnoException) =>
          resume(Effect.fail(
            new CliFailure({
              message: `Cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`,
              ...(error.code === "EADDRINUSE" ? { hint: "Another process uses the port; pick one with --port." } : {}),
              exitCode: ExitCode.api
            })
          )))
        server.listen(options.port, options.host, () => resume(Effect.void))
      }),
      () =>
        Effect.promise(() =>
          new Promise<void>((resolve) => {
            server.close(() => resolve())
            server.closeAllConnections()
          }).then(dispose)
        )
    )
    return { url: urlOf(server.address(), options.host) }
  })

const listenCommand = Command.make(
  "listen",
  {
    port: Flag.Int("port").pipe(Flag.withDescription("Port to listen on (0: any free port)"), Flag.withDefault(3000)),
    host: Flag.String("host").pipe(
      Flag.withDescription("Interface to bind (0.0.0.0 to accept from other machines or a tunnel)"),
      Flag.withDefault("127.0.0.1")
    ),
    secret: Flag.Redacted("secret").pipe(
      Flag.withDescription("The endpoint's signing secret (whsec_…; default $WITHALLO_WEBHOOK_SECRET): verify signatures"),
      Flag.optional
    ),
    verbose: Flag.Boolean("verbose").pipe(
      Flag.withDescription("Print each event's full JSON"),
      Flag.withDefault(false)
    )
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    const envSecret = yield* Effect.orElseSucceed(
      Config.option(Config.Redacted("WITHALLO_WEBHOOK_SECRET")),
      Option.none<Redacted.Redacted<string>>
    )
    const secret = Option.orElse(flags.secret, () => envSecret)
    const print = (line: string) => process.stdout.write(`${line}\n`)
    yield* Effect.scoped(Effect.gen(function*() {
      const { url } = yield* startListener({ port: flags.port, host: flags.host, secret, verbose: flags.verbose, json, print })
      if (json) {
        print(JSON.stringify({ listening: url, verifying: Option.isSome(secret) }))
      } else {
        print(`Listening for webhooks on ${url} (${
          Option.isSome(secret) ? "signatures verified" : "signatures NOT verified: pass --secret whsec_…"
        }). Ctrl-C to stop.`)
      }
      return yield* Effect.never
    }))
  })
).pipe(
  Command.withDescription(
    "Receive webhooks locally: verify signatures (with --secret) and print each decoded event; refused deliveries print why"
  ),
  Command.withExamples([
    { command: "withallo listen --port 3000 --secret whsec_…", description: "Verify and print deliveries" },
    { command: "withallo listen --verbose", description: "Print each event's full JSON (no verification)" }
  ])
)

/** `withallo listen`. */
export { listenCommand }
