/**
 * Builds the local workspace's host page (not part of the app package) into .workspace/, in
 * Garden's colours like the app.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { gardenTokensPlugin } from './vite-garden-tokens.js';

const root = import.meta.dirname;

export default defineConfig({
  root: resolve(root, 'src/workspace/host'),
  base: '/',
  plugins: [gardenTokensPlugin()],
  build: { outDir: resolve(root, '.workspace'), emptyOutDir: true, target: 'es2022' },
});
