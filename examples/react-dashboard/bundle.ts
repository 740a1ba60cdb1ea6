/**
 * Bundles the dashboard's browser code (`app.tsx`) with esbuild: React, the
 * SDK's `effect-withallo/react` entry and nothing else. The SDK's imports
 * point at `src/` (tsconfig paths), so the demo needs no build first.
 */
import { build } from "esbuild"
import { existsSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

/** The repository root: the nearest directory up from this file (or its bundle in .tmp/) with a package.json. */
const findRoot = (from: string): string => {
  let dir = from
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

export const root = findRoot(dirname(fileURLToPath(import.meta.url)))

/** The browser bundle's JavaScript, minified. */
export const bundleApp = async (): Promise<string> => {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["examples/react-dashboard/app.tsx"],
    bundle: true,
    minify: true,
    write: false,
    format: "esm",
    platform: "browser",
    target: "es2022",
    jsx: "automatic",
    define: { "process.env.NODE_ENV": "\"production\"" },
    logLevel: "warning"
  })
  const [output] = result.outputFiles
  return output === undefined ? "" : output.text
}
