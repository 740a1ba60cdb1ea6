/**
 * `withallo mock`: the fake Allo over HTTP, for trying the CLI or another
 * client (any language) without an account.
 *
 * @since 0.1.0
 */
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { Command, Flag } from "effect/cli"
import { Json } from "./connection.js"
import { intBetween, portFlag, withShownDefault } from "./flags.js"
import { count } from "./format.js"
import { DEFAULT_MOCK_CALLS, DEFAULT_MOCK_CONTACTS, startMockServer } from "./mockServer.js"

/** The port `withallo mock` serves on unless `--port` says otherwise. */
export const DEFAULT_MOCK_PORT = 4010

/** `withallo mock`. */
export const mockCommand = Command.make(
  "mock",
  {
    port: portFlag("Port on 127.0.0.1", DEFAULT_MOCK_PORT),
    calls: Flag.Int("calls").pipe(intBetween(0), withShownDefault("Generated calls", DEFAULT_MOCK_CALLS)),
    contacts: Flag.Int("contacts").pipe(intBetween(0), withShownDefault("Generated contacts", DEFAULT_MOCK_CONTACTS))
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    yield* Effect.scoped(Effect.gen(function*() {
      const server = yield* startMockServer(flags)
      const state = yield* server.fake.state
      const numbers = state.numbers.flatMap((n) => (n.number === null ? [] : [n.number]))
      const senderIds = state.numbers.flatMap((n) => (n.type === "SENDER_ID" && n.name !== null ? [n.name] : []))
      const busiest = numbers[0] ?? "+14155550100"
      if (json) {
        yield* Console.log(JSON.stringify({
          url: server.url,
          apiKey: server.apiKey,
          numbers,
          senderIds,
          calls: state.callCount,
          contacts: state.contacts.length
        }))
      } else {
        yield* Console.log([
          `Fake Allo listening on ${server.url}`,
          `  API key     ${server.apiKey} (any other key gets 401)`,
          `  numbers     ${numbers.join(", ")}`,
          `  sender ids  ${senderIds.join(", ") || "—"}`,
          `  data        ${count(state.callCount)} calls, ${count(state.contacts.length)} contacts`,
          `  controls    ${server.url}/__admin/… (latency, faults, requests, sms, webhook-deliveries)`,
          "",
          "Try:",
          `  withallo --base-url ${server.url} --api-key ${server.apiKey} calls export --allo-number ${busiest} --out calls.csv`,
          "Ctrl-C to stop."
        ].join("\n"))
      }
      return yield* Effect.never
    }))
  })
).pipe(
  Command.withDescription("Serve a fake Allo API with generated data on 127.0.0.1 until interrupted"),
  Command.withExamples([
    { command: "withallo mock --port 4010 --calls 20000", description: "A large history to export" },
    {
      command: "withallo --base-url http://127.0.0.1:4010 --api-key ak_test_fake numbers",
      description: "Then, in another terminal"
    }
  ])
)
