/**
 * vitest `globalSetup` for the CLI suite: bundles the CLI once to
 * `.tmp/cli/withallo.mjs` and tells the workers where it is. Without it
 * (the file not registered), each test worker bundles its own copy.
 */
import { bundleCli } from "./bundle.js"

export default async function setup(): Promise<void> {
  process.env.WITHALLO_CLI_BUNDLE = await bundleCli(".tmp/cli/withallo.mjs")
}
