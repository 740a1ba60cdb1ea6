/**
 * The package as users install it: `npm run build`, `npm pack`, then
 * `npm install` of the tarball into a fresh consumer folder with its own
 * node_modules (effect from the registry cache). Used by test/package, the
 * runtime matrix (test-runtimes/) and the bundle bench.
 *
 * The tarball is cached under .tmp/packed/<hash of what goes into it>, so one
 * CI run builds and packs once for all three.
 */
import { execFileSync } from "node:child_process"
import { createHash } from "node:crypto"
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, relative } from "node:path"
import { fileURLToPath } from "node:url"

export const root = fileURLToPath(new URL("../../", import.meta.url))

const walk = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? walk(path) : [path]
  })

/** A hash of everything the tarball is made from. */
const inputsHash = (): string => {
  const hash = createHash("sha256")
  const files = [
    ...walk(join(root, "src")),
    join(root, "package.json"),
    join(root, "tsconfig.json"),
    join(root, "scripts", "build.mjs"),
    join(root, "README.md"),
    join(root, "LICENSE"),
    join(root, "THIRD_PARTY_NOTICES.md")
  ].sort()
  for (const file of files) {
    hash.update(relative(root, file))
    hash.update(readFileSync(file))
  }
  return hash.digest("hex").slice(0, 16)
}

/** The packed tarball of the current sources (built and packed on first use). */
export const packedTarball = (): string => {
  const dir = join(root, ".tmp", "packed", inputsHash())
  const done = join(dir, "tarball")
  if (existsSync(done)) return readFileSync(done, "utf8")
  mkdirSync(join(root, ".tmp", "packed"), { recursive: true })
  execFileSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] })
  const staging = mkdtempSync(join(root, ".tmp", "packed", "staging-"))
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", staging], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"]
  })
  const [{ filename }] = JSON.parse(out.toString()) as [{ filename: string }]
  rmSync(dir, { recursive: true, force: true })
  renameSync(staging, dir)
  const tarball = join(dir, filename)
  writeFileSync(done, tarball)
  return tarball
}

/** The version of a package installed in this repository's node_modules. */
export const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version

export interface Consumer {
  readonly dir: string
  /** Absolute path of a file in the consumer folder. */
  readonly path: (file: string) => string
  /** Removes the folder. */
  readonly remove: () => void
}

/**
 * A fresh consumer folder with the packed package and `effect` installed,
 * plus `dependencies` (name → version). It lives in the system's temporary
 * folder, so that nothing resolves from this repository's node_modules.
 */
export const installConsumer = (
  name: string,
  options: { readonly dependencies?: Record<string, string>; readonly files?: Record<string, string> } = {}
): Consumer => {
  const tarball = packedTarball()
  const dir = mkdtempSync(join(tmpdir(), `withallo-${name}-`))
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: `consumer-${name}`,
        private: true,
        type: "module",
        dependencies: { "effect-withallo": `file:${tarball}`, effect: installedVersion("effect"), ...options.dependencies }
      },
      null,
      2
    )
  )
  for (const [file, text] of Object.entries(options.files ?? {})) {
    mkdirSync(join(dir, file, ".."), { recursive: true })
    writeFileSync(join(dir, file), text)
  }
  execFileSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock", "--loglevel=error"], {
    cwd: dir,
    stdio: ["ignore", "ignore", "inherit"]
  })
  return { dir, path: (file) => join(dir, file), remove: () => rmSync(dir, { recursive: true, force: true }) }
}
