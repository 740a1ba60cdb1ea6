/**
 * The layout issue 14 asks for, held: schemas never import from webhooks/
 * (no upward arrow), and nothing the core entry loads for webhooks imports
 * `node:` modules statically (node:crypto is found at run time).
 */
import { assert, describe, it } from "@effect/vitest"
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

const src = fileURLToPath(new URL("../../src/", import.meta.url))

const sources = (dir: string): Array<string> =>
  readdirSync(join(src, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => join(entry.parentPath, entry.name))

const imports = (file: string): Array<string> =>
  Array.from(readFileSync(file, "utf8").matchAll(/^(?:import|export)\b[^;]*?from\s+"([^"]+)"/gm), (match) => match[1] ?? "")

describe("source layout", () => {
  it("no schema imports from webhooks/", () => {
    const files = sources("schema")
    assert.isAbove(files.length, 5)
    for (const file of files) {
      for (const path of imports(file)) assert.notMatch(path, /webhooks\//, `${file} imports ${path}`)
    }
  })

  it("no webhook module imports a node: module statically", () => {
    const files = sources("webhooks")
    assert.isAbove(files.length, 10)
    for (const file of files) {
      for (const path of imports(file)) assert.notMatch(path, /^node:/, `${file} imports ${path}`)
    }
  })
})
