/**
 * The SDK's services in the browser, talking to the app's browser server
 * (`WithalloBrowserServer`) instead of Allo: the same `Calls`, `Sms`,
 * `Conversations`… and the same Effect code, with no API key and no Allo
 * address in the bundle.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { Calls, WithalloBrowser } from "effect-withallo/browser"
 *
 * const live = WithalloBrowser.layer({ url: "/api/withallo" })
 * const page = Calls.use((calls) => calls.search({ alloNumber: "+14155550100" }))
 * Effect.runPromise(page.pipe(Effect.provide(live)))
 * ```
 *
 * @since 0.2.0
 */
import * as Layer from "effect/Layer"
import { WithalloClient } from "../internal/clientKey.js"
import { services } from "../internal/services.js"
import type { Services } from "../Withallo.js"
import * as Client from "./client.js"
import * as Feed from "./liveFeed.js"

export { LiveFeed } from "./liveFeed.js"

// Types are re-exported, not re-declared as aliases (see WebhookReceiver).
export type { BrowserOptions } from "./client.js"
export type { FeedEvent, FeedMessage, FeedStatus, LiveFeedOptions } from "./liveFeed.js"

/** `WithalloClient` over the browser server; put only the services you use on top to keep the bundle small. */
export const client = (options: Client.BrowserOptions): Layer.Layer<WithalloClient> =>
  Layer.succeed(WithalloClient, Client.client(options))

/** The live feed of the browser server's webhook deliveries. */
export const liveFeed = (options: Feed.LiveFeedOptions): Layer.Layer<Feed.LiveFeed> => Feed.layer(options)

/**
 * Every resource service, the client under them and the live feed. Built
 * fresh: the services' layers are the SDK's own, and effect shares a layer
 * built elsewhere in the same program (say, a test that also talks to the
 * fake Allo directly); this one must stand on its own client.
 */
export const layer = (options: Feed.LiveFeedOptions): Layer.Layer<Services | WithalloClient | Feed.LiveFeed> =>
  Layer.fresh(services.pipe(Layer.provideMerge(client(options)), Layer.merge(liveFeed(options))))
