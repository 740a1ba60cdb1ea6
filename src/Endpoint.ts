/**
 * One Allo operation, declared once: its name, HTTP method and path, the
 * schema of its arguments (with every check made before a request), how
 * those arguments travel (path, query or JSON body, camelCase fields sent as
 * Allo's snake_case through the schema), the schema of the response, and
 * whether it is paged. From that one value come the traced method a service
 * exposes, its `stream…` twin, the idempotency rules, the spec-conformance
 * table and the browser transport.
 *
 * (Longer than most files: the declaration, the request it builds and the
 * method, stream and batch forms derived from it are one idea, read together.)
 *
 * Arguments are decoded from `unknown`: a JavaScript caller, or untyped JSON
 * forwarded from a browser, gets a `ValidationError` naming the field, never
 * a defect, and nothing is sent.
 *
 * @example
 * ```ts
 * const get = Endpoint.make({
 *   name: "People.get",
 *   method: "GET",
 *   path: "/v2/api/crm/people/{id}",
 *   args: [Endpoint.arg("id", PathId)],
 *   response: DataEnvelope(Person),
 *   result: Endpoint.data
 * })
 * ```
 *
 * @since 0.2.0
 */
import * as Effect from "effect/Effect"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as Stream from "effect/Stream"
import { invalidArguments } from "./internal/argumentErrors.js"
import { Concurrency, PageSize } from "./internal/params.js"
import { fromV1, fromV2, type Page, pageStream } from "./Pagination.js"
import type { Method, QueryValue, RequestSpec, Service as Client } from "./WithalloClient.js"
import type { ValidationError, WithalloError } from "./WithalloError.js"

/** One positional argument of an operation. */
export interface Arg<N extends string = string, S extends Schema.Top = Schema.Top, O extends boolean = boolean> {
  /** Names the argument in errors, fills `{name}` in the path, or is its wire key (snake_cased). */
  readonly name: N
  readonly schema: S
  readonly optional: O
}

/** A required positional argument. */
export const arg = <const N extends string, S extends Schema.Top>(name: N, schema: S): Arg<N, S, false> => ({
  name,
  schema,
  optional: false
})

/** An optional positional argument (`undefined` or left out). */
export const optionalArg = <const N extends string, S extends Schema.Top>(name: N, schema: S): Arg<N, S, true> => ({
  name,
  schema,
  optional: true
})

/** The decoded arguments of an operation, by name. */
export type InputOf<Args extends ReadonlyArray<Arg>> = {
  readonly [A in Args[number] as A["name"]]: A["optional"] extends true ? A["schema"]["Type"] | undefined
    : A["schema"]["Type"]
}

/** `allo_number` from `alloNumber`. */
export const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)

/** A struct of camelCase parameters whose encoded form has Allo's snake_case keys; keeps its fields for `stream…` twins. */
export interface Params<F extends Schema.Struct.Fields> extends Schema.Codec<Schema.Struct.Type<F>, unknown> {
  readonly paramFields: F
}

/**
 * Parameters as a struct: each field decoded with its own checks, and sent
 * under its snake_case name unless `rename` says otherwise (e.g. a
 * `transcript` flag sent as `extend`).
 */
export const params = <F extends Schema.Struct.Fields>(
  fields: F,
  rename: { readonly [K in keyof F]?: string } = {}
): Params<F> => {
  const mapping: Record<string, string> = {}
  for (const key of Object.keys(fields)) mapping[key] = rename[key] ?? snakeCase(key)
  // Parameter fields need no services (they are checks, not lookups): the
  // cast forgets the encoded key names, which only the wire sees.
  const codec = Schema.Struct(fields).pipe(Schema.encodeKeys(mapping)) as unknown as Schema.Codec<Schema.Struct.Type<F>, unknown>
  return Object.assign(codec, { paramFields: fields })
}

/** How a paged operation numbers its pages. */
export interface Paging {
  /** 0 for v1 lists, 1 for v2. */
  readonly firstPage: 0 | 1
}

/** One operation. `Input` is its decoded arguments by name; `R` the decoded body; `A` what callers get. */
export interface Endpoint<Input, R, A> {
  readonly name: string
  readonly method: Method
  /** With `{name}` placeholders filled from arguments of that name, percent-encoded. */
  readonly path: string
  readonly args: ReadonlyArray<Arg>
  readonly response: Schema.Decoder<R>
  readonly result: (response: R, input: Input) => A
  /**
   * `"mint"`: v2 writes, which Allo deduplicates by `Idempotency-Key`: the SDK
   * mints one per call (a caller's `idempotencyKey` wins), reused on retries.
   * `"caller"`: v1 writes, which carry a key only when the caller gives one.
   */
  readonly idempotency: "mint" | "caller" | "none"
  /** Wire keys sent in the query string although the method sends a body. */
  readonly queryKeys: ReadonlyArray<string>
  readonly paging: Paging | undefined
  /** Span attributes named after arguments: `{ id: "withallo.contact_id" }` records the id on the operation's span. */
  readonly spanAttributes: Readonly<Record<string, string | undefined>>
  /** `spanAttributes` as `[argument, attribute]` pairs, computed once. */
  readonly spanAttributeEntries: ReadonlyArray<readonly [string, string]>
  /** Decodes `unknown` arguments into the input (or the `ValidationError` naming the field). */
  readonly decode: (args: ReadonlyArray<unknown>) => Result.Result<Input, ValidationError>
  /** The request the decoded input makes. */
  readonly request: (input: Input) => RequestSpec<R>
  /**
   * `decode`, then `request`: the request untyped arguments make, or the
   * `ValidationError` naming the field. For callers that hold the endpoint
   * without its input type, such as the browser server, which receives
   * arguments as JSON.
   */
  readonly prepare: (args: ReadonlyArray<unknown>) => Result.Result<RequestSpec<R>, ValidationError>
}

/** What {@link make} takes. */
export interface Definition<Args extends ReadonlyArray<Arg>, R, A> {
  readonly name: string
  readonly method: Method
  readonly path: string
  readonly args: Args
  readonly response: Schema.Decoder<R>
  readonly result: (response: R, input: InputOf<Args>) => A
  readonly idempotency?: "mint" | "caller" | "none" | undefined
  readonly queryKeys?: ReadonlyArray<string> | undefined
  readonly paging?: Paging | undefined
  readonly spanAttributes?: { readonly [K in Args[number]["name"]]?: string } | undefined
}

/** The `data` of a `{ data }` envelope. */
export const data = <D>(response: { readonly data: D }): D => response.data

/** Nothing: the operation's answer carries nothing the caller needs. */
export const nothing = (): void => undefined

const PLACEHOLDER = /\{(\w+)\}/g

/** Declares an operation. */
export const make = <const Args extends ReadonlyArray<Arg>, R, A>(
  definition: Definition<Args, R, A>
): Endpoint<InputOf<Args>, R, A> => {
  type Input = InputOf<Args>
  const args: ReadonlyArray<Arg> = definition.args
  // Arguments' schemas need no services: the cast only forgets their exact types.
  const tuple = Schema.Tuple(args.map((a) => a.optional ? Schema.optional(a.schema) : a.schema)) as unknown as Schema.Codec<
    ReadonlyArray<unknown>,
    ReadonlyArray<unknown>
  >
  const decodeTuple = Schema.decodeUnknownResult(Schema.toType(tuple), { onExcessProperty: "error", errors: "all" })
  const encodeTuple = Schema.encodeUnknownResult(tuple)
  const pathNames = new Set([...definition.path.matchAll(PLACEHOLDER)].map((m) => m[1]))
  const queryKeys = definition.queryKeys ?? []
  const idempotency = definition.idempotency ?? "none"
  const inQuery = definition.method === "GET" || definition.method === "DELETE"

  // An operation without arguments (`PhoneNumbers.list()`, `Users.me()`)
  // decodes to one shared empty input; one without placeholders sends one
  // shared path.
  const noArguments: Result.Result<Input, ValidationError> | undefined = args.length === 0
    ? Result.succeed({} as Input)
    : undefined
  const staticPath = pathNames.size === 0 ? definition.path : undefined

  const decode = (input: ReadonlyArray<unknown>): Result.Result<Input, ValidationError> => {
    if (noArguments !== undefined) return noArguments
    const decoded = decodeTuple(input.length > args.length ? input.slice(0, args.length) : input)
    if (Result.isFailure(decoded)) return Result.fail(invalidArguments(definition.name, args, decoded.failure.issue))
    const out: Record<string, unknown> = {}
    args.forEach((a, i) => {
      out[a.name] = decoded.success[i]
    })
    return Result.succeed(out as Input)
  }

  const request = (input: Input): RequestSpec<R> => {
    const record = input as Record<string, unknown>
    const encoded = encodeTuple(args.map((a) => record[a.name]))
    // The decoded input came from the same schemas: encoding it cannot fail.
    const wireArgs = Result.isSuccess(encoded) ? encoded.success : []
    const wire: Record<string, unknown> = {}
    const path = new Map<string, string>()
    args.forEach((a, i) => {
      const value = wireArgs[i]
      if (value === undefined) return
      if (pathNames.has(a.name)) path.set(a.name, encodeURIComponent(String(value)))
      else if (isRecord(value)) Object.assign(wire, value)
      else wire[snakeCase(a.name)] = value
    })
    const key = wire.idempotency_key
    delete wire.idempotency_key
    const query: Record<string, QueryValue> = {}
    const body: Record<string, unknown> = {}
    for (const k in wire) {
      const v = wire[k]
      if (v === undefined) continue
      if (inQuery || queryKeys.includes(k)) query[k] = v as QueryValue
      else body[k] = v
    }
    return {
      operation: definition.name,
      method: definition.method,
      path: staticPath ?? definition.path.replace(PLACEHOLDER, (_, name: string) => path.get(name) ?? ""),
      query,
      // POST, PUT and PATCH always send a JSON body, `{}` when empty.
      ...(inQuery ? {} : { body }),
      ...(idempotency !== "none" && typeof key === "string" ? { idempotencyKey: key } : {}),
      ...(idempotency === "mint" ? { mintIdempotencyKey: true } : {}),
      response: definition.response,
      input: record
    }
  }

  const spanAttributes: Readonly<Record<string, string | undefined>> = definition.spanAttributes ?? {}

  const prepare = (input: ReadonlyArray<unknown>): Result.Result<RequestSpec<R>, ValidationError> =>
    Result.map(decode(input), request)

  return {
    name: definition.name,
    method: definition.method,
    path: definition.path,
    args,
    response: definition.response,
    result: definition.result,
    idempotency,
    queryKeys,
    paging: definition.paging,
    spanAttributes,
    spanAttributeEntries: Object.entries(spanAttributes).filter(
      (entry): entry is [string, string] => entry[1] !== undefined
    ),
    decode,
    request,
    prepare
  }
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

// No call-site stack: the span's name already says which operation ran
// (`Effect.fn`'s per-call `new Error()` cost a tenth of the throughput).
const SPAN_OPTIONS = { captureStackTrace: false } as const

/** Runs an already-decoded input. */
export const execute = <Input, R, A>(client: Client, endpoint: Endpoint<Input, R, A>, input: Input): Effect.Effect<A, WithalloError> =>
  Effect.map(client.request(endpoint.request(input)), (response) => endpoint.result(response, input))

/** Records the endpoint's `spanAttributes` (ids the caller named) on the current span. */
export const annotate = <Input, R, A>(endpoint: Endpoint<Input, R, A>, input: Input): Effect.Effect<void> => {
  const entries = endpoint.spanAttributeEntries
  if (entries.length === 0) return Effect.void
  const record = input as Record<string, unknown>
  const attributes: Record<string, unknown> = {}
  let any = false
  for (const [name, attribute] of entries) {
    if (record[name] !== undefined) {
      attributes[attribute] = record[name]
      any = true
    }
  }
  return any ? Effect.annotateCurrentSpan(attributes) : Effect.void
}

/**
 * The operation as a service method: decodes its arguments, makes the
 * request and shapes the result, under a span named after the operation.
 */
export const method = <Input, R, A>(client: Client, endpoint: Endpoint<Input, R, A>) =>
(...args: ReadonlyArray<unknown>): Effect.Effect<A, WithalloError> =>
  Effect.withSpan(
    Effect.suspend(() => {
      const input = endpoint.decode(args)
      if (Result.isFailure(input)) return Effect.fail(input.failure)
      const annotation = annotate(endpoint, input.success)
      const run = execute(client, endpoint, input.success)
      return annotation === Effect.void ? run : Effect.andThen(annotation, run)
    }),
    endpoint.name,
    SPAN_OPTIONS
  )

/** How {@link batched} cuts an input into requests and puts their answers together. */
export interface Batching<Input, A, B> {
  /** The inputs of the requests, in the order they are sent. */
  readonly split: (input: Input) => ReadonlyArray<Input>
  /** The caller's result from every request's, in that order. */
  readonly merge: (results: ReadonlyArray<A>) => B
  /** Requests in flight at once. Default 1: one after another, for writes whose order matters. */
  readonly concurrency?: number | undefined
}

/**
 * An operation whose input may be more than one request takes (e.g. more
 * numbers than Allo appends at once), as a service method. The arguments are
 * decoded and checked once, whole, so a bad entry anywhere fails before any
 * request; then the input is split, each part sent as its own request (each
 * retried on its own), and the answers merged, under one span.
 */
export const batched = <Input, R, A, B>(client: Client, endpoint: Endpoint<Input, R, A>, batching: Batching<Input, A, B>) =>
(...args: ReadonlyArray<unknown>): Effect.Effect<B, WithalloError> =>
  Effect.withSpan(
    Effect.suspend(() => {
      const input = endpoint.decode(args)
      if (Result.isFailure(input)) return Effect.fail(input.failure)
      return Effect.map(
        Effect.forEach(batching.split(input.success), (part) => execute(client, endpoint, part), {
          concurrency: batching.concurrency ?? 1
        }),
        batching.merge
      )
    }),
    endpoint.name,
    SPAN_OPTIONS
  )

/** Reads a v1 page (0-based) of `{ data: { results, metadata } }`. */
export const v1Page = <I>(response: Parameters<typeof fromV1<I>>[0], input: { readonly params?: { readonly page?: number | undefined } | undefined }): Page<I> =>
  fromV1(response, input.params?.page ?? 0)

/** Reads a v2 page (1-based) of `{ data, pagination }`. */
export const v2Page = <I>(response: Parameters<typeof fromV2<I>>[0], input: { readonly params?: { readonly page?: number | undefined } | undefined }): Page<I> =>
  fromV2(response, input.params?.page ?? 1)

/**
 * The `stream…` twin of a paged operation whose last argument is a
 * {@link params} struct named `params`: the same arguments with `page` and
 * `size` replaced by `pageSize` (default 100) and `concurrency` (default 4),
 * and every item of every page, lazily (see `pageStream`).
 */
export const stream = <Input, R, I>(
  name: string,
  endpoint: Endpoint<Input, R, Page<I>>,
  idOf: (item: I) => string | undefined
) => {
  const last = endpoint.args[endpoint.args.length - 1]
  if (endpoint.paging === undefined || last === undefined || last.name !== "params" || !("paramFields" in last.schema)) {
    throw new Error(`${name}: a stream needs a paged operation whose last argument is params(...)`)
  }
  const { page: _page, size: _size, ...rest } = last.schema.paramFields as Schema.Struct.Fields
  const streamParams = params({ ...rest, pageSize: Schema.optional(PageSize), concurrency: Schema.optional(Concurrency) })
  const streamArgs = make({
    name,
    method: "GET",
    path: "",
    args: [...endpoint.args.slice(0, -1), { ...last, schema: streamParams }],
    response: Schema.Unknown,
    result: nothing
  })
  const firstPage = endpoint.paging.firstPage
  return (client: Client) => (...args: ReadonlyArray<unknown>): Stream.Stream<I, WithalloError> =>
    Stream.unwrap(Effect.suspend(() => {
      const decoded = streamArgs.decode(args)
      if (Result.isFailure(decoded)) return Effect.fail(decoded.failure)
      const input = decoded.success as Record<string, unknown>
      const { pageSize, concurrency, ...filters } = (input.params ?? {}) as {
        readonly pageSize?: number
        readonly concurrency?: number
      }
      const pageInput = (page: number) =>
        ({ ...input, params: { ...filters, page, size: pageSize ?? 100 } }) as Input
      return Effect.succeed(pageStream({
        firstPage,
        concurrency: concurrency ?? 4,
        idOf,
        fetch: (page) => Effect.withSpan(execute(client, endpoint, pageInput(page)), endpoint.name, SPAN_OPTIONS)
      }))
    }))
}
