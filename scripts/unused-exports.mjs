// `node scripts/unused-exports.mjs`: exports that no other module imports: dead code a reader
// must still understand and keep compiling.
// Prints `file<TAB>name<TAB>UNUSED` (nothing imports it) or `TEST-ONLY` (only tests/unit and tests/e2e
// import it). An export still used inside its own module is not dead code, just a wider door than it
// needs; one used by nothing at all is. Exported types are listed too: error-code unions and the
// interfaces of a module's API are kept on purpose. Not part of lint: a reading aid for reviews.
import path from 'node:path';
import ts from 'typescript';

const root = process.cwd();
const cfgPath = path.join(root, 'tsconfig.json');
const cfg = ts.getParsedCommandLineOfConfigFile(
  cfgPath,
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
);
const program = ts.createProgram(cfg.fileNames, cfg.options);
const checker = program.getTypeChecker();
const ours = program
  .getSourceFiles()
  .filter((f) => !f.fileName.includes('node_modules') && f.fileName.startsWith(root) && !f.fileName.includes('/.wxt/'));
const rel = (f) => path.relative(root, f);
const isTest = (f) => /^tests\/(unit|e2e)\//.test(rel(f)) || /\.test\.tsx?$/.test(f);
// used[file] = Map(name -> Set(kind of user: 'test'|'code'))
const used = new Map();
const mark = (file, name, user) => {
  if (!used.has(file)) used.set(file, new Map());
  const m = used.get(file);
  if (!m.has(name)) m.set(name, new Set());
  m.get(name).add(isTest(user) ? 'test' : 'code');
};
const resolve = (spec, from) => {
  const r = ts.resolveModuleName(spec, from, cfg.options, ts.sys);
  return r.resolvedModule?.resolvedFileName;
};
for (const sf of ours) {
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const target = resolve(node.moduleSpecifier.text, sf.fileName);
      if (target) {
        if (ts.isImportDeclaration(node)) {
          const c = node.importClause;
          if (!c) mark(target, '*side', sf.fileName);
          else {
            if (c.name) mark(target, 'default', sf.fileName);
            if (c.namedBindings) {
              if (ts.isNamespaceImport(c.namedBindings)) mark(target, '*', sf.fileName);
              else for (const e of c.namedBindings.elements) mark(target, (e.propertyName ?? e.name).text, sf.fileName);
            }
          }
        } else {
          if (!node.exportClause) mark(target, '*', sf.fileName);
          else if (ts.isNamedExports(node.exportClause))
            for (const e of node.exportClause.elements) mark(target, (e.propertyName ?? e.name).text, sf.fileName);
          else mark(target, '*', sf.fileName);
        }
      }
    }
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      const target = resolve(node.arguments[0].text, sf.fileName);
      if (target) mark(target, '*', sf.fileName);
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      const target = resolve(node.argument.literal.text, sf.fileName);
      if (target)
        mark(target, node.qualifier && ts.isIdentifier(node.qualifier) ? node.qualifier.text : '*', sf.fileName);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
const out = [];
for (const sf of ours) {
  const sym = checker.getSymbolAtLocation(sf);
  if (!sym) continue;
  const m = used.get(sf.fileName) ?? new Map();
  if (m.has('*')) continue;
  for (const e of checker.getExportsOfModule(sym)) {
    const name = e.getName();
    const u = m.get(name);
    if (!u?.has('code')) out.push(`${rel(sf.fileName)}\t${name}\t${u ? 'TEST-ONLY' : 'UNUSED'}`);
  }
}
console.log(out.sort().join('\n'));
