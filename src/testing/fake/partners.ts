/**
 * `/v2/api/partner/accounts`: accounts a reseller provisions (scope
 * `PARTNER`). A create provisions a number in the preferred country and
 * mints the account's own API key, which the fake then accepts (with every
 * scope but `PARTNER`); each partner key sees only the accounts it created.
 * Deactivating keeps the record (status `DEACTIVATED`; Allo lets the account
 * run to the end of its paid period).
 *
 * @since 0.2.0
 */
import { asObject, type Ctx, isPhone, type Route, str } from "./context.js"
import { ok, type Reply, v2Error } from "./errors.js"
import type { PartnerAccountRecord } from "./opsRecords.js"
import { hash32, Rng } from "./prng.js"
import { ALL_SCOPES, nextSerial, touch } from "./store.js"

/** Where the fake has numbers: the default prefix and the digits after `+`. */
const INVENTORY: Readonly<Record<string, { readonly prefix: string; readonly length: number }>> = {
  FR: { prefix: "+337", length: 11 },
  US: { prefix: "+1415", length: 11 },
  GB: { prefix: "+447", length: 12 },
  DE: { prefix: "+4915", length: 12 },
  ES: { prefix: "+346", length: 11 }
}

const CALLING_CODES: Readonly<Record<string, string>> = { FR: "+33", US: "+1", GB: "+44", DE: "+49", ES: "+34" }

const view = (a: PartnerAccountRecord, apiKey: string | null): Record<string, unknown> => ({
  id: a.id,
  api_key: apiKey,
  phone_numbers: a.phoneNumbers,
  status: a.status,
  activated: a.activated,
  partner_client_ref: a.partnerClientRef
})

const invalid = (param: string, message: string): Reply => v2Error(400, "INVALID_REQUEST_BODY", message, { param })

const notFound = (id: string): Reply =>
  v2Error(404, "PARTNER_ACCOUNT_NOT_FOUND", `No account with ID '${id}' was provisioned by this API key.`, { param: "id" })

const noNumber = (country: string): Reply =>
  v2Error(409, "NO_NUMBER_AVAILABLE", `No number is available in ${country} for this preference.`, { param: "number_preference" })

const create = (ctx: Ctx): Reply => {
  const body = asObject(ctx.body)
  const email = str(body, "email")
  if (email === undefined || !/^[^\s@]+@[^\s@]+$/.test(email)) return invalid("email", "email must be an email address.")
  const name = str(body, "name")
  if (name === undefined || name.trim() === "") return invalid("name", "name is required.")
  const mobile = str(body, "personal_mobile")
  if (mobile === undefined || !isPhone(mobile)) return invalid("personal_mobile", "personal_mobile must be an E.164 mobile number.")
  const preference = asObject(body?.number_preference)
  const country = str(preference, "country")
  if (country === undefined || !/^[A-Z]{2}$/.test(country)) {
    return invalid("number_preference.country", "number_preference.country must be an ISO country code such as FR.")
  }
  const ref = body?.partner_client_ref
  if (ref !== undefined && ref !== null && typeof ref !== "string") return invalid("partner_client_ref", "partner_client_ref must be a string.")
  const taken = ctx.store.partnerAccounts.some((a) => a.status === "ACTIVE" && a.email.toLowerCase() === email.toLowerCase()) ||
    ctx.store.users.some((u) => u.email.toLowerCase() === email.toLowerCase())
  if (taken) return v2Error(409, "PARTNER_ACCOUNT_ALREADY_EXISTS", `An Allo account already exists for '${email}'.`, { param: "email" })
  const stock = INVENTORY[country]
  const prefix = str(preference, "prefix") ?? stock?.prefix
  if (stock === undefined || prefix === undefined || !prefix.startsWith(CALLING_CODES[country] ?? "+") || prefix.length >= stock.length + 1) {
    return noNumber(country)
  }
  const rng = new Rng(hash32(ctx.store.seed, 83, ctx.store.serial))
  const number = prefix + rng.digits(stock.length + 1 - prefix.length)
  const apiKey = `ak_live_${rng.alnumMixed(32)}`
  const account: PartnerAccountRecord = {
    id: `usr_${rng.alnumMixed(10)}${nextSerial(ctx.store)}`,
    ownerKeyId: ctx.key.id,
    email,
    name,
    personalMobile: mobile,
    phoneNumbers: [number],
    status: "ACTIVE",
    activated: false,
    partnerClientRef: typeof ref === "string" ? ref : null,
    createdMs: ctx.nowMs
  }
  ctx.store.partnerAccounts.push(account)
  ctx.store.keys.set(apiKey, { id: `api-${apiKey.slice(-12)}`, scopes: new Set(ALL_SCOPES.filter((s) => s !== "PARTNER")) })
  touch(ctx.store)
  return ok(view(account, apiKey), 201)
}

/** An account of this key's, or `undefined`. */
const owned = (ctx: Ctx): PartnerAccountRecord | undefined =>
  ctx.store.partnerAccounts.find((a) => a.id === ctx.params.id && a.ownerKeyId === ctx.key.id)

const deactivate = (ctx: Ctx): Reply => {
  const account = owned(ctx)
  if (account === undefined) return notFound(ctx.params.id ?? "")
  account.status = "DEACTIVATED"
  touch(ctx.store)
  return { status: 204 }
}

/** The partner routes, all behind the `PARTNER` scope. */
export const partnerRoutes: ReadonlyArray<Route> = [
  { method: "POST", pattern: "/v2/api/partner/accounts", scope: "PARTNER", handler: create },
  {
    method: "GET",
    pattern: "/v2/api/partner/accounts/:id",
    scope: "PARTNER",
    handler: (ctx) => {
      const account = owned(ctx)
      return account === undefined ? notFound(ctx.params.id ?? "") : ok(view(account, null))
    }
  },
  { method: "DELETE", pattern: "/v2/api/partner/accounts/:id", scope: "PARTNER", handler: deactivate }
]
