/**
 * `withallo sms send`: one text from an Allo number, or from a verified
 * Sender ID to a French number.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import { Command, Flag } from "effect/cli"
import { Sms } from "../services/Sms.js"
import { Json, withApi } from "./connection.js"
import { CliFailure, ExitCode } from "./errors.js"
import { printResult } from "./output.js"

const sendCommand = Command.make(
  "send",
  {
    from: Flag.String("from").pipe(Flag.withDescription("Your Allo number (E.164)"), Flag.optional),
    senderId: Flag.String("sender-id").pipe(
      Flag.withDescription(
        "Verified Sender ID (3–11 letters/digits; `withallo numbers` lists them), instead of --from, for French recipients"
      ),
      Flag.optional
    ),
    to: Flag.String("to").pipe(Flag.withDescription("Recipient (E.164)")),
    message: Flag.String("message").pipe(Flag.withAlias("m"), Flag.withDescription("Text, 1–1000 characters")),
    idempotencyKey: Flag.String("idempotency-key").pipe(
      Flag.withDescription("Makes a retried send safe: Allo sends one text per key"),
      Flag.optional
    )
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    if (Option.isSome(flags.from) === Option.isSome(flags.senderId)) {
      return yield* new CliFailure({
        message: Option.isSome(flags.from) ? "Give --from or --sender-id, not both." : "Missing --from (or --sender-id).",
        hint: "Send from one of your Allo numbers with --from +1…, or from a verified Sender ID with --sender-id (France).",
        exitCode: ExitCode.usage
      })
    }
    const idempotencyKey = Option.getOrUndefined(flags.idempotencyKey)
    const sent = yield* withApi(Effect.gen(function*() {
      const sms = yield* Sms
      return Option.isSome(flags.from)
        ? yield* sms.send({ from: flags.from.value, to: flags.to, message: flags.message, idempotencyKey })
        : yield* sms.sendFrance({
          senderId: Option.getOrElse(flags.senderId, () => ""),
          to: flags.to,
          message: flags.message,
          idempotencyKey
        })
    }))
    yield* printResult(json, sent, () =>
      `Sent SMS from ${sent.from_number ?? sent.sender_id ?? "?"} to ${sent.to_number} at ${sent.start_date}: ` +
      JSON.stringify(sent.content))
  })
).pipe(
  Command.withDescription("Send a text message"),
  Command.withExamples([
    {
      command: "withallo sms send --from +14155550100 --to +14155550199 --message \"Test from withallo\"",
      description: "From one of your Allo numbers"
    },
    {
      command: "withallo sms send --sender-id AcmeCorp --to +33612345678 --message \"Votre code : 1234\"",
      description: "To a French number from a verified Sender ID (`withallo numbers` lists yours; AcmeCorp is the fake's)"
    },
    { command: "withallo --mock sms send --from +14155550100 --to +14155550199 -m hi", description: "Against the built-in fake" }
  ])
)

/** `withallo sms …`. */
export const smsCommand = Command.make("sms").pipe(
  Command.withDescription("Text messages"),
  Command.withSubcommands([sendCommand])
)
