/**
 * A whole app for the hook tests: the fake Allo (in memory), the browser
 * server over it with a live-feed hub, and the browser side reaching the
 * server's web handler through an in-process `fetch`.
 */
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as Layer from "effect/Layer"
import * as Scope from "effect/Scope"
import { WithalloBrowserServer } from "effect-withallo"
import { FakeWithallo, type Seed, WithalloTest } from "effect-withallo/testing"
import * as Store from "../../src/react/store.js"
import { authorize, type Session } from "../browser/support.js"
import * as Calls from "../../src/services/Calls.js"
import * as Me from "../../src/services/Me.js"
import * as Sms from "../../src/services/Sms.js"

export const ALLO_NUMBER = "+14155550100"

export const startApp = async (seed: Seed, token: string | undefined = "token-alice") => {
  const scope = Effect.runSync(Scope.make())
  // No retries: a fault shows at once, with no real waiting between attempts.
  const context = await Effect.runPromise(
    Layer.buildWithScope(WithalloTest.layer(seed, { client: { maxRetries: 0 } }), scope)
  )
  const fake = Context.get(context, FakeWithallo)
  const hub = WithalloBrowserServer.feed()
  const server = WithalloBrowserServer.make<Session>({
    allow: [Calls.search, Sms.send, Me.get, "Conversations.searchItems"],
    authorize,
    feed: { hub, visible: () => true }
  })
  const web = WithalloBrowserServer.toWebHandler(server, Layer.succeedContext(context))
  const fetch: typeof globalThis.fetch = (input, init) =>
    web.handler(new Request(new URL(String(input instanceof Request ? input.url : input), "http://app.test"), init))
  const store = Store.make(
    Store.browserLayer({
      url: "http://app.test/api/withallo",
      fetch,
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` }
    })
  )
  const run = <A, E>(effect: Effect.Effect<A, E>) => Effect.runPromise(effect)
  return {
    fake,
    hub,
    store,
    run,
    close: async () => {
      store.dispose()
      await web.dispose()
      await Effect.runPromise(Scope.close(scope, Exit.void))
    }
  }
}
