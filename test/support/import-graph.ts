// The import graph of the source, read with the TypeScript compiler's parser (no type check): every
// `import` and `export … from` (type-only ones too), `import('…')` in types and code, and `require('…')`.
// Relative imports are resolved to files; anything else is kept as the package name it names.
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** File (repository-relative, forward slashes) → what it imports: files, or package names. */
export type ImportGraph = Map<string, Set<string>>;

/** What one source text imports, as written. */
export function specifiersOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: string[] = [];
  const literal = (node: ts.Node | undefined) => {
    if (node && ts.isStringLiteralLike(node)) found.push(node.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) literal(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      literal(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) literal(node.argument.literal);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require'))
    ) {
      literal(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The graph of `sources` (file → text); relative imports resolve to `<path>.ts` or `<path>/index.ts` among them. */
export function importGraph(sources: ReadonlyMap<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [file, text] of sources) {
    const targets = new Set<string>();
    for (const specifier of specifiersOf(file, text)) {
      if (!specifier.startsWith('.')) {
        targets.add(specifier);
        continue;
      }
      const base = path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '');
      const target = [base, `${base}.ts`, `${base}/index.ts`].find((candidate) => sources.has(candidate));
      if (target) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Every .ts file under `dir` of the repository at `root`, with its text. */
export function readSources(root: string, dir: string): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = path.posix.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
        sources.set(child, fs.readFileSync(path.join(root, child), 'utf8'));
    }
  };
  walk(dir);
  return sources;
}

/** Each import cycle once, as the files around it (Tarjan's strongly connected components). */
export function cycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, next);
    low.set(file, next);
    next += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        connect(target);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(file, Math.min(low.get(file) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1 || graph.get(file)?.has(file)) found.push(component.sort());
  };
  for (const file of [...graph.keys()].sort()) if (!index.has(file)) connect(file);
  return found;
}

/** A layering rule: files matching `from` must not import anything matching `to`. */
export interface Rule {
  name: string;
  from: (file: string) => boolean;
  to: (target: string) => boolean;
}

/** "importer → imported (rule)" for every import a rule forbids. */
export function violations(graph: ImportGraph, rules: readonly Rule[]): string[] {
  const found: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      for (const rule of rules)
        if (rule.from(file) && rule.to(target)) found.push(`${file} → ${target} (${rule.name})`);
    }
  }
  return found.sort();
}
