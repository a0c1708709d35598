/**
 * Builds the Zendesk app into dist/: the sidebar page and its script under dist/assets, plus
 * the manifest, translations and logos, so dist/ is a complete app folder for
 * `zcli apps:server dist` or a private-app upload.
 */
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import { pickPart, SIDEBAR_PART } from './src/app/i18n/parts.js';
import { gardenTokensPlugin } from './vite-garden-tokens.js';

const root = import.meta.dirname;

function appPackage(): Plugin {
  return {
    name: 'zendesk-app-package',
    apply: 'build',
    closeBundle() {
      const dist = resolve(root, 'dist');
      mkdirSync(resolve(dist, 'assets'), { recursive: true });
      cpSync(resolve(root, 'manifest.json'), resolve(dist, 'manifest.json'));
      cpSync(resolve(root, 'requirements.json'), resolve(dist, 'requirements.json'));
      cpSync(resolve(root, 'translations'), resolve(dist, 'translations'), { recursive: true });
      cpSync(resolve(root, 'assets'), resolve(dist, 'assets'), { recursive: true });
    },
  };
}

/** `translations/<locale>.json?part=sidebar`: the file cut to the sidebar's keys. */
function translationParts(): Plugin {
  return {
    name: 'translation-parts',
    enforce: 'pre',
    load(id) {
      const [file, query] = id.split('?');
      if (!file?.endsWith('.json') || new URLSearchParams(query).get('part') !== 'sidebar')
        return null;
      const part = pickPart(JSON.parse(readFileSync(file, 'utf8')), SIDEBAR_PART);
      return { code: `export default ${JSON.stringify(part)};`, moduleType: 'js' };
    },
  };
}

export default defineConfig({
  root: resolve(root, 'src/app'),
  base: './',
  plugins: [gardenTokensPlugin(), preact(), translationParts(), appPackage()],
  resolve: {
    alias: [
      {
        find: /^\.\/vendor\/native-promise-only$/,
        replacement: resolve(root, 'src/app/vendor/promise.cjs'),
      },
    ],
  },
  build: {
    outDir: resolve(root, 'dist/assets'),
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      input: {
        sidebar: resolve(root, 'src/app/sidebar/index.html'),
        nav: resolve(root, 'src/app/nav/index.html'),
      },
    },
  },
});
