/**
 * Runs `withallo` in-process as a user would see it: the real command tree
 * (`src/cli/app.ts`) with a `Console` and `Stdio` that record stdout and
 * stderr in the order they were written, an in-memory `FileSystem`, the
 * `WITHALLO_*` environment the test chooses (none from the machine), and
 * every request answered by the fake Allo of `effect-withallo/testing`.
 */
import * as ConfigProvider from "effect/ConfigProvider"
import * as Console from "effect/Console"
import * as Deferred from "effect/Deferred"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as FileSystem from "effect/FileSystem"
import * as Layer from "effect/Layer"
import * as Path from "effect/Path"
import * as PlatformError from "effect/PlatformError"
import * as Sink from "effect/Sink"
import * as Stdio from "effect/Stdio"
import * as Terminal from "effect/Terminal"
import * as HttpClient from "effect/http/HttpClient"
import * as ChildProcessSpawner from "effect/process/ChildProcessSpawner"
import { FakeHttpClient, FakeWithallo, type Seed, WithalloTest } from "effect-withallo/testing"
import { run } from "../../src/cli/app.js"

/** The key the fake accepts with every scope. */
export const FAKE_KEY = WithalloTest.apiKey

/**
 * Where the tests point the CLI. Every request is answered by the in-memory
 * fake whatever the host; a loopback host turns client-side pacing off, as
 * the CLI does for `withallo mock`.
 */
export const FAKE_URL = "http://127.0.0.1:4010"

/** The flags that point the CLI at the fake. */
export const FAKE_FLAGS = ["--base-url", FAKE_URL, "--api-key", FAKE_KEY] as const

/** What one run printed and how it ended. */
export interface CliResult {
  /** `undefined` when the run was interrupted. */
  readonly code: number | undefined
  readonly stdout: string
  readonly stderr: string
}

/** Recorded output, in the order it was written. */
class Output {
  stdout = ""
  stderr = ""
  private readonly watchers: Array<{ readonly pattern: RegExp; readonly done: Deferred.Deferred<RegExpExecArray> }> = []

  write(stream: "stdout" | "stderr", text: string) {
    this[stream] += text
    for (const watcher of this.watchers) {
      const match = watcher.pattern.exec(this.stdout)
      if (match !== null) Deferred.doneUnsafe(watcher.done, Effect.succeed(match))
    }
  }

  /** Waits until stdout matches `pattern`. */
  waitFor(pattern: RegExp): Effect.Effect<RegExpExecArray> {
    return Effect.suspend(() => {
      const done = Deferred.makeUnsafe<RegExpExecArray>()
      this.watchers.push({ pattern, done })
      this.write("stdout", "")
      return Deferred.await(done)
    })
  }
}

const format = (args: ReadonlyArray<unknown>) => args.map((a) => (typeof a === "string" ? a : String(a))).join(" ")

const recordingConsole = (output: Output): Console.Console => {
  const out = (...args: ReadonlyArray<unknown>) => output.write("stdout", `${format(args)}\n`)
  const err = (...args: ReadonlyArray<unknown>) => output.write("stderr", `${format(args)}\n`)
  const none = () => {}
  return {
    assert: none,
    clear: none,
    count: none,
    countReset: none,
    debug: err,
    dir: out,
    dirxml: out,
    error: err,
    group: none,
    groupCollapsed: none,
    groupEnd: none,
    info: out,
    log: out,
    table: out,
    time: none,
    timeEnd: none,
    timeLog: none,
    trace: err,
    warn: err
  }
}

const decoder = new TextDecoder()

/** A sink recording text; fails with `EPIPE` once `closeAfter` chunks have been written (a reader that went away). */
const recordingSink = (output: Output, stream: "stdout" | "stderr", closeAfter: number | undefined) => {
  let written = 0
  return Sink.forEach((chunk: string | Uint8Array) =>
    closeAfter !== undefined && written >= closeAfter
      ? Effect.fail(
        PlatformError.systemError({
          _tag: "Unknown",
          module: "Stdio",
          method: stream,
          cause: Object.assign(new Error("write EPIPE"), { code: "EPIPE" })
        })
      )
      : Effect.sync(() => {
        written++
        output.write(stream, typeof chunk === "string" ? chunk : decoder.decode(chunk))
      })
  )
}

/** Files the CLI wrote, by path; every write is observable. */
export class MemoryFiles {
  readonly files = new Map<string, string>()
  readonly directories = new Set<string>()
  private readonly watchers: Array<{ readonly path: string; readonly size: number; readonly done: Deferred.Deferred<void> }> = []

  /** Text of a file, or throws when it was never written. */
  read(path: string): string {
    const text = this.files.get(path)
    if (text === undefined) throw new Error(`${path} was not written`)
    return text
  }

  /** Waits until `path` holds more than `size` characters. */
  waitForSize(path: string, size: number): Effect.Effect<void> {
    return Effect.suspend(() => {
      const done = Deferred.makeUnsafe<void>()
      this.watchers.push({ path, size, done })
      this.append(path, "")
      return Deferred.await(done)
    })
  }

  append(path: string, text: string) {
    if (!this.files.has(path) && text === "") return
    this.files.set(path, (this.files.get(path) ?? "") + text)
    for (const w of this.watchers) {
      if (w.path === path && (this.files.get(path)?.length ?? 0) > w.size) Deferred.doneUnsafe(w.done, Effect.void)
    }
  }

  layer(): Layer.Layer<FileSystem.FileSystem> {
    const notFound = (method: string, path: string) =>
      PlatformError.systemError({ _tag: "NotFound", module: "FileSystem", method, pathOrDescriptor: path })
    const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")))
    const unused = Effect.die("not used by the CLI")
    return FileSystem.layerNoop({
      makeDirectory: (path) => Effect.sync(() => void this.directories.add(path)),
      open: (path) => {
        const parent = parentOf(path)
        if (parent !== "" && !this.directories.has(parent) && !parent.startsWith("/tmp")) {
          return Effect.fail(notFound("open", path))
        }
        return Effect.sync(() => {
          this.files.set(path, "")
          const file: FileSystem.File = {
            [FileSystem.FileTypeId]: FileSystem.FileTypeId,
            stat: unused,
            seek: () => unused,
            sync: Effect.void,
            read: () => unused,
            readAlloc: () => unused,
            truncate: () => unused,
            write: (bytes) => Effect.sync(() => (this.append(path, decoder.decode(bytes)), bytes.length)),
            writeAll: (bytes) => Effect.sync(() => this.append(path, decoder.decode(bytes)))
          }
          return file
        })
      }
    })
  }
}

/** Options of one run. */
export interface RunOptions {
  /** `WITHALLO_*` variables (the machine's are never seen). */
  readonly env?: Readonly<Record<string, string>> | undefined
  readonly files?: MemoryFiles | undefined
  /** stdout fails with EPIPE after this many raw writes. */
  readonly closeStdoutAfter?: number | undefined
  /** Runs alongside the command; the command is interrupted when it completes (as Ctrl-C would). */
  readonly whileRunning?: ((output: Output) => Effect.Effect<void, unknown>) | undefined
}

const stubs = Layer.mergeAll(
  Path.layer,
  Layer.succeed(
    Terminal.Terminal,
    Terminal.make({
      columns: Effect.succeed(100),
      rows: Effect.succeed(40),
      size: Effect.die("unused"),
      readInput: Effect.die("unused"),
      readLine: Effect.die("unused"),
      display: () => Effect.void
    })
  ),
  Layer.succeed(ChildProcessSpawner.ChildProcessSpawner, ChildProcessSpawner.make(() => Effect.die("unused")))
)

/** A fake Allo (from `effect-withallo/testing`) and a CLI whose requests it answers. */
export const makeCli = (seed: Seed = {}) =>
  Effect.gen(function*() {
    const fake = yield* Effect.provide(Effect.service(FakeWithallo), FakeWithallo.layer(seed))
    const http = FakeHttpClient.make(fake)

    /** Runs `withallo args…` to completion (or until `whileRunning` is done). */
    const cli = (args: ReadonlyArray<string>, options: RunOptions = {}): Effect.Effect<CliResult> => {
      const output = new Output()
      const layer = Layer.mergeAll(
        stubs,
        (options.files ?? new MemoryFiles()).layer(),
        Stdio.layerTest({
          stdout: () => recordingSink(output, "stdout", options.closeStdoutAfter),
          stderr: () => recordingSink(output, "stderr", undefined)
        }),
        Layer.succeed(HttpClient.HttpClient, http),
        ConfigProvider.layer(ConfigProvider.fromEnvRecord({ ...options.env }))
      )
      const program = run(args).pipe(
        Effect.provideService(Console.Console, recordingConsole(output)),
        Effect.provide(layer)
      )
      return Effect.gen(function*() {
        const fiber = yield* Effect.forkChild(program)
        if (options.whileRunning !== undefined) {
          yield* Effect.raceFirst(Effect.asVoid(Fiber.await(fiber)), Effect.orDie(options.whileRunning(output)))
          yield* Fiber.interrupt(fiber)
        }
        const exit = yield* Fiber.await(fiber)
        return { code: exit._tag === "Success" ? exit.value : undefined, stdout: output.stdout, stderr: output.stderr }
      })
    }
    return { fake, cli }
  })

/** Runs an in-process CLI test (real clock: the fake's latency and the listener are live). */
export const runTest = <A, E>(effect: Effect.Effect<A, E>): Promise<A> => Effect.runPromise(effect)

/** One line on stderr, no stack trace. */
export const isOneLine = (text: string): boolean => text.trimEnd().split("\n").length === 1 && !/\n\s+at /.test(text)

export type { Output }
