/**
 * `effect-withallo/pglite`: an `effect/sql` client over PGlite
 * (`@electric-sql/pglite`, an optional peer dependency) — the embedded store
 * of the message log, needing no database server.
 *
 * @since 0.1.0
 */
export * as PgliteClient from "./PgliteClient.js"
