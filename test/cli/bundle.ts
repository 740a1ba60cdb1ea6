/**
 * Bundles `src/cli/main.ts` into one ESM file the tests spawn as a user
 * would run `withallo` (no `npm run build` needed).
 */
import { bundleForNode } from "../support/bundle.js"

/** Bundles the CLI to `outfile` (relative to the repository root); returns its absolute path. */
export const bundleCli = (outfile: string): Promise<string> => bundleForNode("src/cli/main.ts", outfile)
