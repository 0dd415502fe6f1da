// Enforces the layering in docs: shared/ runs everywhere (Node, the browser worker, Electron), so it
// may not import Node, Electron or any host code, nor touch DOM globals; renderer/ may not reach
// into electron/, node/ (or Node), so the same renderer runs in plain Chromium; node/ (Node-only code
// shared by the CLI and the Electron main process) may not import Electron or the hosts that use it,
// so that the CLI runs without Electron.
// Usage: npx tsx scripts/check-layers.ts [projectRoot]
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export interface LayerViolation {
  /** Path relative to the project root, with forward slashes. */
  file: string;
  line: number;
  message: string;
}

export interface LayerReport {
  filesChecked: number;
  violations: LayerViolation[];
}

const SCANNED_EXTENSIONS = ['.ts', '.tsx', '.mts'];
const DOM_GLOBALS = new Set(['window', 'document', 'navigator', 'localStorage']);
const HOST_FOLDERS = ['electron', 'renderer', 'cli', 'node'];
const LAYERS = ['shared', 'renderer', 'node'] as const;
type Layer = (typeof LAYERS)[number];
/** The project folders each layer may not import. */
const FORBIDDEN_FOLDERS: Record<Layer, readonly string[]> = {
  shared: HOST_FOLDERS,
  renderer: ['electron', 'node'],
  node: ['electron', 'renderer', 'cli'],
};
const NODE_BUILTINS = new Set(builtinModules);

interface ModuleReference {
  specifier: string;
  line: number;
}

export function checkLayers(projectRoot: string): LayerReport {
  const violations: LayerViolation[] = [];
  let filesChecked = 0;
  for (const layer of LAYERS) {
    for (const path of sourceFiles(join(projectRoot, layer))) {
      filesChecked += 1;
      const file = relative(projectRoot, path).split(sep).join('/');
      violations.push(...scanFile(file, readFileSync(path, 'utf8')));
    }
  }
  return { filesChecked, violations };
}

/** Checks one file's text; `file` is its path from the project root ("shared/x.ts"). */
export function scanFile(file: string, text: string): LayerViolation[] {
  const layer = file.split('/')[0];
  if (!isLayer(layer)) return [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKind(file));
  const violations: LayerViolation[] = [];
  const report = (line: number, message: string) => violations.push({ file, line, message });

  for (const { specifier, line } of moduleReferences(source)) {
    if (isNodeBuiltin(specifier)) {
      if (layer !== 'node') report(line, `imports the Node built-in '${specifier}' (${layer}/ must not depend on Node)`);
    } else if (specifier === 'electron' || specifier.startsWith('electron/')) {
      report(line, `imports '${specifier}' (${layer}/ must not depend on Electron)`);
    } else {
      const target = hostFolderOf(file, specifier);
      if (target && FORBIDDEN_FOLDERS[layer].includes(target)) {
        report(line, `imports '${specifier}' from ${target}/ (${layer}/ must not depend on ${target}/)`);
      }
    }
  }
  if (layer === 'shared') {
    for (const { name, line } of domGlobalReferences(source)) {
      report(line, `refers to the DOM global '${name}' (shared/ must not depend on the DOM)`);
    }
  }
  return violations.sort((a, b) => a.line - b.line);
}

const isLayer = (name: string | undefined): name is Layer => (LAYERS as readonly (string | undefined)[]).includes(name);

function* sourceFiles(folder: string): Generator<string> {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SCANNED_EXTENSIONS.some((extension) => entry.name.endsWith(extension))) yield path;
  }
}

function scriptKind(file: string): ts.ScriptKind {
  return file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

function literalText(node: ts.Node | undefined): string | undefined {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return node.text;
  return undefined;
}

/** Static imports and re-exports, `import x = require()`, `import()` calls and types, `require()`. */
function moduleReferences(source: ts.SourceFile): ModuleReference[] {
  const references: ModuleReference[] = [];
  const add = (node: ts.Node, specifier: string | undefined) => {
    if (specifier !== undefined) references.push({ specifier, line: lineOf(source, node) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      add(node, literalText(node.moduleSpecifier));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, literalText(node.moduleReference.expression));
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, literalText(node.argument.literal));
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isDynamicImport = callee.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(callee) && callee.text === 'require';
      if (isDynamicImport || isRequire) add(node, literalText(node.arguments[0]));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return references;
}

function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  return NODE_BUILTINS.has(specifier) || NODE_BUILTINS.has(specifier.split('/')[0] ?? '');
}

/** The top-level folder a relative specifier lands in, from the project root. */
function hostFolderOf(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const projectRoot = resolve('/project');
  const target = relative(projectRoot, resolve(projectRoot, dirname(file), specifier));
  if (target.startsWith('..')) return undefined;
  return target.split(sep)[0];
}

/**
 * Identifiers naming a DOM global in expression position. Property names (`x.document`,
 * `{ document: … }`) are not references, and a file that declares its own binding of that name
 * (a parameter called `document`, say) uses its own. The shared/tsconfig.json typecheck, which
 * has no DOM library, is the thorough guard; this catches what a type-only import could hide.
 */
function domGlobalReferences(source: ts.SourceFile): { name: string; line: number }[] {
  const declared = new Set<string>();
  const candidates: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && DOM_GLOBALS.has(node.text)) {
      if (declaresBinding(node)) declared.add(node.text);
      else if (!isPropertyName(node)) candidates.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return candidates
    .filter((node) => !declared.has(node.text))
    .map((node) => ({ name: node.text, line: lineOf(source, node) }));
}

function declaresBinding(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isVariableDeclaration(parent) ||
      ts.isParameter(parent) ||
      ts.isFunctionDeclaration(parent) ||
      ts.isClassDeclaration(parent) ||
      ts.isImportClause(parent) ||
      ts.isImportSpecifier(parent) ||
      ts.isNamespaceImport(parent) ||
      ts.isBindingElement(parent)) &&
    parent.name === node
  );
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent)) return parent.name === node;
  if (ts.isQualifiedName(parent)) return parent.right === node;
  if (ts.isBindingElement(parent)) return parent.propertyName === node;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return parent.propertyName === node;
  if (
    ts.isPropertyAssignment(parent) ||
    ts.isPropertyDeclaration(parent) ||
    ts.isPropertySignature(parent) ||
    ts.isMethodDeclaration(parent) ||
    ts.isMethodSignature(parent) ||
    ts.isGetAccessorDeclaration(parent) ||
    ts.isSetAccessorDeclaration(parent) ||
    ts.isEnumMember(parent) ||
    ts.isJsxAttribute(parent)
  ) {
    return parent.name === node;
  }
  return false;
}

function main(): void {
  const projectRoot = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  const { filesChecked, violations } = checkLayers(projectRoot);
  for (const { file, line, message } of violations) console.error(`${file}:${line}: ${message}`);
  if (violations.length > 0) {
    process.exitCode = 1;
    return;
  }
  console.log(`check-layers: ${filesChecked} files in shared/, renderer/ and node/ respect the layering.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
