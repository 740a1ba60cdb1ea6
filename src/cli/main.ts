#!/usr/bin/env node
/**
 * The `withallo` command: everyday Allo jobs from a terminal — export call
 * history and contacts, send a test SMS, list numbers and webhooks, receive
 * webhooks locally, and serve a fake Allo. This entry only provides Node's
 * services (console, stdio, file system) and fetch, and hands the exit code
 * to Node; the commands are in `app.ts`.
 *
 * @since 0.1.0
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Runtime from "effect/Runtime"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import { run } from "./app.js"
import { ExitCode } from "./errors.js"

// The exit code the program chose; the teardown hands it to Node.
let exitCode: number = ExitCode.ok

run(process.argv.slice(2)).pipe(
  Effect.tap((code) => Effect.sync(() => (exitCode = code))),
  Effect.provide([NodeServices.layer, FetchHttpClient.layer]),
  NodeRuntime.runMain({
    disableErrorReporting: true,
    teardown: (exit, onExit) => (Exit.isSuccess(exit) ? onExit(exitCode) : Runtime.defaultTeardown(exit, onExit))
  })
)
