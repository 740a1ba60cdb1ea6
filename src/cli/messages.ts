/**
 * `withallo messages list|show|watch`: read the durable message log — a
 * PostgreSQL database (`--db postgres://…`) or an embedded PGlite directory
 * (`--db ./path`), default `$WITHALLO_MESSAGES_DB`. Reading never sends: the
 * log is opened without its worker and without an Allo connection.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Console from "effect/Console"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Stream from "effect/Stream"
import type * as SqlClient from "effect/sql/SqlClient"
import { Argument, Command, Flag } from "effect/cli"
import type { Message, MessageEvent, MessageStatus } from "../messages/Message.js"
import { MessageStatus as StatusSchema } from "../messages/Message.js"
import { Messages } from "../messages/Messages.js"
import { Conversations } from "../services/Conversations.js"
import { Sms } from "../services/Sms.js"
import { Json } from "./connection.js"
import { CliFailure, ExitCode } from "./errors.js"
import { messagesDemoCommand } from "./messagesDemo.js"

const dbFlag = Flag.String("db").pipe(
  Flag.withDescription("The log: a postgres:// URL, or a PGlite data directory (default: $WITHALLO_MESSAGES_DB)"),
  Flag.optional
)

const failure = (message: string, hint?: string) =>
  new CliFailure({ message, exitCode: ExitCode.usage, ...(hint === undefined ? {} : { hint }) })

/** The SQL client the location names, loading its driver only when used (both are optional dependencies). */
const sqlLayer = (location: string): Effect.Effect<Layer.Layer<SqlClient.SqlClient, unknown>, CliFailure> =>
  /^postgres(ql)?:\/\//.test(location)
    ? Effect.tryPromise({
      try: () => import("@effect/sql-pg"),
      catch: () => failure("@effect/sql-pg is not installed.", "npm install @effect/sql-pg")
    }).pipe(Effect.map(({ PgClient }) => PgClient.layer({ url: Redacted.make(location), maxConnections: 2 })))
    : Effect.tryPromise({
      try: () => import("../pglite/PgliteClient.js"),
      catch: () => failure("@electric-sql/pglite is not installed.", "npm install @electric-sql/pglite")
    }).pipe(Effect.map((PgliteClient) => PgliteClient.layer({ dataDir: location })))

/** Runs `body` with a read-only log. */
const withLog = <A, E>(db: Option.Option<string>, body: Effect.Effect<A, E, Messages>) =>
  Effect.gen(function*() {
    const env = yield* Effect.orElseSucceed(Config.option(Config.String("WITHALLO_MESSAGES_DB")), Option.none<string>)
    const location = Option.getOrUndefined(Option.orElse(db, () => env))
    if (location === undefined) {
      return yield* failure("No message log given.", "Pass --db postgres://… (or a PGlite directory), or set WITHALLO_MESSAGES_DB.")
    }
    const sql = yield* sqlLayer(location)
    // No worker and no Allo connection: nothing here sends or reconciles.
    const log = Messages.layer({ worker: false }).pipe(
      Layer.provide(sql),
      Layer.provide(Layer.mock(Sms, {})),
      Layer.provide(Layer.mock(Conversations, {}))
    )
    return yield* body.pipe(
      Effect.provide(log),
      Effect.mapError((error) =>
        error instanceof CliFailure ? error : new CliFailure({ message: describe(error), exitCode: ExitCode.api })
      )
    )
  })

const describe = (error: unknown): string =>
  typeof error === "object" && error !== null && "message" in error && typeof error.message === "string"
    ? error.message
    : String(error)

const iso = (date: Date | null) => (date === null ? "—" : date.toISOString().replace(/\.\d+Z$/, "Z"))

const line = (m: Message) =>
  [iso(m.createdAt), m.status.padEnd(9), m.key, `${m.from ?? m.senderId ?? "?"} → ${m.to}`, m.error === null ? "" : `${m.error.tag}`]
    .join("  ").trimEnd()

const eventLine = (e: MessageEvent) => {
  const extra = e._tag === "MessageFailed" || e._tag === "MessageUnsettled"
    ? ` ${e.error.tag}: ${e.error.message}`
    : e._tag === "MessageSent" && e.reconciled
    ? " (reconciled)"
    : e._tag === "MessageQueued" && e.attempt > 1
    ? ` (attempt ${e.attempt})`
    : ""
  return `${iso(e.at)}  ${e._tag.padEnd(16)}  ${e.key}${extra}`
}

const statuses: ReadonlyArray<MessageStatus> = StatusSchema.literals

const listCommand = Command.make(
  "list",
  {
    db: dbFlag,
    status: Flag.Literals("status", statuses).pipe(Flag.withDescription("Only this status"), Flag.optional),
    to: Flag.String("to").pipe(Flag.withDescription("Only to this number"), Flag.optional),
    from: Flag.String("from").pipe(Flag.withDescription("Only from this number or Sender ID"), Flag.optional),
    since: Flag.String("since").pipe(Flag.withDescription("Created at or after (ISO 8601)"), Flag.optional),
    limit: Flag.Int("limit").pipe(Flag.withDescription("At most this many (newest first)"), Flag.withDefault(50))
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    const found = yield* withLog(flags.db, Messages.use((messages) =>
      messages.stream({
        status: Option.getOrUndefined(flags.status),
        to: Option.getOrUndefined(flags.to),
        from: Option.getOrUndefined(flags.from),
        since: Option.getOrUndefined(flags.since)
      }).pipe(Stream.take(Math.max(0, flags.limit)), Stream.runCollect)
    ))
    yield* json
      ? Console.log(JSON.stringify(found, null, 2))
      : Console.log(found.length === 0 ? "No messages." : found.map(line).join("\n"))
  })
).pipe(Command.withDescription("List logged messages, newest first"))

const showCommand = Command.make(
  "show",
  { db: dbFlag, idOrKey: Argument.String("id-or-key").pipe(Argument.withDescription("A message id (wm_…) or key")) },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    const [message, own] = yield* withLog(flags.db, Messages.use((messages) =>
      Effect.all([messages.get(flags.idOrKey), messages.history(flags.idOrKey)])
    ))
    if (json) return yield* Console.log(JSON.stringify({ message, events: own }, null, 2))
    const fields: Array<readonly [string, string]> = [
      ["id", message.id],
      ["key", message.key],
      ["status", message.status],
      ["from", message.from ?? message.senderId ?? "—"],
      ["to", message.to],
      ["body", message.body ?? "(not stored)"],
      ["attempts", String(message.attempts)],
      ["allo item", message.alloItemId ?? "—"],
      ["error", message.error === null ? "—" : `${message.error.tag}: ${message.error.message}`],
      ["created", iso(message.createdAt)],
      ["sent", iso(message.sentAt)],
      ["confirmed", iso(message.confirmedAt)]
    ]
    yield* Console.log([...fields.map(([k, v]) => `${k.padEnd(10)} ${v}`), "", ...own.map(eventLine)].join("\n"))
  })
).pipe(Command.withDescription("Show one message and its history"))

const watchCommand = Command.make(
  "watch",
  {
    db: dbFlag,
    fromStart: Flag.Boolean("from-start").pipe(Flag.withDescription("Replay the whole history first"), Flag.withDefault(false))
  },
  Effect.fnUntraced(function*(flags) {
    const json = yield* Json
    yield* withLog(flags.db, Messages.use((messages) =>
      messages.events({ from: flags.fromStart ? "start" : "now" }).pipe(
        Stream.runForEach((event) => Console.log(json ? JSON.stringify(event) : eventLine(event)))
      )
    ))
  })
).pipe(Command.withDescription("Print the log's events as they happen (Ctrl-C to stop)"))

/** `withallo messages …`. */
export const messagesCommand = Command.make("messages").pipe(
  Command.withDescription("The durable message log (Messages): list, show, watch, demo"),
  Command.withSubcommands([listCommand, showCommand, watchCommand, messagesDemoCommand]),
  Command.withExamples([
    { command: "withallo messages list --db postgres://localhost/app --status unsettled", description: "Messages that need a person" },
    { command: "withallo messages show order-1042-shipped --db ./.data/messages", description: "One message and its events" },
    { command: "withallo messages watch --db $DATABASE_URL", description: "Follow sends, confirmations and failures" },
    { command: "withallo messages demo", description: "A crash between sent and recorded, settled without a duplicate" }
  ])
)
