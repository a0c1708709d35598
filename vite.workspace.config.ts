/** Builds the local workspace's host page (not part of the app package) into .workspace/. */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'src/workspace/host'),
  base: '/',
  build: { outDir: resolve(root, '.workspace'), emptyOutDir: true, target: 'es2022' },
});
