/**
 * v2 team members: the full `User` (`GET /v2/api/users`) and the `UserRef`
 * other records embed.
 *
 * @since 0.1.0
 */
import * as Schema from "effect/Schema"
import { Nullable, OpenEnum } from "./internal.js"

/**
 * A team member as other v2 records embed them (numbers' `users`, a
 * conversation item's `user`). Allo's own search example leaves out `email`.
 */
export const UserRef = Schema.Struct({
  /** `usr-…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  email: Nullable(Schema.String)
})

/** A team member as other v2 records embed them. */
export type UserRef = typeof UserRef.Type

/** A team member's role. */
export const UserRole = OpenEnum(["ADMIN", "MANAGER", "MEMBER"])

/** A team member's role. */
export type UserRole = typeof UserRole.Type

/** Whether a team member can use Allo. */
export const UserStatus = OpenEnum(["ACTIVE", "BLOCKED"])

/** Whether a team member can use Allo. */
export type UserStatus = typeof UserStatus.Type

/** A v2 team member (`GET /v2/api/users`, `GET /v2/api/users/{id}`). */
export const User = Schema.Struct({
  /** `usr-…` */
  id: Schema.String,
  name: Nullable(Schema.String),
  email: Nullable(Schema.String),
  role: Nullable(UserRole),
  status: Nullable(UserStatus),
  image_url: Nullable(Schema.String)
})

/** A v2 team member. */
export type User = typeof User.Type
