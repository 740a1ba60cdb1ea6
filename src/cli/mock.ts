/**
 * `withallo mock`: the fake Allo over HTTP, for trying the CLI or another
 * client (any language) without an account.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { Command, Flag } from "effect/cli"
import { Json } from "./connection.js"
import { count } from "./format.js"
import { startMockServer } from "./mockServer.js"

/** `withallo mock`. */
export const mockCommand = Command.make(
  "mock",
  {
    port: Flag.Int("port").pipe(Flag.withDescription("Port on 127.0.0.1 (0: any free port)"), Flag.withDefault(4010)),
    calls: Flag.Int("calls").pipe(Flag.withDescription("Generated calls"), Flag.withDefault(5_000)),
    contacts: Flag.Int("contacts").pipe(Flag.withDescription("Generated contacts"), Flag.withDefault(250))
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    yield* Effect.scoped(Effect.gen(function*() {
      const server = yield* startMockServer(flags)
      const state = yield* server.fake.state
      const numbers = state.numbers.flatMap((n) => (n.number === null ? [] : [n.number]))
      const busiest = numbers[0] ?? "+14155550100"
      const print = (line: string) => process.stdout.write(`${line}\n`)
      if (json) {
        print(JSON.stringify({ url: server.url, apiKey: server.apiKey, numbers, calls: state.callCount, contacts: state.contacts.length }))
      } else {
        print(`Fake Allo listening on ${server.url}`)
        print(`  API key   ${server.apiKey} (any other key gets 401)`)
        print(`  numbers   ${numbers.join(", ")}`)
        print(`  data      ${count(state.callCount)} calls, ${count(state.contacts.length)} contacts`)
        print(`  controls  ${server.url}/__admin/… (latency, faults, requests, sms, webhook-deliveries)`)
        print("")
        print("Try:")
        print(`  withallo --base-url ${server.url} --api-key ${server.apiKey} calls export --allo-number ${busiest} --out calls.csv`)
        print("Ctrl-C to stop.")
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

