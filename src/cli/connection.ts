/**
 * The global flags (`--api-key`, `--base-url`, `--auth-scheme`, `--mock`,
 * `--json`) and the SDK layer they select: the real API, any URL (a local
 * fake, a proxy), or an in-process fake Allo started for this one run.
 *
 * @since 0.1.0
 */
import * as Config from "effect/Config"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import { Flag, GlobalFlag } from "effect/cli"
import * as FetchHttpClient from "effect/http/FetchHttpClient"
import * as Withallo from "../Withallo.js"
import { WithalloClient, type WithalloOptions } from "../WithalloClient.js"
import type { ValidationError, WithalloError } from "../WithalloError.js"
import { CliFailure, describeApiError, ExitCode } from "./errors.js"
import { startMockServer } from "./mockServer.js"

/** `--api-key`, else `WITHALLO_API_KEY`. */
export const ApiKey = GlobalFlag.Setting("api-key")({
  flag: Flag.Redacted("api-key").pipe(
    Flag.withDescription("Allo API key (default: $WITHALLO_API_KEY). Never printed."),
    Flag.optional
  )
})

/** `--base-url`, else `WITHALLO_BASE_URL`, else Allo's. */
export const BaseUrl = GlobalFlag.Setting("base-url")({
  flag: Flag.String("base-url").pipe(
    Flag.withDescription("API host (default: $WITHALLO_BASE_URL or https://api.withallo.com)"),
    Flag.optional
  )
})

/** `--auth-scheme`, else `WITHALLO_AUTH_SCHEME`, else `Api-Key`. */
export const AuthScheme = GlobalFlag.Setting("auth-scheme")({
  flag: Flag.Literals("auth-scheme", ["Api-Key", "raw"] as const).pipe(
    Flag.withDescription("`Authorization: Api-Key <key>` (default) or the bare key (`raw`, older keys)"),
    Flag.optional
  )
})

/** `--mock`: an in-process fake Allo with a realistic seeded history instead of the real API. */
export const Mock = GlobalFlag.Setting("mock")({
  flag: Flag.Boolean("mock").pipe(
    Flag.withDescription("Run against a built-in fake Allo with generated data (no account, no network)"),
    Flag.withDefault(false)
  )
})

/** `--json`: machine-readable output on stdout, errors as JSON on stderr. */
export const Json = GlobalFlag.Setting("json")({
  flag: Flag.Boolean("json").pipe(Flag.withDescription("Machine-readable JSON output"), Flag.withDefault(false))
})

/** Every global flag, for `Command.withGlobalFlags`. */
export const globalFlags = [ApiKey, BaseUrl, AuthScheme, Mock, Json] as const

/** The services the global flags provide to a command. */
export type GlobalSettings =
  | GlobalFlag.Setting.Identifier<"api-key">
  | GlobalFlag.Setting.Identifier<"base-url">
  | GlobalFlag.Setting.Identifier<"auth-scheme">
  | GlobalFlag.Setting.Identifier<"mock">
  | GlobalFlag.Setting.Identifier<"json">

const DEFAULT_BASE_URL = "https://api.withallo.com"

/** Page requests an export has seen, for its progress display and ETA. */
export interface PageCount {
  /** List pages answered so far. */
  pages: number
  /** The page count Allo reported (the largest seen), once a page has arrived. */
  totalPages: number | undefined
}

/** Counts the list pages the SDK fetches: the export's progress reads it. */
export class PageTracker extends Context.Service<PageTracker, PageCount>()("effect-withallo/cli/PageTracker") {}

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === "object" && u !== null

/** `total_pages` of a v1 list envelope: flat in `data.metadata` (calls) or under `pagination` (contacts). */
const totalPagesOf = (body: unknown): number | undefined => {
  if (!isRecord(body) || !isRecord(body.data) || !isRecord(body.data.metadata)) return undefined
  const meta = body.data.metadata
  const numbers = isRecord(meta.pagination) ? meta.pagination : meta
  return typeof numbers.total_pages === "number" ? numbers.total_pages : undefined
}

/**
 * `WithalloClient` with a look at each list page as it arrives. `Calls.stream`
 * hides pages (it emits calls), but an ETA needs the page count, which only
 * the first page's metadata carries.
 */
const trackedClient = Layer.effect(
  WithalloClient,
  Effect.gen(function*() {
    const inner = yield* WithalloClient
    const tracker = yield* PageTracker
    return WithalloClient.of({
      request: (spec) =>
        spec.operation.endsWith(".search")
          ? Effect.tap(inner.request(spec), (body) =>
            Effect.sync(() => {
              const total = totalPagesOf(body)
              if (total === undefined) return
              tracker.pages++
              tracker.totalPages = Math.max(tracker.totalPages ?? 0, total)
            }))
          : inner.request(spec)
    })
  })
)

/** Where the commands send their requests. */
export interface Target {
  readonly baseUrl: string
  readonly options: WithalloOptions
}

const isLoopback = (url: URL): boolean => ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)

/** An optional environment variable; a malformed one counts as absent. */
const envOption = <A>(config: Config.Config<A>): Effect.Effect<Option.Option<A>> =>
  Effect.orElseSucceed(Config.option(config), Option.none<A>)

/**
 * Resolves the global flags into SDK options; with `--mock`, starts the fake
 * for the lifetime of the scope.
 */
export const resolveTarget: Effect.Effect<Target, CliFailure, GlobalSettings | Scope.Scope> = Effect.gen(function*() {
  const mock = yield* Mock
  const flagKey = yield* ApiKey
  const flagUrl = yield* BaseUrl
  const flagScheme = yield* AuthScheme
  const timeout = yield* envOption(Config.Duration("WITHALLO_TIMEOUT"))
  const maxRetries = yield* envOption(Config.Int("WITHALLO_MAX_RETRIES"))
  const tuning = {
    ...(Option.isSome(timeout) ? { timeout: timeout.value } : {}),
    ...(Option.isSome(maxRetries) ? { maxRetries: maxRetries.value } : {})
  }
  if (mock) {
    const server = yield* startMockServer({})
    return {
      baseUrl: server.url,
      options: { apiKey: Redacted.make(server.apiKey), baseUrl: server.url, rateLimit: false, ...tuning }
    }
  }
  const apiKey = Option.isSome(flagKey) ? flagKey : yield* envOption(Config.Redacted("WITHALLO_API_KEY"))
  if (Option.isNone(apiKey) || Redacted.value(apiKey.value).trim() === "") {
    return yield* new CliFailure({
      message: "No API key.",
      hint: "Pass --api-key or set WITHALLO_API_KEY; or add --mock to try the command against a built-in fake.",
      exitCode: ExitCode.usage
    })
  }
  const envUrl = yield* envOption(Config.String("WITHALLO_BASE_URL"))
  const baseUrl = Option.getOrElse(Option.orElse(flagUrl, () => envUrl), () => DEFAULT_BASE_URL)
  let parsed: URL
  try {
    parsed = new URL(baseUrl)
  } catch {
    return yield* new CliFailure({
      message: `--base-url ${JSON.stringify(baseUrl)} is not a URL.`,
      hint: "Use a host such as https://api.withallo.com or http://127.0.0.1:4010.",
      exitCode: ExitCode.usage
    })
  }
  const envScheme = yield* envOption(Config.Literals(["Api-Key", "raw"] as const, "WITHALLO_AUTH_SCHEME"))
  const authScheme = Option.getOrElse(Option.orElse(flagScheme, () => envScheme), () => "Api-Key" as const)
  return {
    baseUrl,
    options: {
      apiKey: apiKey.value,
      baseUrl,
      authScheme,
      // Pacing keeps a key within Allo's published limits; a server on this
      // machine (a fake, a recording proxy) has none.
      ...(isLoopback(parsed) ? { rateLimit: false as const } : {}),
      ...tuning
    }
  }
})

/** Every SDK service and the page tracker, over fetch, for one target. */
export const apiLayer = (target: Target): Layer.Layer<Withallo.Services | PageTracker, ValidationError> =>
  Withallo.services.pipe(
    Layer.provide(trackedClient),
    Layer.provideMerge(Layer.sync(PageTracker, () => ({ pages: 0, totalPages: undefined }))),
    Layer.provide(WithalloClient.layer(target.options)),
    Layer.provide(FetchHttpClient.layer)
  )

/**
 * Runs a command body against the API the global flags select. SDK errors
 * become {@link CliFailure}s worded for the terminal (the host is known here).
 */
export const withApi = <A, R>(
  body: Effect.Effect<A, WithalloError | CliFailure, R>
): Effect.Effect<A, CliFailure, Exclude<Exclude<R, Withallo.Services | PageTracker>, Scope.Scope> | GlobalSettings> =>
  Effect.scoped(Effect.gen(function*() {
    const target = yield* resolveTarget
    return yield* body.pipe(
      Effect.provide(apiLayer(target)),
      Effect.catch((error) =>
        Effect.fail(error._tag === "CliFailure" ? error : CliFailure.fromReport(describeApiError(error, target.baseUrl)))
      )
    )
  }))
