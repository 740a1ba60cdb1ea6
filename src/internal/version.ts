/**
 * The SDK's identity in `User-Agent`: `effect-withallo/<version> effect/<version> <runtime>`.
 *
 * @internal
 */
import * as Version from "effect/Version"

/** This package's version; a test keeps it equal to package.json's. */
export const VERSION = "0.1.0"

const runtime = (): string => {
  const g: { process?: { versions?: { node?: string; bun?: string } }; Deno?: { version?: { deno?: string } } } =
    globalThis
  if (g.Deno?.version?.deno !== undefined) return `deno/${g.Deno.version.deno}`
  if (g.process?.versions?.bun !== undefined) return `bun/${g.process.versions.bun}`
  if (g.process?.versions?.node !== undefined) return `node/${g.process.versions.node}`
  return "runtime/unknown"
}

/** The SDK's own `User-Agent` value. */
export const userAgent = `effect-withallo/${VERSION} effect/${Version.getCurrentVersion()} ${runtime()}`
