/**
 * The global flags (`--api-key`, `--base-url`, `--auth-scheme`, `--mock`,
 * `--json`) and the SDK layer they select: the real API, any URL (a local
 * fake, a proxy), or an in-memory fake Allo created for this one run.
 *
 * The client's options are read once, through the SDK's own `optionsConfig`
 * (the `WITHALLO_*` variables `Withallo.layerConfig` reads), with the flags
 * laid over the environment: the CLI has no reader of its own.
 *
 * @since 0.1.0
 */
import type * as Config from "effect/Config"
import * as ConfigProvider from "effect/ConfigProvider"
import * as Context from "effect/Context"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as SchemaIssue from "effect/SchemaIssue"
import type * as Scope from "effect/Scope"
import { Flag, GlobalFlag } from "effect/cli"
import * as HttpClient from "effect/http/HttpClient"
import { optionsConfig } from "../internal/config.js"
import { DEFAULT_BASE_URL, resolveOptions } from "../internal/options.js"
import * as FakeHttpClient from "../testing/FakeHttpClient.js"
import * as FakeWithallo from "../testing/FakeWithallo.js"
import * as Withallo from "../Withallo.js"
import { WithalloClient, type WithalloOptions } from "../WithalloClient.js"
import type { ValidationError, WithalloError } from "../WithalloError.js"
import { CliFailure, describeApiError, type ErrorContext, ExitCode } from "./errors.js"
import { mockApiKey, mockSeed } from "./mockServer.js"

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
    Flag.withDescription(`API host (default: $WITHALLO_BASE_URL, else ${DEFAULT_BASE_URL})`),
    Flag.optional
  )
})

/** `--auth-scheme`, else `WITHALLO_AUTH_SCHEME`, else `Api-Key`. */
export const AuthScheme = GlobalFlag.Setting("auth-scheme")({
  flag: Flag.Literals("auth-scheme", ["Api-Key", "raw"] as const).pipe(
    Flag.withDescription("`Authorization: Api-Key <key>` or the bare key (`raw`, older keys) (default: $WITHALLO_AUTH_SCHEME, else Api-Key)"),
    Flag.optional
  )
})

/** `--mock`: an in-memory fake Allo with a realistic seeded history instead of the real API. */
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

/**
 * `total_pages` of a v1 list page (flat in `data.metadata` for calls, under
 * `pagination` for contacts); `undefined` for any other answer.
 */
export const totalPagesOf = (body: unknown): number | undefined => {
  if (!isRecord(body) || !isRecord(body.data) || !isRecord(body.data.metadata)) return undefined
  const meta = body.data.metadata
  const numbers = isRecord(meta.pagination) ? meta.pagination : meta
  return typeof numbers.total_pages === "number" ? numbers.total_pages : undefined
}

/**
 * `WithalloClient` with a look at each answer as it arrives: the list pages
 * (recognised by their paging metadata) are counted. `Calls.stream` hides
 * pages (it emits calls), but an ETA needs the page count, which only the
 * pages' metadata carries.
 */
export const trackedClient = Layer.effect(
  WithalloClient,
  Effect.gen(function*() {
    const inner = yield* WithalloClient
    const tracker = yield* PageTracker
    return WithalloClient.of({
      request: (spec) =>
        Effect.tap(inner.request(spec), (body) =>
          Effect.sync(() => {
            const total = totalPagesOf(body)
            if (total === undefined) return
            tracker.pages++
            tracker.totalPages = Math.max(tracker.totalPages ?? 0, total)
          }))
    })
  })
)

/** Where the commands send their requests. */
export interface Target {
  /** The client's options, every default filled in. */
  readonly options: WithalloOptions
  /** Under `--mock`: the in-memory fake's transport (else the `HttpClient` in context). */
  readonly transport: Option.Option<HttpClient.HttpClient>
  /** For wording the errors. */
  readonly context: ErrorContext
}

/** A 429 asking for more than this fails at once (the SDK's default, set here so that the CLI's errors can name it). */
const MAX_RETRY_AFTER = Duration.seconds(60)

const isLoopback = (url: URL): boolean => ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname)

const noApiKey = () =>
  new CliFailure({
    message: "No API key.",
    hint: "Pass --api-key or set WITHALLO_API_KEY; or add --mock to try the command against a built-in fake.",
    exitCode: ExitCode.usage
  })

/** A configuration error as a usage error naming the variable (or the missing key). */
const configFailure = (error: Config.ConfigError): CliFailure => {
  const issues = Schema.isSchemaError(error.cause)
    ? SchemaIssue.makeFormatterStandardSchemaV1()(error.cause.issue).issues
    : []
  const first = issues[0]
  const name = first?.path?.[0]
  const variable = typeof name === "string" ? name : typeof name === "object" ? String(name.key) : undefined
  if (variable === "WITHALLO_API_KEY") return noApiKey()
  return new CliFailure({
    message: variable === undefined
      ? "Cannot read the WITHALLO_* configuration."
      : `${variable} is invalid: ${first?.message ?? "unreadable"}.`,
    hint: "WITHALLO_TIMEOUT is a duration (`30 seconds`), WITHALLO_MAX_RETRIES a whole number, WITHALLO_AUTH_SCHEME Api-Key or raw.",
    exitCode: ExitCode.usage
  })
}

/** Where each client option comes from, for the CLI's users. */
const SOURCES: Readonly<Record<string, string>> = {
  apiKey: "--api-key or WITHALLO_API_KEY",
  baseUrl: "--base-url or WITHALLO_BASE_URL",
  authScheme: "--auth-scheme or WITHALLO_AUTH_SCHEME",
  timeout: "WITHALLO_TIMEOUT",
  maxRetries: "WITHALLO_MAX_RETRIES"
}

/** An option the SDK refuses, as a usage error naming the flag or variable it came from. */
const optionFailure = (error: ValidationError): CliFailure => {
  if (error.errors.some((e) => e.field === "apiKey")) return noApiKey()
  return new CliFailure({
    message: error.errors.map((e) => `${SOURCES[e.field ?? ""] ?? e.field ?? "an option"} ${e.message}`).join("; "),
    hint: "Fix the flag or the environment variable and try again.",
    exitCode: ExitCode.usage
  })
}

/** The flags that were given, as the variables they stand for. */
const overlay = (entries: Record<string, Option.Option<string>>): ConfigProvider.ConfigProvider =>
  ConfigProvider.fromEnvRecord(
    Object.fromEntries(Object.entries(entries).flatMap(([name, value]) => Option.isSome(value) ? [[name, value.value]] : []))
  )

/** The fake host `--mock` requests go to (answered in memory, never sent). */
export const MOCK_BASE_URL = "https://mock.withallo.invalid"

/**
 * Resolves the global flags, over the `WITHALLO_*` configuration, into SDK
 * options; with `--mock`, creates the in-memory fake.
 */
export const resolveTarget: Effect.Effect<Target, CliFailure, GlobalSettings> = Effect.gen(function*() {
  const mock = yield* Mock
  const environment = yield* ConfigProvider.ConfigProvider
  const flags = mock
    ? overlay({ WITHALLO_API_KEY: Option.some(mockApiKey), WITHALLO_BASE_URL: Option.some(MOCK_BASE_URL) })
    : overlay({
      WITHALLO_API_KEY: Option.map(yield* ApiKey, Redacted.value),
      WITHALLO_BASE_URL: yield* BaseUrl,
      WITHALLO_AUTH_SCHEME: yield* AuthScheme
    })
  const read = yield* Effect.mapError(optionsConfig.parse(ConfigProvider.orElse(flags, environment)), configFailure)
  // Checked and defaulted by the SDK's own resolver, as the client will be.
  const resolved = resolveOptions({ ...read, maxRetryAfter: MAX_RETRY_AFTER })
  if (Result.isFailure(resolved)) return yield* optionFailure(resolved.failure)
  const options = resolved.success
  const transport = mock
    ? Option.some(FakeHttpClient.make(yield* FakeWithallo.make(mockSeed({}))))
    : Option.none<HttpClient.HttpClient>()
  return {
    // Pacing keeps a key within Allo's published limits; the in-memory fake
    // and a server on this machine (a fake, a recording proxy) have none.
    options: mock || isLoopback(new URL(options.baseUrl)) ? { ...options, rateLimit: false } : options,
    transport,
    context: { baseUrl: options.baseUrl, maxRetries: options.maxRetries, maxRetryAfter: options.maxRetryAfter }
  }
})

/** Every SDK service and the page tracker, for one target (options the client refuses fail the layer). */
export const apiLayer = (
  target: Target
): Layer.Layer<Withallo.Services | PageTracker, ValidationError, HttpClient.HttpClient> =>
  Withallo.services.pipe(
    Layer.provide(trackedClient),
    Layer.provideMerge(Layer.sync(PageTracker, () => ({ pages: 0, totalPages: undefined }))),
    Layer.provide(WithalloClient.layer(target.options))
  )

/**
 * Runs a command body against the API the global flags select (over the
 * `HttpClient` in context, or the in-memory fake under `--mock`). SDK errors
 * become {@link CliFailure}s worded for the terminal.
 */
export const withApi = <A, R>(
  body: Effect.Effect<A, WithalloError | CliFailure, R>
): Effect.Effect<
  A,
  CliFailure,
  Exclude<Exclude<R, Withallo.Services | PageTracker>, Scope.Scope> | GlobalSettings | HttpClient.HttpClient
> =>
  Effect.scoped(Effect.gen(function*() {
    const target = yield* resolveTarget
    const layer = Option.match(target.transport, {
      onNone: () => apiLayer(target),
      onSome: (client) => Layer.provide(apiLayer(target), Layer.succeed(HttpClient.HttpClient, client))
    })
    return yield* body.pipe(
      Effect.provide(layer),
      Effect.catch((error) =>
        Effect.fail(error._tag === "CliFailure" ? error : CliFailure.fromReport(describeApiError(error, target.context)))
      )
    )
  }))
