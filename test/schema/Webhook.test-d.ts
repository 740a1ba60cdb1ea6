/**
 * Type-level checks of the webhook record, run by `npm run typecheck`: the
 * create form's camelCase `alloNumber` is decoded into `allo_number`, and the
 * decoded type has that one spelling only.
 */
import { expectTypeOf } from "vitest"
import type { Webhook } from "../../src/schema/Webhook.js"

expectTypeOf<Webhook>().toHaveProperty("allo_number").toEqualTypeOf<string>()
expectTypeOf<Webhook>().not.toHaveProperty("alloNumber")
