/**
 * A browser server over the in-memory fake Allo, reached through its real
 * web handler by an in-process `fetch`: what a browser would send, without a
 * socket.
 */
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import type * as Scope from "effect/Scope"
import { Calls, Contacts, Me, Sms } from "effect-withallo"
import { WithalloBrowserServer } from "effect-withallo"
import { FakeWithallo, WithalloTest } from "effect-withallo/testing"
import * as Feed from "../../src/browser/feed.js"
import * as Calls_ from "../../src/services/Calls.js"
import * as Sms_ from "../../src/services/Sms.js"
import * as WithalloBrowser from "../../src/browser/WithalloBrowser.js"
import type { WithalloClient } from "../../src/internal/clientKey.js"

export const ALLO_NUMBER = "+14155550100"

/** Sessions by bearer token; "mallory" has none. */
export const sessions: Record<string, { readonly userId: string; readonly numbers: ReadonlyArray<string> }> = {
  "token-alice": { userId: "alice", numbers: [ALLO_NUMBER] },
  "token-bob": { userId: "bob", numbers: ["+33612345678"] }
}

export const authorize = (request: WithalloBrowserServer.BrowserRequest) => {
  const token = request.headers.get("authorization")?.replace(/^Bearer /, "")
  const session = token === undefined ? undefined : sessions[token]
  return session === undefined
    ? Effect.fail(new WithalloBrowserServer.Unauthorized({ message: "sign in first" }))
    : Effect.succeed(session)
}

export type Session = (typeof sessions)[string]

/** The server options the tests start from. */
export const serverOptions = (overrides: Partial<WithalloBrowserServer.Options<Session, never>> = {}) =>
  WithalloBrowserServer.make<Session>({
    allow: [Calls_.search, Sms_.send],
    authorize,
    ...overrides
  })

/**
 * The handler over the test's own fake (the context it already built), and
 * a `fetch` that calls it in-process.
 */
export const handlerFor = (server: WithalloBrowserServer.BrowserServer<never>) =>
  Effect.gen(function*() {
    const context = yield* Effect.context<WithalloClient>()
    const web = WithalloBrowserServer.toWebHandler(server, Layer.succeedContext(context))
    yield* Effect.addFinalizer(() => Effect.promise(() => web.dispose()))
    const fetch: typeof globalThis.fetch = (input, init) =>
      web.handler(input instanceof Request ? input : new Request(new URL(String(input), "http://app.test"), init))
    return { web, fetch }
  })

/** The browser-side layer for a user ("token-alice", …) over that fetch. */
export const browserLayer = (fetch: typeof globalThis.fetch, token: string | undefined) =>
  WithalloBrowser.layer({
    url: "http://app.test/api/withallo",
    fetch,
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` }
  })

/** The fake Allo with every service, seeded. */
export const fakeAllo = (seed: Parameters<typeof WithalloTest.layer>[0] = { calls: 25 }) => WithalloTest.layer(seed)

/** How many requests reached Allo. */
export const alloRequests = Effect.flatMap(FakeWithallo, (fake) => fake.requests)

export { Calls, Contacts, Feed, Me, Sms }
export type { Scope }
