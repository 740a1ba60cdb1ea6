/**
 * Reading the client's options from the environment through effect's
 * `Config`. Kept out of `WithalloClient.ts` so that a program that passes its
 * options directly does not bundle `Config`/`ConfigProvider`: only
 * `Withallo.layerConfig` imports this module.
 *
 * @internal
 */
import * as Config from "effect/Config"
import * as Duration from "effect/Duration"
import { DEFAULT_BASE_URL, type WithalloOptions } from "./options.js"

/** Reads {@link WithalloOptions} from `WITHALLO_API_KEY`, `WITHALLO_BASE_URL`, `WITHALLO_AUTH_SCHEME`, `WITHALLO_TIMEOUT`, `WITHALLO_MAX_RETRIES`. */
export const optionsConfig: Config.Config<WithalloOptions> = Config.all({
  apiKey: Config.Redacted("WITHALLO_API_KEY"),
  baseUrl: Config.String("WITHALLO_BASE_URL").pipe(Config.withDefault(DEFAULT_BASE_URL)),
  authScheme: Config.Literals(["Api-Key", "raw"], "WITHALLO_AUTH_SCHEME").pipe(
    Config.withDefault<"Api-Key" | "raw">("Api-Key")
  ),
  timeout: Config.Duration("WITHALLO_TIMEOUT").pipe(Config.withDefault(Duration.seconds(30))),
  maxRetries: Config.Int("WITHALLO_MAX_RETRIES").pipe(Config.withDefault(3))
})
