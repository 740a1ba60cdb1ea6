import { assert, describe, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import { User, UserRef } from "../../src/schema/User.js"
import fixtures from "../fixtures/withallo-examples.json" with { type: "json" }
import { at, decode, describeRules } from "./rules.js"

const users = fixtures.v2_users_list.response.body.data

describe("User", () => {
  it.effect("decodes the users example", () =>
    Effect.gen(function*() {
      const admin = yield* decode(User, at(users, 0))
      assert.strictEqual(admin.id, "usr-abc123")
      assert.strictEqual(admin.role, "ADMIN")
      assert.strictEqual(admin.status, "ACTIVE")
      assert.strictEqual(admin.image_url, "https://storage.withallo.com/avatars/usr-abc123.jpg")
      const member = yield* decode(User, at(users, 1))
      assert.strictEqual(member.role, "MEMBER")
      assert.strictEqual(member.image_url, null)
    }))
})

describe("UserRef", () => {
  it.effect("decodes with and without email (Allo's search example omits it)", () =>
    Effect.gen(function*() {
      const full = yield* decode(UserRef, { id: "usr-1", name: "Adrien", email: "a@x.test" })
      assert.strictEqual(full.email, "a@x.test")
      const short = yield* decode(UserRef, { id: "usr-1", name: "Adrien" })
      assert.notProperty(short, "email")
    }))
})

describeRules("User", User, at(users), {
  required: ["id"],
  nullable: ["name", "email", "role", "status", "image_url"],
  enums: ["role", "status"]
})

describeRules("UserRef", UserRef, { id: "usr-abc123", name: "Adrien", email: "adrien@company.com" }, {
  required: ["id"],
  nullable: ["name", "email"],
  enums: []
})
