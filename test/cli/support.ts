/**
 * The few end-to-end tests run the CLI as a child process on the bundled
 * `withallo` (signals, exit codes, real stdout and files), against the
 * project's fake Allo served over loopback HTTP. Most tests run it
 * in-process instead (`harness.ts`). Also: a CSV parser for reading exports.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { WithalloTest } from "effect-withallo/testing"
import * as FakeServer from "../../src/node/FakeServer.js"
import type { Seed } from "../../src/testing/fake/records.js"
import { bundleCli } from "./bundle.js"

let bundled: Promise<string> | undefined

/** The bundled CLI: the globalSetup's, else one bundled by this worker. */
export const cliPath = (): Promise<string> => {
  const shared = process.env.WITHALLO_CLI_BUNDLE
  if (shared !== undefined) return Promise.resolve(shared)
  bundled ??= bundleCli(`.tmp/cli/withallo-${process.pid}.mjs`)
  return bundled
}

/** What a finished run printed. */
export interface RunResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

/** The environment of a child: no `WITHALLO_*` from the machine running the tests. */
const childEnv = (env: Readonly<Record<string, string>>): NodeJS.ProcessEnv => {
  const out: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("WITHALLO_")) out[name] = value
  }
  return { ...out, ...env }
}

/** Starts `withallo args…` (stdout to `stdoutFd` when given, as `> file` does); the caller waits with {@link finished}. */
export const start = async (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {},
  stdoutFd?: number
): Promise<ChildProcess> =>
  spawn(process.execPath, [await cliPath(), ...args], { env: childEnv(env), stdio: ["ignore", stdoutFd ?? "pipe", "pipe"] })

/** Collects a child's output until it exits. */
export const finished = (child: ChildProcess): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    let stdout = ""
    let stderr = ""
    child.stdout?.setEncoding("utf8").on("data", (text: string) => (stdout += text))
    child.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text))
    child.once("error", reject)
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }))
  })

/** Runs `withallo args…` to completion. */
export const run = async (
  args: ReadonlyArray<string>,
  env: Readonly<Record<string, string>> = {}
): Promise<RunResult> => finished(await start(args, env))

/** Resolves with the first stdout line matching `pattern` (the child keeps running). */
export const waitForLine = (child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> =>
  new Promise((resolve, reject) => {
    let buffer = ""
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString("utf8")
      const match = pattern.exec(buffer)
      if (match !== null) {
        child.stdout?.off("data", onData)
        resolve(match)
      }
    }
    child.stdout?.on("data", onData)
    child.once("exit", (code) => reject(new Error(`exited (${code}) before printing ${pattern}: ${buffer}`)))
  })

/** A fake Allo over loopback HTTP, and the flags that point the CLI at it. */
export const startFake = async (seed: Seed) => {
  const server = await FakeServer.start({ seed })
  return { ...server, flags: ["--base-url", server.url, "--api-key", WithalloTest.apiKey] as const }
}

/** A fresh temporary directory. */
export const tempDir = (): string => mkdtempSync(join(tmpdir(), "withallo-cli-"))

/** A tiny RFC 4180 parser: quoted fields may hold commas, doubled quotes and line breaks. */
export const parseCsv = (text: string): Array<Array<string>> => {
  const rows: Array<Array<string>> = []
  let row: Array<string> = []
  let field = ""
  let quoted = false
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (quoted) {
      if (c === "\"" && text[i + 1] === "\"") {
        field += "\""
        i += 2
        continue
      }
      if (c === "\"") quoted = false
      else field += c
      i++
      continue
    }
    if (c === "\"" && field === "") quoted = true
    else if (c === ",") {
      row.push(field)
      field = ""
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field)
      rows.push(row)
      row = []
      field = ""
      i++
    } else if (c === "\n") {
      throw new Error(`bare LF outside quotes at offset ${i}`)
    } else field += c
    i++
  }
  if (quoted) throw new Error("unterminated quoted field")
  if (field !== "" || row.length > 0) throw new Error("last record is not CRLF-terminated")
  return rows
}

/** Rows as objects keyed by the header row. */
export const csvRecords = (text: string): Array<Record<string, string>> => {
  const [header, ...rows] = parseCsv(text)
  if (header === undefined) return []
  return rows.map((row) => {
    if (row.length !== header.length) throw new Error(`row has ${row.length} fields, header ${header.length}`)
    return Object.fromEntries(header.map((name, k) => [name, row[k] ?? ""]))
  })
}

/** Any ANSI escape sequence. */
export const ANSI = /\x1b\[/
