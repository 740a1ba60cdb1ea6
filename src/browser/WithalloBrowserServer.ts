/**
 * Allo in browser apps with the API key kept on the server: expose an
 * allow-listed set of operations to signed-in browsers, and the verified
 * webhook deliveries as a live feed. The browser side is
 * `effect-withallo/browser` (and `effect-withallo/react`).
 *
 * @example
 * ```ts
 * import { Effect, Layer, Redacted } from "effect"
 * import { FetchHttpClient } from "effect/http"
 * import { Withallo, WithalloBrowserServer, WebhookReceiver } from "effect-withallo"
 *
 * const feed = WithalloBrowserServer.feed()
 * const server = WithalloBrowserServer.make({
 *   allow: ["Calls.search", "Sms.send"],
 *   authorize: (request) => sessionOf(request.headers.get("cookie")), // your own check
 *   limits: { readsPerMinute: 120, writesPerMinute: 10 },
 *   feed: { hub: feed, visible: (session, event) => session.team === "support" }
 * })
 * const { handler } = WithalloBrowserServer.toWebHandler(
 *   server,
 *   Withallo.layer({ apiKey: Redacted.make(process.env.WITHALLO_API_KEY!) }).pipe(Layer.provide(FetchHttpClient.layer))
 * )
 * // and the receiver publishes what Allo delivers:
 * const receiver = WebhookReceiver.make({ secret, handlers: feed.handlers, onUnknown: feed.publish })
 * ```
 *
 * @since 0.2.0
 */
export { Codes, make, Unauthorized } from "./server.js"
export { make as feed } from "./feed.js"
export { toWebHandler } from "./webHandler.js"
export { toHttpRoutes } from "./serverRoutes.js"

// Types are re-exported, not re-declared as aliases: a library that emits
// declarations for a value built here names them through this module.
export type {
  BrowserRequest,
  BrowserServer,
  EventsReply,
  Exposable,
  FeedOptions,
  OperationCall,
  Options,
  Reply,
  Session
} from "./server.js"
export type { UserLimits } from "./limits.js"
export type { FeedEntry, FeedOptions as HubOptions, WebhookFeed } from "./feed.js"
export type { WebHandler } from "./webHandler.js"
export type { RoutesOptions } from "./serverRoutes.js"
