/**
 * Child processes for the crash and replica tests: the sender fixture
 * bundled once per test file, started with its environment, read line by
 * line, and killed for real (SIGKILL).
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { bundleForNode } from "../support/bundle.js"

/** Bundles the sender fixture; returns the file to run. */
export const bundleSender = (): Promise<string> =>
  bundleForNode("test/messages/fixtures/sender.ts", `.tmp/messages/sender-${process.pid}.mjs`)

/** A running sender. */
export interface Sender {
  /** Resolves with the first stdout line matching `pattern`; rejects if the process exits first. */
  readonly line: (pattern: RegExp) => Promise<string>
  /** SIGKILL, resolved once the process is gone. */
  readonly kill: () => Promise<void>
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>
}

/** Starts the sender with these variables. */
export const startSender = (file: string, env: Record<string, string>): Sender => {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [file], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"]
  })
  let stderr = ""
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()))
  const lines: Array<string> = []
  const waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = []
  createInterface({ input: child.stdout }).on("line", (line) => {
    lines.push(line)
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(line)
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  return {
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => pattern.test(l))
        if (seen !== undefined) return resolve(seen)
        waiters.push({ pattern, resolve })
        void exited.then((code) => reject(new Error(`sender exited (${code}) before ${pattern}: ${stderr.slice(-2000)}`)))
      }),
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL")
      await exited
    },
    exited
  }
}
