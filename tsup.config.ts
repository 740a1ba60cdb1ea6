import { defineConfig } from "tsup"

export default defineConfig({
  entry: {
    index: "src/index.ts",
    testing: "src/testing/index.ts",
    node: "src/node/index.ts",
    pglite: "src/pglite/index.ts",
    cli: "src/cli/main.ts"
  },
  format: ["esm", "cjs"],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  treeshake: true,
  target: "es2022",
  external: ["effect", /^effect\//, /^@effect\//, "@electric-sql/pglite"]
})
