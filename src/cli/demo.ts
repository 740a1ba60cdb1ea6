/**
 * `withallo demo` (`npm run demo`): a tour of the CLI on a fresh machine, with
 * no account and no network. It serves the fake Allo with a realistic history
 * on loopback, runs the real `withallo` commands against it — exactly what a
 * user would type, parsed and run by the same code — and relays a signed
 * webhook delivery to an in-process `listen` receiver.
 *
 * @since 0.1.0
 */
import * as Clock from "effect/Clock"
import * as Console from "effect/Console"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Path from "effect/Path"
import * as Redacted from "effect/Redacted"
import { CliError, Command, Flag } from "effect/cli"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { VERSION } from "../internal/version.js"
import { WebhookEndpoints } from "../services/WebhookEndpoints.js"
import * as Withallo from "../Withallo.js"
import { callsCommand } from "./calls.js"
import { globalFlags } from "./connection.js"
import { CliFailure, describeApiError, ExitCode } from "./errors.js"
import { intBetween, withShownDefault } from "./flags.js"
import { count } from "./format.js"
import { startListener } from "./listen.js"
import { startMockServer } from "./mockServer.js"
import { stdoutIsTerminal } from "./output.js"
import { smsCommand } from "./sms.js"

/** The commands the tour runs, under the same global flags as `withallo`. */
const tour = Command.make("withallo").pipe(
  Command.withSubcommands([callsCommand, smsCommand]),
  Command.withGlobalFlags(globalFlags)
)

const quote = (arg: string) => (/[\s"$]/.test(arg) ? JSON.stringify(arg) : arg)

/** `withallo demo`. */
export const demoCommand = Command.make(
  "demo",
  {
    calls: Flag.Int("calls").pipe(intBetween(0), withShownDefault("Calls in the fake's history", 12_000)),
    dir: Flag.String("dir").pipe(withShownDefault("Where the export is written", ".tmp/demo"))
  },
  Effect.fnUntraced(function*(flags) {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const tty = yield* stdoutIsTerminal
    const bold = (text: string) => (tty ? `\x1b[1m${text}\x1b[22m` : text)
    const dim = (text: string) => (tty ? `\x1b[2m${text}\x1b[22m` : text)
    const say = (line = "") => Console.log(line)
    const console = yield* Console.consoleWith(Effect.succeed)

    yield* Effect.scoped(Effect.gen(function*() {
      const started = yield* Clock.currentTimeMillis
      // 1. A fake Allo with a realistic history, on loopback.
      const server = yield* startMockServer({ calls: flags.calls, contacts: 400 })
      const state = yield* server.fake.state
      const numbers = state.numbers.flatMap((n) => (n.number === null ? [] : [n.number]))
      const alloNumber = numbers[0] ?? "+14155550100"
      const connection = ["--base-url", server.url, "--api-key", server.apiKey]
      /** Runs `withallo args…` (shown without the connection flags) in this process. */
      const withallo = (args: ReadonlyArray<string>) =>
        Effect.andThen(
          say(bold(`$ withallo ${args.map(quote).join(" ")}`)),
          Command.runWith(tour, { version: VERSION })([...connection, ...args]).pipe(
            Effect.provide(FetchHttpClient.layer),
            Effect.mapError((error) =>
              CliError.isCliError(error)
                ? new CliFailure({ message: `withallo ${args.join(" ")}: ${error.message}`, exitCode: ExitCode.api })
                : error
            )
          )
        )
      yield* say(bold("withallo demo") + " — no account, no network: everything below runs against a local fake Allo.")
      yield* say(
        `Fake Allo on ${server.url}: ${count(state.callCount)} calls over ${numbers.length} numbers ` +
          `(${numbers.join(", ")}), ${count(state.contacts.length)} contacts.`
      )
      yield* say(dim(`(the commands below run with --base-url ${server.url} --api-key ${server.apiKey})`))
      yield* say()

      // 2. Export one number's whole history, with progress and summary.
      yield* Effect.mapError(fs.makeDirectory(flags.dir, { recursive: true }), (error) =>
        new CliFailure({ message: `Cannot create ${flags.dir}: ${error.reason._tag}`, exitCode: ExitCode.api }))
      const out = path.join(flags.dir, "calls.csv")
      yield* say(bold("1. Export a number's call history"))
      yield* withallo(["calls", "export", "--allo-number", alloNumber, "--out", out])
      yield* say()

      // 3. A webhook endpoint for sent texts, and a local receiver with its secret.
      const endpoint = yield* createEndpoint(server.url, server.apiKey)
      const listener = yield* startListener({
        port: 0,
        host: "127.0.0.1",
        secret: Option.fromNullishOr(endpoint.signing_secret),
        verbose: false,
        json: false,
        print: (line) => console.log(`${dim("  listen │")} ${line}`)
      })

      // 4. Send a test SMS: Allo signs an sms.sent delivery for the endpoint.
      yield* say(bold("2. Send a test SMS"))
      yield* withallo(["sms", "send", "--from", alloNumber, "--to", "+14155550199", "--message", "Hello from the withallo demo"])
      yield* say()

      // 5. Relay the delivery to the receiver, as a tunnel to this machine would.
      yield* say(bold("3. Receive the signed webhook (withallo listen, in-process)"))
      yield* say(dim(`Endpoint ${endpoint.id} (sms.sent) → ${listener.url}, verifying signatures with its whsec_ secret`))
      const deliveries = yield* server.fake.takeWebhookDeliveries
      for (const delivery of deliveries) {
        const status = yield* Effect.tryPromise({
          try: (signal) =>
            fetch(listener.url, { method: "POST", headers: delivery.headers, body: delivery.body, signal }).then((r) => r.status),
          catch: () => new CliFailure({ message: `Could not deliver to ${listener.url}.`, exitCode: ExitCode.api })
        })
        yield* say(dim(`  Allo   │ POST ${listener.url} webhook-id=${delivery.headers["webhook-id"] ?? "?"} → ${status}`))
      }
      yield* say()
      const elapsed = (yield* Clock.currentTimeMillis) - started
      yield* say(dim(`Done in ${(elapsed / 1000).toFixed(1)} s. Next: npm run withallo -- --help, or any command with --mock.`))
    }))
  })
).pipe(Command.withDescription("A tour against a built-in fake Allo: export, send an SMS, receive a signed webhook"))

/** Registers a v2 endpoint for `sms.sent` through the SDK; its response carries the signing secret. */
const createEndpoint = (baseUrl: string, apiKey: string) =>
  WebhookEndpoints.use((endpoints) =>
    endpoints.create({ url: "https://example.com/allo-webhooks", topics: ["sms.sent"], description: "withallo demo" })
  ).pipe(
    Effect.provide(
      Withallo.layer({ apiKey: Redacted.make(apiKey), baseUrl, rateLimit: false }).pipe(Layer.provide(FetchHttpClient.layer))
    ),
    Effect.mapError((error) =>
      CliFailure.fromReport(describeApiError(error, { baseUrl, maxRetries: 3, maxRetryAfter: Duration.seconds(60) }))
    )
  )
