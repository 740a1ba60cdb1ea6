// Proves the built package works for its consumers: plain-node `import` and
// `require` of every entry point, types resolving for an ESM and a CommonJS
// (`module: nodenext`) TypeScript consumer, and publint + attw on the tarball.
import { execFileSync } from "node:child_process"
import { mkdtempSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
// Every entry point of package.json's `exports` (a new one is checked without editing this file).
const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
const entries = Object.keys(exports)
  .filter((subpath) => subpath !== "./package.json")
  .map((subpath) => (subpath === "." ? "effect-withallo" : `effect-withallo/${subpath.slice(2)}`))
const failures = []
const check = async (name, f) => {
  try {
    await f()
    console.log(`ok   ${name}`)
  } catch (error) {
    failures.push(name)
    console.log(`FAIL ${name}\n${error?.stdout?.toString() ?? ""}${error?.stderr?.toString() ?? ""}${error?.message ?? error}`)
  }
}

const work = mkdtempSync(join(tmpdir(), "withallo-consumer-"))
try {
  mkdirSync(join(work, "node_modules"))
  symlinkSync(root, join(work, "node_modules", "effect-withallo"), "dir")
  symlinkSync(join(root, "node_modules", "effect"), join(work, "node_modules", "effect"), "dir")
  symlinkSync(join(root, "node_modules", "@types"), join(work, "node_modules", "@types"), "dir")
  // effect-withallo/react's optional peer, as a React app has it.
  symlinkSync(join(root, "node_modules", "react"), join(work, "node_modules", "react"), "dir")
  writeFileSync(join(work, "package.json"), JSON.stringify({ name: "consumer", private: true }))

  const require = createRequire(join(work, "index.cjs"))
  for (const entry of entries) {
    await check(`import ${entry}`, async () => {
      const url = new URL(`file://${require.resolve(entry).replace(/\.cjs$/, ".js")}`)
      const mod = await import(url.href)
      if (Object.keys(mod).length === 0) throw new Error("no exports")
    })
    await check(`require ${entry}`, () => {
      const mod = require(entry)
      if (Object.keys(mod).length === 0) throw new Error("no exports")
    })
  }
  await check("import resolves to ESM, require to CJS", () => {
    const cjs = require.resolve("effect-withallo")
    if (!cjs.endsWith(".cjs")) throw new Error(`require resolved to ${cjs}`)
  })

  const source = `
import { Calls, Sms, Withallo, WebhookEvent, type WithalloError } from "effect-withallo"
import { WithalloTest } from "effect-withallo/testing"
import { FakeServer } from "effect-withallo/node"
export const used = [Calls, Sms, Withallo.layer, WebhookEvent, WithalloTest.layer, FakeServer] as const
export type E = WithalloError["_tag"]
`
  writeFileSync(join(work, "esm.mts"), source)
  writeFileSync(join(work, "cjs.cts"), source)
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc")
  for (const file of ["esm.mts", "cjs.cts"]) {
    await check(`types resolve for ${file} (module nodenext)`, () =>
      execFileSync(process.execPath, [
        tsc, "--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext",
        "--target", "es2022", "--types", "node", "--skipLibCheck", "false", join(work, file)
      ], { cwd: work, stdio: "pipe" }))
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}

await check("publint", () => execFileSync(process.execPath, [join(root, "node_modules", "publint", "src", "cli.js"), "--strict"], { cwd: root, stdio: "pipe" }))
await check("arethetypeswrong", () =>
  execFileSync(process.execPath, [join(root, "node_modules", "@arethetypeswrong", "cli", "dist", "index.js"), "--pack", ".", "--profile", "node16", "--format", "table-flipped"], { cwd: root, stdio: "pipe" }))

if (failures.length > 0) {
  console.log(`\n${failures.length} package check(s) failed: ${failures.join(", ")}`)
  process.exit(1)
}
console.log("\nall package checks passed")
