/**
 * Bundles `src/cli/main.ts` into one ESM file the tests spawn as a user
 * would run `withallo` (no `npm run build` needed).
 */
import { build } from "esbuild"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../", import.meta.url))

/** Bundles the CLI to `outfile` (relative to the repository root); returns its absolute path. */
export const bundleCli = async (outfile: string): Promise<string> => {
  const path = `${root}${outfile}`
  await build({
    absWorkingDir: root,
    entryPoints: ["src/cli/main.ts"],
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
