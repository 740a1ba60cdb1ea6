/**
 * The fake Allo the CLI runs against without an account, seeded with a
 * realistic history: in memory for `--mock`, served over HTTP on loopback
 * (the project's `FakeServer`) for `withallo mock` and the demo.
 *
 * @since 0.1.0
 */
import * as Effect from "effect/Effect"
import type * as Scope from "effect/Scope"
import * as FakeServer from "../node/FakeServer.js"
import type { Seed } from "../testing/fake/records.js"
import { DEFAULT_KEY } from "../testing/fake/store.js"
import type { FakeWithallo } from "../testing/FakeWithallo.js"
import { CliFailure, ExitCode } from "./errors.js"

/** What to seed and where to listen. */
export interface MockOptions {
  /** Default 0: any free port. */
  readonly port?: number | undefined
  /** Generated calls over the seeded numbers. Default 5,000. */
  readonly calls?: number | undefined
  /** Generated contacts. Default 250. */
  readonly contacts?: number | undefined
}

/** A running fake. */
export interface MockServer {
  /** `http://127.0.0.1:PORT`: pass as `--base-url`. */
  readonly url: string
  /** A key the fake accepts (every scope). */
  readonly apiKey: string
  /** The fake itself: seed it, read what it received, inject faults. */
  readonly fake: FakeWithallo.Service
}

/** The key the fake accepts with every scope. */
export const mockApiKey: string = DEFAULT_KEY

/** Generated calls unless `--calls` says otherwise. */
export const DEFAULT_MOCK_CALLS = 5_000

/** Generated contacts unless `--contacts` says otherwise. */
export const DEFAULT_MOCK_CONTACTS = 250

/** The seed of `--mock` and `withallo mock`. */
export const mockSeed = (options: MockOptions): Seed => ({
  calls: options.calls ?? DEFAULT_MOCK_CALLS,
  contacts: options.contacts ?? DEFAULT_MOCK_CONTACTS,
  messages: 200,
  companies: 40, people: 300, deals: 150
})

/** Seeds a fresh fake and serves it for the lifetime of the scope. */
export const startMockServer = (options: MockOptions): Effect.Effect<MockServer, CliFailure, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.tryPromise({
      try: () => FakeServer.start({ port: options.port ?? 0, seed: mockSeed(options) }),
      catch: (error) => {
        const code = error instanceof Error && "code" in error ? String(error.code) : String(error)
        return new CliFailure({
          message: `Cannot serve the fake on 127.0.0.1:${options.port ?? 0}: ${code}`,
          ...(code === "EADDRINUSE" ? { hint: "Another process uses the port; pick another with --port." } : {}),
          exitCode: ExitCode.api
        })
      }
    }),
    (server) => Effect.promise(() => server.close())
  ).pipe(Effect.map((server) => ({ url: server.url, apiKey: DEFAULT_KEY, fake: server.fake })))
