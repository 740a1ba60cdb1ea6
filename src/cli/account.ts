/**
 * `withallo numbers` and `withallo me`: what the workspace and the key have.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import { Command } from "effect/cli"
import { Me } from "../services/Me.js"
import { PhoneNumbers } from "../services/PhoneNumbers.js"
import { Json, withApi } from "./connection.js"
import { printResult, table } from "./output.js"

/** `withallo numbers`. */
export const numbersCommand = Command.make(
  "numbers",
  {},
  Effect.fnUntraced(function*() {
    const json = yield* Json
    const numbers = yield* withApi(PhoneNumbers.use((service) => service.listV2()))
    yield* printResult(json, numbers, () =>
      numbers.length === 0
        ? "No Allo numbers or Sender IDs in this workspace."
        : table(
          ["SEND WITH", "TYPE", "NAME", "COUNTRY", "CAPABILITIES"],
          numbers.map((n) =>
            n.type === "SENDER_ID"
              ? [`--sender-id ${n.name ?? "?"}`, "SENDER_ID", n.name, n.country, (n.capabilities ?? []).join(",")]
              : [`--from ${n.number ?? "?"}`, n.type ?? "?", n.name, n.country, (n.capabilities ?? []).join(",")]
          )
        ))
  })
).pipe(
  Command.withDescription(
    "List the workspace's Allo numbers and verified Sender IDs, and the flag `sms send` takes for each (v2, scope PHONE_NUMBERS_READ)"
  ),
  Command.withExamples([
    { command: "withallo numbers", description: "Numbers and Sender IDs as a table" },
    { command: "withallo numbers --json | jq -r '.[] | select(.type == \"NUMBER\") | .number'", description: "Just the numbers" }
  ])
)

/** `withallo me`. */
export const meCommand = Command.make(
  "me",
  {},
  Effect.fnUntraced(function*() {
    const json = yield* Json
    const me = yield* withApi(Me.use((service) => service.get()))
    yield* printResult(json, me, () =>
      [
        `API key    ${me.api_key_id}`,
        `team       ${me.team == null ? "—" : `${me.team.name} (${me.team.id})`}`,
        `limits     ${me.rate_limits?.read_per_second ?? "?"} reads/s, ${me.rate_limits?.write_per_second ?? "?"} writes/s`,
        `scopes     ${(me.scopes ?? []).join(", ") || "—"}`,
        `endpoints  ${(me.endpoints ?? []).length}`,
        ...(me.endpoints ?? []).map((e) => `  ${e.method.padEnd(6)} ${e.path}`)
      ].join("\n"))
  })
).pipe(
  Command.withDescription("Show what the API key can do: scopes, endpoints, team, rate limits (v2 /me)"),
  Command.withExamples([
    { command: "withallo me", description: "Check a key before using it" },
    { command: "withallo me --json | jq .scopes", description: "Scopes as JSON" }
  ])
)
