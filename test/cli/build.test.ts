/**
 * The compiled CLI loads each command's modules only when that command runs: what main.js
 * imports statically, and what the pricing commands import, carry no command and no backend
 * package. Read from the build's metafile (esbuild's record of every output's imports).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
interface Output {
  entryPoint?: string;
  imports: { path: string; kind: string; external?: boolean }[];
}
const { outputs } = JSON.parse(readFileSync(join(ROOT, 'build/cli/metafile.json'), 'utf8')) as {
  outputs: Record<string, Output>;
};

/** Everything an output loads before its code runs: its static imports, transitively. */
function staticClosure(start: string): { entryPoints: string[]; packages: string[] } {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of outputs[file]!.imports) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) {
        if (!i.path.startsWith('node:')) packages.add(i.path);
      } else visit(i.path);
    }
  };
  visit(start);
  const entryPoints = [...seen].flatMap((f) => outputs[f]!.entryPoint ?? []);
  return { entryPoints, packages: [...packages] };
}

const outputOf = (entryPoint: string) =>
  Object.keys(outputs).find((f) => outputs[f]!.entryPoint === entryPoint)!;

describe('the compiled CLI', () => {
  it('starts without loading any command or package', () => {
    const { entryPoints, packages } = staticClosure('build/cli/main.js');
    expect(entryPoints).toEqual(['src/cli/main.ts']);
    expect(packages).toEqual([]);
  });

  it.each(['price', 'compare', 'check-plan'])('runs %s without the backend’s packages', (name) => {
    const file = outputOf(`src/cli/commands/${name}.ts`);
    expect(file).toBeDefined();
    expect(staticClosure(file).packages).toEqual([]);
  });

  it('finds every command main.js loads on demand', () => {
    const loaded = outputs['build/cli/main.js']!.imports.filter((i) => i.kind === 'dynamic-import');
    const files = loaded.map((i) => (i.external ? join('build/cli', i.path) : i.path));
    for (const name of ['price', 'compare', 'check-plan', 'serve', 'tenant', 'workspace']) {
      const file = outputOf(`src/cli/commands/${name}.ts`);
      expect(files, name).toContain(file);
    }
    for (const file of files) expect(existsSync(join(ROOT, file)), file).toBe(true);
    expect(dirname(files[0]!)).toBe('build/cli');
  });
});
