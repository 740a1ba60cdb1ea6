/**
 * `withallo messages demo` (`npm run test:messages`: it opens PGlite, which
 * takes seconds): the crash between "Allo accepted it" and "the log recorded
 * it" ends with one text per key.
 */
import { assert, it } from "@effect/vitest"
import { spawn } from "node:child_process"
import { bundleForNode } from "../support/bundle.js"

it("the demo settles the crashed send by reconciliation, without a second text", async () => {
  const file = await bundleForNode("src/cli/main.ts", `.tmp/messages/withallo-demo-${process.pid}.mjs`)
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [file, "messages", "demo"], { stdio: ["ignore", "pipe", "pipe"] })
    let out = ""
    let err = ""
    child.stdout.on("data", (c: Buffer) => (out += c.toString()))
    child.stderr.on("data", (c: Buffer) => (err += c.toString()))
    child.once("close", (c) => resolve({ code: c, stdout: out, stderr: err }))
  })
  assert.strictEqual(code, 0, stderr)
  assert.match(stdout, /the log says: sending; Allo has 2 texts/)
  assert.match(stdout, /MessageSent \(reconciled: true, Allo item msg-/)
  assert.match(stdout, /Allo received 2 texts for 2 keys: "Welcome to Acme!", "Your order #1042 has shipped"/)
}, 300_000)
