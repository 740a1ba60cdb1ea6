#!/usr/bin/env node
/**
 * The `withallo` command: everyday Allo jobs from a terminal — export call
 * history and contacts, send a test SMS, list numbers and webhooks, receive
 * webhooks locally, and serve a fake Allo.
 *
 * @since 0.1.0
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Runtime from "effect/Runtime"
import { CliError, Command } from "effect/cli"
import { VERSION } from "../internal/version.js"
import { meCommand, numbersCommand } from "./account.js"
import { callsCommand } from "./calls.js"
import { contactsCommand } from "./contacts.js"
import { globalFlags } from "./connection.js"
import { CliFailure, ExitCode, formatReport, jsonReport } from "./errors.js"
import { demoCommand } from "./demo.js"
import { listenCommand } from "./listen.js"
import { messagesCommand } from "./messages.js"
import { mockCommand } from "./mock.js"
import { smsCommand } from "./sms.js"
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
    demoCommand
  ]),
  Command.withGlobalFlags(globalFlags),
  Command.withExamples([
    { command: "withallo --mock calls export --allo-number +14155550100 --out calls.csv", description: "Try an export" },
    { command: "WITHALLO_API_KEY=ak_live_… withallo me", description: "Check a key's scopes" },
    { command: "withallo listen --secret whsec_…", description: "See what a webhook delivery contains" }
  ])
)

const wantsJson = (argv: ReadonlyArray<string>): boolean => argv.includes("--json")

/** Runs the CLI on `argv` (without node and script); succeeds with the exit code. */
export const main = (argv: ReadonlyArray<string>) =>
  Command.runWith(withallo, { version: VERSION })(argv).pipe(
    Effect.as(ExitCode.ok),
    Effect.catch((error) => {
      if (error instanceof CliFailure) {
        const report = error.report
        return Effect.sync(() => {
          process.stderr.write(`${wantsJson(argv) ? jsonReport(report) : formatReport(report)}\n`)
          return report.exitCode
        })
      }
      // effect/cli has already printed the usage and what was wrong with it;
      // a ShowHelp without errors is plain `--help` or a bare command group.
      if (CliError.isCliError(error)) {
        return Effect.succeed(error._tag === "ShowHelp" && error.errors.length === 0 ? ExitCode.ok : ExitCode.usage)
      }
      return Effect.sync(() => {
        process.stderr.write(`error: ${String(error)}\n`)
        return ExitCode.api
      })
    }),
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause) ? Effect.failCause(cause) : Effect.sync(() => {
        // A defect is a bug, but the user still gets one line, not a stack trace.
        const error = Cause.squash(cause)
        process.stderr.write(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`)
        return ExitCode.api
      })
    )
  )

// The exit code the program chose; the teardown hands it to Node.
let exitCode: number = ExitCode.ok

main(process.argv.slice(2)).pipe(
  Effect.tap((code) => Effect.sync(() => (exitCode = code))),
  Effect.provide(NodeServices.layer),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    teardown: (exit, onExit) => (Exit.isSuccess(exit) ? onExit(exitCode) : Runtime.defaultTeardown(exit, onExit))
  })
)
