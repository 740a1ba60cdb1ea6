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
 * import { Calls, Sms, Withallo, WithalloBrowserServer, WebhookReceiver } from "effect-withallo"
 *
 * const feed = WithalloBrowserServer.feed()
 * const server = WithalloBrowserServer.make({
 *   allow: [Calls.search, Sms.send],
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
import type * as FeedModule from "./feed.js"
import type * as Limits from "./limits.js"
import type * as Server from "./server.js"
import type * as Routes from "./serverRoutes.js"
import type * as Web from "./webHandler.js"

export { Codes, make, Unauthorized } from "./server.js"
export { make as feed } from "./feed.js"
export { toWebHandler } from "./webHandler.js"
export { toHttpRoutes } from "./serverRoutes.js"

/** What `authorize` must at least say about a signed-in user. */
export type Session = Server.Session
/** Options of {@link make}. */
export type Options<S extends Session, R> = Server.Options<S, R>
/** A browser's request, as `authorize` sees it. */
export type BrowserRequest = Server.BrowserRequest
/** An operation the server can run: any endpoint definition. */
export type Exposable = Server.Exposable
/** One operation a browser asks for, for `permit`. */
export type OperationCall = Server.OperationCall
/** A built browser server. */
export type BrowserServer<R> = Server.BrowserServer<R>
/** Per-user limits. */
export type UserLimits = Limits.UserLimits
/** The live feed's hub. */
export type WebhookFeed = FeedModule.WebhookFeed
/** One delivery in the hub. */
export type FeedEntry = FeedModule.FeedEntry
/** Options of {@link feed}. */
export type FeedOptions = FeedModule.FeedOptions
/** A web handler and its dispose function. */
export type WebHandler = Web.WebHandler
/** Options of {@link toHttpRoutes}. */
export type RoutesOptions = Routes.RoutesOptions
