/**
 * Bundles a TypeScript entry point of this repository into one ESM file that
 * tests spawn with `process.execPath` (packages stay external, resolved from
 * node_modules), so child processes run the sources without a build step.
 */
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))

/** Bundles `entryPoint` to `outfile` (both relative to the repository root); returns the file's absolute path. */
export const bundleForNode = async (entryPoint: string, outfile: string): Promise<string> => {
  const path = `${root}${outfile}`
  await build({
    absWorkingDir: root,
    entryPoints: [entryPoint],
    outfile: path,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    packages: "external",
    logLevel: "warning"
  })
  return path
}
