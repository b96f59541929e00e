import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * A small static reader for the project's Bicep files. No Bicep compiler can be installed on the
 * development machines (it is a downloaded binary), so the tests read the declarations directly.
 * It relies on the standard Bicep layout: declarations start in column 0, decorators sit on the
 * lines just above the declaration they belong to.
 */

export const ROOT = join(__dirname, '..', '..');
export const INFRA_DIR = join(ROOT, 'infra');
export const MAIN_BICEP = join(INFRA_DIR, 'main.bicep');

export interface Declaration {
  readonly kind: 'param' | 'output';
  readonly name: string;
  readonly type: string;
  readonly decorators: readonly string[];
  /** The whole statement, from the keyword to the line before the next declaration. */
  readonly body: string;
  /** True when a param has a default value. */
  readonly hasDefault: boolean;
}

export interface ResourceDeclaration {
  readonly symbol: string;
  readonly type: string;
  readonly apiVersion: string;
}

export interface BicepFile {
  readonly path: string;
  /** Path relative to the repository root, for messages. */
  readonly label: string;
  /** Source with comments replaced by spaces (strings are kept). */
  readonly code: string;
  readonly params: readonly Declaration[];
  readonly outputs: readonly Declaration[];
  readonly resources: readonly ResourceDeclaration[];
  /** Module paths as written, resolved against the file's folder. */
  readonly modules: ReadonlyArray<{ readonly symbol: string; readonly source: string; readonly resolved: string }>;
}

/** Blanks out // and /* *\/ comments, leaving strings (including '''multi-line''' ones) alone. */
export function stripComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    if (source.startsWith("'''", i)) {
      const end = source.indexOf("'''", i + 3);
      const stop = end < 0 ? source.length : end + 3;
      out += source.slice(i, stop);
      i = stop;
    } else if (source[i] === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== "'") j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += source[i];
      i += 1;
    }
  }
  return out;
}

/** Net change of bracket depth on a line, ignoring brackets inside strings. */
function bracketDelta(line: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === "'") inString = false;
    } else if (c === "'") inString = true;
    else if (c === '(' || c === '[' || c === '{') depth += 1;
    else if (c === ')' || c === ']' || c === '}') depth -= 1;
  }
  return depth;
}

export function parseBicep(path: string): BicepFile {
  const code = stripComments(readFileSync(path, 'utf8'));
  const lines = code.split('\n');
  const params: Declaration[] = [];
  const outputs: Declaration[] = [];
  let pending: string[] = [];

  const statementEnd = (start: number): number => {
    let depth = 0;
    for (let i = start; i < lines.length; i += 1) {
      depth += bracketDelta(lines[i]!);
      if (depth <= 0) return i;
    }
    return lines.length - 1;
  };

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (/^\s/.test(line)) continue; // inside a statement that began above
    if (line.startsWith('@')) {
      const end = statementEnd(i);
      pending.push(lines.slice(i, end + 1).join('\n'));
      i = end;
      continue;
    }
    const declaration = /^(param|output)\s+([A-Za-z_][A-Za-z0-9_]*)\s+([A-Za-z_][A-Za-z0-9_]*)(.*)$/.exec(line);
    const end = statementEnd(i);
    if (declaration) {
      const kind = declaration[1] as 'param' | 'output';
      const entry: Declaration = {
        kind,
        name: declaration[2]!,
        type: declaration[3]!,
        decorators: pending,
        body: lines.slice(i, end + 1).join('\n'),
        hasDefault: /=/.test(declaration[4] ?? ''),
      };
      (kind === 'param' ? params : outputs).push(entry);
    }
    pending = [];
    i = end;
  }

  const resources: ResourceDeclaration[] = [];
  for (const match of code.matchAll(/^resource\s+([A-Za-z_][A-Za-z0-9_]*)\s+'([^'@]+)@([^']+)'/gm)) {
    resources.push({ symbol: match[1]!, type: match[2]!, apiVersion: match[3]! });
  }
  const modules: Array<{ symbol: string; source: string; resolved: string }> = [];
  for (const match of code.matchAll(/^module\s+([A-Za-z_][A-Za-z0-9_]*)\s+'([^']+)'/gm)) {
    modules.push({ symbol: match[1]!, source: match[2]!, resolved: resolve(dirname(path), match[2]!) });
  }
  return { path, label: relative(ROOT, path), code, params, outputs, resources, modules };
}

/** main.bicep and every module it references, transitively (missing module files are skipped). */
export function loadTemplateTree(entry: string = MAIN_BICEP): BicepFile[] {
  const seen = new Map<string, BicepFile>();
  const visit = (path: string): void => {
    if (seen.has(path) || !existsSync(path)) return;
    const file = parseBicep(path);
    seen.set(path, file);
    for (const module of file.modules) visit(module.resolved);
  };
  visit(entry);
  return [...seen.values()];
}

/** Keys of an object literal assigned to `var <name> = {` (one key per line, standard formatting). */
export function objectVarKeys(file: BicepFile, name: string): string[] {
  const start = new RegExp(`^var ${name} = \\{$`, 'm').exec(file.code);
  if (!start) throw new Error(`${file.label}: no "var ${name} = {" block`);
  const lines = file.code.slice(start.index).split('\n');
  const keys: string[] = [];
  let depth = 0;
  for (const [i, line] of lines.entries()) {
    if (depth === 1) {
      const key = /^\s+([A-Za-z_][A-Za-z0-9_]*):/.exec(line);
      if (key) keys.push(key[1]!);
    }
    depth += bracketDelta(line);
    if (i > 0 && depth <= 0) break;
  }
  return keys;
}

/** Text of a `var <name> = ...` statement. */
export function varStatement(file: BicepFile, name: string): string {
  const start = new RegExp(`^var ${name} = `, 'm').exec(file.code);
  if (!start) throw new Error(`${file.label}: no "var ${name}"`);
  const lines = file.code.slice(start.index).split('\n');
  let depth = 0;
  const out: string[] = [];
  for (const line of lines) {
    out.push(line);
    depth += bracketDelta(line);
    if (depth <= 0) break;
  }
  return out.join('\n');
}

/** Text of a `resource <symbol> '...' = ...` statement, up to its closing bracket. */
export function resourceStatement(file: BicepFile, symbol: string): string {
  const start = new RegExp(`^resource ${symbol} '`, 'm').exec(file.code);
  if (!start) throw new Error(`${file.label}: no "resource ${symbol}"`);
  const lines = file.code.slice(start.index).split('\n');
  let depth = 0;
  const out: string[] = [];
  for (const line of lines) {
    out.push(line);
    depth += bracketDelta(line);
    if (depth <= 0 && out.length > 1) break;
  }
  return out.join('\n');
}

/**
 * A `var <name> = loadJsonContent('<path>')<.a.b>` statement: the JSON file it loads (resolved
 * against the Bicep file's folder) and the property path taken from it.
 */
export function loadedJsonVar(file: BicepFile, name: string): { readonly file: string; readonly properties: readonly string[] } {
  const statement = varStatement(file, name).trim();
  const call = /^var \w+ = loadJsonContent\('([^']+)'\)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)$/.exec(statement);
  if (!call) throw new Error(`${file.label}: "var ${name}" is not a loadJsonContent('<file>') expression`);
  return { file: resolve(dirname(file.path), call[1]!), properties: (call[2] ?? '').split('.').filter(Boolean) };
}
