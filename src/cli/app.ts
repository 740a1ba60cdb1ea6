/**
 * The `withallo` command tree and how one invocation ends: the output of a
 * failure (one line on stderr, or JSON under `--json`) and the exit code.
 * Everything it prints goes through `Console` and `Stdio`, so a test runs it
 * in-process with its own and reads what a user would have seen; `main.ts`
 * only provides Node's services and fetch.
 *
 * @since 0.1.0
 */
import * as Cause from "effect/Cause"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import { CliError, CliOutput, Command } from "effect/cli"
import { VERSION } from "../internal/version.js"
import { meCommand, numbersCommand } from "./account.js"
import { analyticsCommand } from "./analytics.js"
import { callsCommand } from "./calls.js"
import { globalFlags } from "./connection.js"
import { contactsCommand } from "./contacts.js"
import { crmCommands } from "./crm.js"
import { demoCommand } from "./demo.js"
import { CliFailure, ExitCode, formatReport, jsonReport, type Report } from "./errors.js"
import { listenCommand } from "./listen.js"
import { messagesCommand } from "./messages.js"
import { mockCommand } from "./mock.js"
import { smsCommand } from "./sms.js"
import { triggerCommand } from "./trigger.js"
import { webhooksCommand } from "./webhooks.js"

/** The root command. */
export const withallo = Command.make("withallo").pipe(
  Command.withDescription("Allo (Withallo) from the command line. Add --mock to any command to try it without an account."),
  Command.withSubcommands([
    callsCommand,
    contactsCommand,
    smsCommand,
    messagesCommand,
    numbersCommand,
    meCommand,
    webhooksCommand,
    listenCommand,
    mockCommand,
    triggerCommand,
    demoCommand,
    analyticsCommand,
    ...crmCommands
  ]),
  Command.withGlobalFlags(globalFlags),
  Command.withExamples([
    { command: "withallo --mock calls export --allo-number +14155550100 --out calls.csv", description: "Try an export" },
    { command: "WITHALLO_API_KEY=ak_live_… withallo me", description: "Check a key's scopes" },
    { command: "withallo listen --secret whsec_…", description: "See what a webhook delivery contains" }
  ])
)

/** One parse error as a clause (no line breaks; effect/cli's suggestions folded in). */
const usageText = (error: CliError.NonShowHelpErrors): string => {
  if (error._tag === "UnrecognizedOption") {
    return `Unrecognized flag ${error.option}${
      error.suggestions.length > 0 ? ` (did you mean ${error.suggestions.join(" or ")}?)` : ""
    }`
  }
  if (error._tag === "UnknownSubcommand") return error.message.split("\n")[0] ?? error.message
  return error.message.replace(/\s*\n\s*/g, " ")
}

/**
 * Help on stdout when asked for; a usage error as one line on stderr with a
 * pointer to `--help` (never the whole help: stdout may be a file the user
 * is filling, as in `withallo calls export … > calls.ndjson`).
 */
const presenter = (json: boolean): CliOutput.Presenter => ({
  present: (event) => {
    if (event._tag !== "InvalidInvocation") return CliOutput.defaultPresenter.present(event)
    const report: Report = {
      tag: "UsageError",
      message: event.errors.map(usageText).join("; "),
      hint: `See \`${event.commandPath.join(" ")} --help\`.`,
      exitCode: ExitCode.usage
    }
    return Console.error(json ? jsonReport(report) : formatReport(report))
  }
})

const wantsJson = (argv: ReadonlyArray<string>): boolean => argv.includes("--json")

/** Runs the CLI on `argv` (without node and script); succeeds with the exit code. */
export const run = (argv: ReadonlyArray<string>) =>
  Command.runWith(withallo, { version: VERSION })(argv).pipe(
    Effect.provideService(CliOutput.Presenter, presenter(wantsJson(argv))),
    Effect.as<number>(ExitCode.ok),
    Effect.catch((error) => {
      if (error instanceof CliFailure) {
        const report = error.report
        return Effect.as(Console.error(wantsJson(argv) ? jsonReport(report) : formatReport(report)), report.exitCode)
      }
      // The presenter has already shown the help or the usage error; a
      // ShowHelp without errors is plain `--help` or a bare command group.
      if (CliError.isCliError(error)) {
        return Effect.succeed(error._tag === "ShowHelp" && error.errors.length === 0 ? ExitCode.ok : ExitCode.usage)
      }
      return Effect.as(Console.error(`error: ${String(error)}`), ExitCode.api)
    }),
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : Effect.gen(function*() {
        // A defect is a bug, but the user still gets one line, not a stack trace.
        const error = Cause.squash(cause)
        yield* Console.error(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)}`)
        return ExitCode.api
      })
    )
  )
