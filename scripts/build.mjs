// `npm run build`: dist/ keeps the module graph of src/, as effect's own
// package does — one output module per source module, so a bundler drops
// every module a program does not use:
//
//   src/X.ts → dist/X.js (ESM) + dist/X.cjs (CommonJS)
//            + dist/X.d.ts / dist/X.d.cts (+ source maps)
//
// Every .ts file under src/ is built (new modules need no configuration),
// except src/cli/, which becomes the `withallo` bin: one file,
// dist/cli/main.js, that imports the library's own dist modules and carries
// the Node platform layer it needs (see README "Runs on").
//
// Top-level calls are annotated `/*#__PURE__*/` on the way (the same rule as
// effect's build, babel-plugin-annotate-pure-calls: any call or `new` outside
// a function body whose value is used), so a bundler may drop an unused
// `static layer = Layer.effect(…)` or schema. test/package proves the result:
// each module imported for its side effects alone bundles to nothing.
import { build } from "esbuild"
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, relative, resolve, sep } from "node:path"
import { fileURLToPath } from "node:url"
import ts from "typescript"

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const src = join(root, "src")
const dist = join(root, "dist")
const cliDir = join(src, "cli")

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? walk(path) : [path]
  })

/** Whether a call is already annotated (a hand-written `/*#__PURE__*\/`). */
const hasPureComment = (node, text) =>
  (ts.getLeadingCommentRanges(text, node.pos) ?? []).some((c) => /[@#]__PURE__/.test(text.slice(c.pos, c.end)))

const pure = (node) => ts.addSyntheticLeadingComment(node, ts.SyntaxKind.MultiLineCommentTrivia, "#__PURE__", false)

const arithmetic = {
  [ts.SyntaxKind.PlusToken]: (a, b) => a + b,
  [ts.SyntaxKind.MinusToken]: (a, b) => a - b,
  [ts.SyntaxKind.AsteriskToken]: (a, b) => a * b,
  [ts.SyntaxKind.SlashToken]: (a, b) => a / b,
  [ts.SyntaxKind.AsteriskAsteriskToken]: (a, b) => a ** b
}

/** The value of an arithmetic expression of number literals and `const`s holding one, if it is one. */
const numberOf = (checker, node) => {
  if (ts.isNumericLiteral(node)) return Number(node.text)
  if (ts.isParenthesizedExpression(node)) return numberOf(checker, node.expression)
  if (ts.isIdentifier(node)) {
    const type = checker.getTypeAtLocation(node)
    return type.isNumberLiteral() ? type.value : undefined
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind in arithmetic) {
    const left = numberOf(checker, node.left)
    const right = numberOf(checker, node.right)
    return left === undefined || right === undefined ? undefined : arithmetic[node.operatorToken.kind](left, right)
  }
  return undefined
}

/** Whether an expression is an array or a tuple (whose spread `concat` reproduces). */
const isArray = (checker, node) => {
  const type = checker.getTypeAtLocation(node)
  return checker.isArrayType(type) || checker.isTupleType(type)
}

/** Whether an expression reads a property of something other than an `import * as` namespace. */
const isPropertyRead = (checker, node) => {
  if (!ts.isPropertyAccessExpression(node) || node.questionDotToken !== undefined) return false
  let root = node.expression
  while (ts.isPropertyAccessExpression(root)) root = root.expression
  if (!ts.isIdentifier(root)) return true
  const declaration = checker.getSymbolAtLocation(root)?.declarations?.[0]
  return declaration === undefined || !ts.isNamespaceImport(declaration)
}

/** Whether `node` is a value kept in a binding, an argument, a property or an element (not a callee, not assigned to). */
const isValuePosition = (node, parent) =>
  ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node)) ||
  ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) &&
    parent.initializer === node) ||
  ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent) || ts.isSpreadAssignment(parent)

/**
 * What runs at module load, written so that a bundler can prove it pure:
 * - every call and `new` whose value is used is marked `/*#__PURE__*\/`;
 * - `{ ...fields, more }` becomes `/*#__PURE__*\/ Object.assign({}, fields, { more })`
 *   (a bundler cannot prove that a spread reads no getter);
 * - `[...items, more]` of arrays becomes `/*#__PURE__*\/ [].concat(items, [more])`
 *   (a spread runs an iterator: a bundler cannot prove it pure);
 * - a property read kept as a value (`Layer.mergeAll(Calls.layer, …)`,
 *   `const x = a.b`, `{ k: a.b }`) becomes `/*#__PURE__*\/ (() => Calls.layer)()`
 *   (a bundler cannot prove that a read calls no getter; it inlines the arrow
 *   again when the value is used); reads of `import * as` namespaces are left alone;
 * - the class's own name in a static initializer becomes `this`;
 * - arithmetic on constants is folded (`2 ** 24` → `16777216`);
 * - a template with substitutions becomes `/*#__PURE__*\/ "…".concat(…)`
 *   (a bundler cannot prove that a substitution's `toString` is pure).
 */
const annotatePureCalls = (checker) => (context) => (sourceFile) => {
  const text = sourceFile.getFullText()
  const f = context.factory
  const visit = (node, parent, klass) => {
    // Function bodies and instance fields run later, not at module load.
    if (ts.isFunctionLike(node) && !ts.isClassStaticBlockDeclaration(node)) return node
    if (ts.isPropertyDeclaration(node) && !node.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return node
    if (ts.isPropertyDeclaration(node) && ts.isClassLike(parent) && parent.name !== undefined) {
      const symbol = checker.getSymbolAtLocation(parent.name)
      return ts.visitEachChild(node, (child) => visit(child, node, symbol), context)
    }
    // In a static initializer the class is `this`: Rollup keeps a class whose
    // static field reads the class's own name (`Layer.effect(Sms, …)`).
    if (
      klass !== undefined && ts.isIdentifier(node) && isValuePosition(node, parent) &&
      checker.getSymbolAtLocation(node) === klass
    ) return f.createThis()
    if (ts.isBinaryExpression(node)) {
      const value = numberOf(checker, node)
      if (value !== undefined && Number.isFinite(value) && value >= 0) return f.createNumericLiteral(value)
    }
    const visited = ts.visitEachChild(node, (child) => visit(child, node, klass), context)
    if (
      ts.isArrayLiteralExpression(visited) && visited.elements.some(ts.isSpreadElement) &&
      node.elements.every((e) => !ts.isSpreadElement(e) || isArray(checker, e.expression))
    ) {
      const parts = []
      let run = []
      for (const element of visited.elements) {
        if (ts.isSpreadElement(element)) {
          if (run.length > 0) parts.push(f.createArrayLiteralExpression(run))
          run = []
          parts.push(element.expression)
        } else run.push(element)
      }
      if (run.length > 0) parts.push(f.createArrayLiteralExpression(run))
      return pure(f.createCallExpression(f.createPropertyAccessExpression(f.createArrayLiteralExpression([]), "concat"), undefined, parts))
    }
    if (ts.isTemplateExpression(visited)) {
      const parts = visited.templateSpans.flatMap((span) => [span.expression, f.createStringLiteral(span.literal.text)])
      const head = f.createPropertyAccessExpression(f.createStringLiteral(visited.head.text), "concat")
      return pure(f.createCallExpression(head, undefined, parts.filter((p) => !ts.isStringLiteral(p) || p.text !== "")))
    }
    if (ts.isObjectLiteralExpression(visited) && visited.properties.some(ts.isSpreadAssignment)) {
      const parts = [f.createObjectLiteralExpression([])]
      let run = []
      for (const property of visited.properties) {
        if (ts.isSpreadAssignment(property)) {
          if (run.length > 0) parts.push(f.createObjectLiteralExpression(run, true))
          run = []
          parts.push(property.expression)
        } else run.push(property)
      }
      if (run.length > 0) parts.push(f.createObjectLiteralExpression(run, true))
      return pure(f.createCallExpression(f.createPropertyAccessExpression(f.createIdentifier("Object"), "assign"), undefined, parts))
    }
    const isCall = (ts.isCallExpression(node) && node.expression.kind !== ts.SyntaxKind.ImportKeyword) ||
      ts.isNewExpression(node)
    if (isCall && !ts.isExpressionStatement(parent) && !hasPureComment(node, text)) return pure(visited)
    if (isPropertyRead(checker, node) && isValuePosition(node, parent)) {
      return pure(f.createCallExpression(f.createParenthesizedExpression(f.createArrowFunction(undefined, undefined, [], undefined, undefined, visited)), undefined, []))
    }
    return visited
  }
  return ts.visitEachChild(sourceFile, (child) => visit(child, sourceFile, undefined), context)
}

/** Rewrites the relative `.js` specifiers of a declaration file to `.cjs` (for its `.d.cts` twin). */
const toCjsSpecifiers = (code) => code.replace(/(["'])(\.{1,2}\/[^"']*?)\.js\1/g, "$1$2.cjs$1")

rmSync(dist, { recursive: true, force: true })

// 1. ESM + declarations: one TypeScript emit of every module but the CLI's.
const library = walk(src).filter((f) => f.endsWith(".ts") && !f.startsWith(cliDir + sep))
const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (d) => {
    throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"))
  }
})
const options = {
  ...config.options,
  noEmit: false,
  rootDir: src,
  outDir: dist,
  declaration: true,
  declarationMap: false,
  sourceMap: true,
  inlineSources: true,
  removeComments: false,
  paths: undefined,
  types: ["node"]
}
const program = ts.createProgram(library, options)
const emitted = program.emit(undefined, undefined, undefined, false, { before: [annotatePureCalls(program.getTypeChecker())] })
const diagnostics = [...ts.getPreEmitDiagnostics(program), ...emitted.diagnostics]
if (diagnostics.length > 0) {
  console.error(ts.formatDiagnosticsWithColorAndContext(diagnostics, {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => "\n"
  }))
  process.exit(1)
}

// 2. CommonJS: each ESM module converted alone; its relative imports point at the .cjs twins.
const esmModules = walk(dist).filter((f) => f.endsWith(".js"))
await build({
  entryPoints: esmModules,
  outdir: dist,
  outbase: dist,
  outExtension: { ".js": ".cjs" },
  bundle: true,
  format: "cjs",
  platform: "neutral",
  target: "es2022",
  sourcemap: true,
  logLevel: "warning",
  plugins: [{
    name: "every-import-external",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => args.kind === "entry-point" ? undefined : ({
        path: args.path.startsWith(".") ? args.path.replace(/\.js$/, ".cjs") : args.path,
        external: true
      }))
    }
  }]
})
for (const file of walk(dist).filter((f) => f.endsWith(".d.ts"))) {
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), toCjsSpecifiers(readFileSync(file, "utf8")))
}

// 3. The `withallo` bin: src/cli bundled with the Node platform layer
// (@effect/platform-node's NodeRuntime and NodeServices, so the package has
// no runtime dependency but effect); the library modules stay the dist ones.
await build({
  entryPoints: [join(cliDir, "main.ts")],
  outfile: join(dist, "cli", "main.js"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: true,
  legalComments: "inline",
  logLevel: "warning",
  plugins: [{
    name: "library-external",
    setup(b) {
      b.onResolve({ filter: /^(effect|effect\/.*)$/ }, (args) => ({ path: args.path, external: true }))
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (!args.importer.startsWith(cliDir + sep)) return undefined
        const target = resolve(dirname(args.importer), args.path)
        if (target.startsWith(cliDir + sep)) return undefined
        // dist/cli/main.js sits where src/cli/*.ts sit: the same relative path reaches the dist module.
        return { path: relative(cliDir, target).split(sep).join("/").replace(/^(?!\.)/, "./"), external: true }
      })
    }
  }]
})

console.log(`built ${esmModules.length} modules (ESM + CommonJS + declarations) and the withallo bin into dist/`)
