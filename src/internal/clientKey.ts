/**
 * The `WithalloClient` service key on its own, without the live client.
 * Resource services need only the key: importing it from here keeps the
 * HTTP core (its options, defaults and retry machinery) out of a bundle that
 * provides the client some other way, such as the browser transport, whose
 * bundle must never carry Allo's base URL.
 *
 * @internal
 */
import * as Context from "effect/Context"
import type { Service } from "../WithalloClient.js"

/** The shared HTTP core's key; `WithalloClient` (the public class) adds `layer`. */
export class WithalloClient extends Context.Service<WithalloClient, Service>()("effect-withallo/WithalloClient") {}
