/**
 * Helpers for the fake's own tests: send one request straight to
 * `FakeWithallo.handle` and read the answer as JSON.
 */
import { Effect } from "effect"
import { readFileSync } from "node:fs"
import type { FakeWithallo } from "../../src/testing/FakeWithallo.js"

export interface Answer {
  readonly status: number | "stall" | "drop"
  readonly headers: Readonly<Record<string, string>>
  readonly text: string | undefined
  readonly json: any
}

export interface CallOptions {
  readonly body?: unknown
  readonly headers?: Record<string, string>
  /** `null` sends no Authorization header. */
  readonly auth?: string | null
}

export const call = (fake: FakeWithallo.Service, method: string, url: string, options: CallOptions = {}) =>
  Effect.map(
    fake.handle({
      method,
      url,
      headers: {
        ...(options.auth === null ? {} : { Authorization: options.auth ?? "Api-Key ak_test_fake" }),
        ...(options.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...options.headers
      },
      body: options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body)
    }),
    (response): Answer => {
      if (response._tag === "Drop") return { status: "drop", headers: {}, text: undefined, json: undefined }
      if (response._tag === "StallBody") return { status: "stall", headers: response.headers, text: response.partialBody, json: undefined }
      return {
        status: response.status,
        headers: response.headers,
        text: response.body,
        json: response.body === undefined ? undefined : JSON.parse(response.body)
      }
    }
  )

export const fixtures: Record<string, any> = JSON.parse(
  readFileSync(new URL("../fixtures/withallo-examples.json", import.meta.url), "utf8")
)

/** The set of key paths of a JSON value (shape, not values). */
export const shapeOf = (value: unknown, prefix = ""): Array<string> => {
  if (typeof value !== "object" || value === null) return [prefix]
  if (Array.isArray(value)) return value.length === 0 ? [`${prefix}[]`] : shapeOf(value[0], `${prefix}[]`)
  return Object.entries(value).flatMap(([k, v]) => shapeOf(v, prefix === "" ? k : `${prefix}.${k}`))
}
