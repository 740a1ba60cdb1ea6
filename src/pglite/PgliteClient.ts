/**
 * An `effect/sql` client for PGlite (`@electric-sql/pglite`): PostgreSQL
 * compiled to WebAssembly, in this process, with no server. It speaks the
 * same SQL as a PostgreSQL server (dialect `pg`), so code and migrations
 * written for `@effect/sql-pg` run on it unchanged. Data lives in memory or
 * in a directory (`dataDir`) that survives restarts; one process at a time
 * may open a directory.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { SqlClient } from "effect/sql"
 * import { PgliteClient } from "effect-withallo/pglite"
 *
 * const program = Effect.gen(function*() {
 *   const sql = yield* SqlClient.SqlClient
 *   return yield* sql`SELECT 1 AS one`
 * }).pipe(Effect.provide(PgliteClient.layer({ dataDir: "./.data/messages" })))
 * ```
 *
 * @since 0.1.0
 */
import { PGlite } from "@electric-sql/pglite"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Reactivity from "effect/reactivity/Reactivity"
import * as Semaphore from "effect/Semaphore"
import type * as Scope from "effect/Scope"
import * as Client from "effect/sql/SqlClient"
import type { Connection } from "effect/sql/SqlConnection"
import * as SqlErrors from "effect/sql/SqlError"
import * as Statement from "effect/sql/Statement"
import * as Stream from "effect/Stream"

/** Options of {@link make} and {@link layer}. */
export interface PgliteClientOptions {
  /**
   * Where the database lives: a directory (created when missing; survives
   * restarts), or absent for an in-memory database that ends with the scope.
   */
  readonly dataDir?: string | undefined
}

const escape = Statement.defaultEscape("\"")

/** The PostgreSQL dialect's compiler: `$n` placeholders, double-quoted identifiers. */
const compiler = Statement.makeCompiler({
  dialect: "pg",
  placeholder: (index) => `$${index}`,
  onIdentifier: escape,
  onRecordUpdate: (placeholders, valueAlias, valueColumns, values, returning) => [
    `(values ${placeholders}) AS ${valueAlias}${valueColumns}${returning ? ` RETURNING ${returning[0]}` : ""}`,
    returning ? values.flat().concat(returning[1]) : values.flat()
  ],
  onCustom: () => ["", []]
})

interface PgliteError {
  readonly code?: unknown
  readonly message?: unknown
  readonly constraint?: unknown
}

const isPgliteError = (u: unknown): u is PgliteError => typeof u === "object" && u !== null && "code" in u

/** SQLSTATE classes onto effect/sql's error reasons. */
const classify = (cause: unknown, operation: string): SqlErrors.SqlErrorReason => {
  const code = isPgliteError(cause) && typeof cause.code === "string" ? cause.code : ""
  const message = isPgliteError(cause) && typeof cause.message === "string" ? cause.message : String(cause)
  const fields = { cause, message, operation }
  if (code === "23505") {
    const constraint = isPgliteError(cause) && typeof cause.constraint === "string" ? cause.constraint : ""
    return new SqlErrors.UniqueViolation({ ...fields, constraint })
  }
  if (code.startsWith("23")) return new SqlErrors.ConstraintError(fields)
  if (code === "40001") return new SqlErrors.SerializationError(fields)
  if (code === "40P01") return new SqlErrors.DeadlockError(fields)
  if (code === "55P03") return new SqlErrors.LockTimeoutError(fields)
  if (code === "57014") return new SqlErrors.StatementTimeoutError(fields)
  if (code.startsWith("42")) return new SqlErrors.SqlSyntaxError(fields)
  return new SqlErrors.UnknownError(fields)
}

const sqlError = (operation: string) => (cause: unknown) => new SqlErrors.SqlError({ reason: classify(cause, operation) })

type Rows = ReadonlyArray<Record<string, unknown>>
type TransformRows = (<A extends object>(rows: ReadonlyArray<A>) => ReadonlyArray<A>) | undefined

const makeConnection = (db: PGlite): Connection => {
  const query = (sql: string, params: ReadonlyArray<unknown>) =>
    Effect.tryPromise({
      try: () => db.query<Record<string, unknown>>(sql, [...params]),
      catch: sqlError("execute")
    })
  const rows = (sql: string, params: ReadonlyArray<unknown>, transform: TransformRows): Effect.Effect<Rows, SqlErrors.SqlError> =>
    Effect.map(query(sql, params), (result) => (transform === undefined ? result.rows : transform(result.rows)))
  const values = (sql: string, params: ReadonlyArray<unknown>) =>
    Effect.tryPromise({
      try: () => db.query<Array<unknown>>(sql, [...params], { rowMode: "array" }),
      catch: sqlError("execute")
    }).pipe(Effect.map((result) => result.rows))
  // Migrations hand over several statements at once; the simple protocol
  // (`exec`) runs them, where `query` accepts exactly one.
  const unprepared = (sql: string, params: ReadonlyArray<unknown>, transform: TransformRows): Effect.Effect<Rows, SqlErrors.SqlError> =>
    params.length > 0
      ? rows(sql, params, transform)
      : Effect.tryPromise({ try: () => db.exec(sql), catch: sqlError("execute") }).pipe(
        Effect.map((results) => {
          const last = results[results.length - 1]?.rows ?? []
          return transform === undefined ? last : transform(last)
        })
      )
  return {
    execute: rows,
    executeRaw: query,
    executeStream: (sql, params, transform) => Stream.fromIterableEffect(rows(sql, params, transform)),
    executeValues: values,
    executeValuesUnprepared: values,
    executeUnprepared: unprepared
  }
}

/**
 * An `SqlClient` over a PGlite database opened for the scope. PGlite runs one
 * session, so statements take turns and a transaction holds the session
 * until it ends.
 */
export const make = (
  options: PgliteClientOptions = {}
): Effect.Effect<Client.SqlClient, SqlErrors.SqlError, Scope.Scope | Reactivity.Reactivity> =>
  Effect.gen(function*() {
    const db = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          const db = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir)
          await db.waitReady
          return db
        },
        catch: (cause) =>
          new SqlErrors.SqlError({
            reason: new SqlErrors.ConnectionError({ cause, message: `PGlite did not open: ${String(cause)}`, operation: "connect" })
          })
      }),
      (db) => Effect.promise(() => db.close().catch(() => undefined))
    )
    const connection = makeConnection(db)
    const acquirers = Client.makeSqliteAcquirers({
      connection: Effect.succeed(connection),
      semaphore: yield* Semaphore.make(1)
    })
    return yield* Client.make({
      driver: "pglite",
      compiler,
      spanAttributes: [["db.system.name", "postgresql"]],
      acquirer: acquirers.acquirer,
      borrower: acquirers.borrower,
      transactionAcquirer: acquirers.transactionAcquirer,
      onCommitFailure: acquirers.onCommitFailure,
      releaseSavepoint: (name) => `RELEASE SAVEPOINT ${name}`
    })
  })

/** `SqlClient` over PGlite, for the layer's lifetime. */
export const layer = (options: PgliteClientOptions = {}): Layer.Layer<Client.SqlClient, SqlErrors.SqlError> =>
  Layer.effect(Client.SqlClient, make(options)).pipe(Layer.provide(Reactivity.layer))
