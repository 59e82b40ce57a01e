// Bundles the extension, the language server, the CLI and the webview into dist/ with esbuild.
// `--production` minifies and drops source maps (what ships in the VSIX); `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync } from 'node:fs';
import * as path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  legalComments: 'none',
  logLevel: 'warning',
};
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

/**
 * esbuild inlines `import()` in CommonJS output, so the extension's lazy modules (the language
 * client library, the preview panel, the simulator, the YAML parser) would load at activation.
 * This plugin sends every dynamic import of the extension's eager part to one second bundle,
 * dist/extension-lazy.js, loaded on first use: activation loads only dist/extension.js. One lazy
 * bundle, not one per import, so that shared modules (yaml, the manifest model) exist once.
 */
const lazyTargets = [];
const lazyImports = {
  name: 'lazy-imports',
  setup(build) {
    build.onResolve({ filter: /.*/ }, async (args) => {
      if (args.kind !== 'dynamic-import' || args.pluginData === 'lazy') return undefined;
      const resolved = await build.resolve(args.path, {
        resolveDir: args.resolveDir,
        kind: 'dynamic-import',
        pluginData: 'lazy',
      });
      if (resolved.errors.length > 0 || resolved.external) return undefined;
      let i = lazyTargets.indexOf(resolved.path);
      if (i < 0) i = lazyTargets.push(resolved.path) - 1;
      return { path: `lazy:${i}`, namespace: 'lazy' };
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: `module.exports = require('./extension-lazy.js').m${args.path.slice('lazy:'.length)};`,
      loader: 'js',
    }));
    build.onResolve({ filter: /^\.\/extension-lazy\.js$/ }, (args) =>
      args.namespace === 'lazy' ? { path: args.path, external: true } : undefined,
    );
  },
};

const builds = [
  {
    ...node,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    ...(watch ? {} : { plugins: [lazyImports] }),
  },
  { ...node, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server.js' },
  {
    ...node,
    entryPoints: ['server/src/cli/cliMain.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
  },
];
if (existsSync('client/webview/main.ts')) {
  builds.push({
    ...common,
    entryPoints: ['client/webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  });
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching for changes…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
  // The lazy part of the extension: every module the eager part imports dynamically, one bundle.
  await esbuild.build({
    ...node,
    stdin: {
      contents: lazyTargets.map((t, i) => `export * as m${i} from ${JSON.stringify(t)};`).join('\n') || 'export {};',
      resolveDir: path.resolve('client/src'),
      sourcefile: 'extension-lazy.js',
      loader: 'js',
    },
    outfile: 'dist/extension-lazy.js',
    external: ['vscode'],
  });
  chmodSync('dist/cli.js', 0o755);
}
