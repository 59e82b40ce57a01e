// Headless Debian Chromium driven by playwright-core (no browser download), with a fresh profile per
// session and every non-loopback request aborted, so the workbench cannot reach the network.
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from './env.mjs';

const NETWORK_PROTOCOLS = new Set(['http:', 'https:', 'ws:', 'wss:']);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * @param {ReturnType<import('./env.mjs').createRunDir>} dirs
 * @param {{ env: NodeJS.ProcessEnv, consoleLog: string, viewport?: { width: number, height: number } }} o
 * @returns {Promise<{ context: import('playwright-core').BrowserContext, page: import('playwright-core').Page,
 *   blockedHosts: Set<string>, close(): Promise<void> }>}
 */
export async function launchBrowser(dirs, { env, consoleLog, viewport = { width: 1400, height: 900 } }) {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}; run test/e2e/scripts/install.sh or set CHROMIUM`);
  fs.mkdirSync(path.dirname(consoleLog), { recursive: true });
  const out = fs.createWriteStream(consoleLog);
  const context = await chromium.launchPersistentContext(dirs.browserProfile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    env, // XDG_* keep crashpad / dconf out of $HOME
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-features=Translate',
    ],
  });
  const blockedHosts = new Set();
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (NETWORK_PROTOCOLS.has(url.protocol) && !LOOPBACK.has(url.hostname)) {
      blockedHosts.add(url.host);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const stamp = () => new Date().toISOString().slice(11, 23);
  page.on('console', (m) => out.write(`${stamp()} [${m.type()}] ${m.text().replace(/%c/g, '')}\n`));
  page.on('pageerror', (e) => out.write(`${stamp()} [pageerror] ${e.stack ?? e.message}\n`));
  page.on('requestfailed', (r) =>
    out.write(`${stamp()} [requestfailed] ${r.url().slice(0, 200)} ${r.failure()?.errorText}\n`),
  );
  return {
    context,
    page,
    blockedHosts,
    async close() {
      await context.close().catch(() => {});
      out.end();
    },
  };
}
