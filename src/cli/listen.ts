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
import * as Console from "effect/Console"
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
import { portFlag, withShownDefault } from "./flags.js"
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

/** `✓ topic (id)  key=value …`: one line per event; a redelivery is marked `↻ duplicate`. */
export const eventLine = (event: WebhookEvent, delivery: WebhookReceiver.WebhookDelivery, duplicate = false): string => {
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
  const mark = duplicate ? "↻ duplicate" : "✓"
  const note = duplicate ? "  (already received: an app with dedupe acknowledges it without handling it again)" : ""
  return `${mark} ${event.topic}${id}${fields.length > 0 ? `  ${fields.join(" ")}` : ""}${note}`
}

/** How `listen` reports. */
export interface ListenerOptions {
  readonly port: number
  readonly host: string
  readonly secret: Option.Option<Redacted.Redacted<string>>
  readonly verbose: boolean
  readonly json: boolean
  /** Where lines go (`Console.log` for the command; the demo indents them). */
  readonly print: (line: string) => void
}

/** Delivery ids remembered to spot redeliveries (the oldest are forgotten first). */
const SEEN_LIMIT = 10_000

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
    // Allo redelivers until it gets a 2xx: the same webhook-id again is not a new event.
    const seen = new Set<string>()
    const print = (event: WebhookEvent, delivery: WebhookReceiver.WebhookDelivery) =>
      Effect.sync(() => {
        const duplicate = delivery.id !== undefined && seen.has(delivery.id)
        if (delivery.id !== undefined && !duplicate) {
          seen.add(delivery.id)
          if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value ?? "")
        }
        if (options.json) {
          options.print(JSON.stringify({ received: true, duplicate, topic: event.topic, webhookId: delivery.id ?? null, event }))
          return
        }
        options.print(eventLine(event, delivery, duplicate))
        if (options.verbose && !duplicate) options.print(JSON.stringify(event, null, 2))
      })
    // Every known topic prints; unknown ones too (onUnknown).
    const handlers: WebhookReceiver.WebhookHandlers<never> = Object.fromEntries(topics.map((topic) => [topic, print]))
    const receiver = WebhookReceiver.make({
      secret: Option.getOrUndefined(options.secret),
      // Without --secret, only unsigned (v1) deliveries can be shown: a signed
      // one cannot be checked, so it is refused (the receiver fails closed).
      allowUnsigned: Option.isNone(options.secret),
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

const SECRET_PREFIX = "whsec_"

/**
 * Refuses a secret that cannot be Allo's (`whsec_` + base64) before the
 * listener starts, instead of answering 401 to every delivery. The secret
 * itself is never printed.
 */
export const checkSecret = (secret: Redacted.Redacted<string>): Effect.Effect<void, CliFailure> => {
  const raw = Redacted.value(secret)
  const refuse = (why: string) =>
    Effect.fail(
      new CliFailure({
        message: `--secret is malformed: ${why}.`,
        hint: "Copy the endpoint's signing secret again (Allo: Settings > Webhooks; or `signing_secret` when the endpoint is created).",
        exitCode: ExitCode.usage
      })
    )
  if (raw.trim() === "") return refuse("it is empty")
  if (/\s/.test(raw)) return refuse("it contains whitespace (a trailing newline from an env file?)")
  if (!raw.startsWith(SECRET_PREFIX)) return refuse("Allo's signing secrets are `whsec_` followed by base64")
  // The SDK's own reading of the key: what it cannot sign with, it cannot verify with.
  return WebhookReceiver.sign({ id: "msg_probe", timestamp: 0, body: "", secret }).pipe(
    Effect.asVoid,
    Effect.catch(() => refuse("after `whsec_` comes base64 (letters, digits, + and /), and it is not"))
  )
}

const listenCommand = Command.make(
  "listen",
  {
    port: portFlag("Port to listen on", 3000),
    host: Flag.String("host").pipe(
      withShownDefault("Interface to bind (0.0.0.0 to accept from other machines or a tunnel)", "127.0.0.1")
    ),
    secret: Flag.Redacted("secret").pipe(
      Flag.withDescription("The endpoint's signing secret (whsec_…; default: $WITHALLO_WEBHOOK_SECRET): verify signatures"),
      Flag.withFallbackConfig(Config.Redacted("WITHALLO_WEBHOOK_SECRET")),
      Flag.optional
    ),
    verbose: Flag.Boolean("verbose").pipe(
      Flag.withDescription("Print each event's full JSON"),
      Flag.withDefault(false)
    )
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    const secret = flags.secret
    if (Option.isSome(secret)) yield* checkSecret(secret.value)
    const console = yield* Console.consoleWith(Effect.succeed)
    const print = (line: string) => console.log(line)
    yield* Effect.scoped(Effect.gen(function*() {
      const { url } = yield* startListener({ port: flags.port, host: flags.host, secret, verbose: flags.verbose, json, print })
      if (json) {
        yield* Console.log(JSON.stringify({ listening: url, verifying: Option.isSome(secret) }))
      } else {
        yield* Console.log(`Listening for webhooks on ${url} (${
          Option.isSome(secret) ? "signatures verified" : "unsigned (v1) deliveries only; signed ones are refused: pass --secret whsec_… to verify them"
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
