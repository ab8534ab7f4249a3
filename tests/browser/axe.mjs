// Accessibility check of a served handbook: runs axe-core (WCAG 2.1 A/AA + best practice) on each
// path in headless Chromium, in the light and the dark colour scheme, under a strict
// Content-Security-Policy. Fails on serious/critical violations, any colour-contrast violation,
// any console error or uncaught exception (CSP violations are logged as console errors).
//   node tests/browser/axe.mjs http://127.0.0.1:PORT / /documents/ ...
// Exit 0: clean; 1: violations; 2: usage, launch or harness error.
// CHROMIUM overrides the browser; AXE_CSP overrides the policy added to pages ('' adds none).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url); // resolves next to this script, not the cwd
const { chromium } = require('playwright-core');
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const CSP = process.env.AXE_CSP ?? "default-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

const [origin, ...paths] = process.argv.slice(2);
if (!origin || !/^https?:\/\//.test(origin) || paths.length === 0) {
  console.error('usage: node tests/browser/axe.mjs <origin> <path>...');
  process.exit(2);
}

let browser;
try {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
} catch (e) {
  console.error(`cannot launch Chromium: ${e.message}`);
  process.exit(2);
}

const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
if (CSP) {
  // The site is static and may be served by anything: add the policy to every page we load.
  await context.route('**/*', async (route) => {
    if (route.request().resourceType() !== 'document') return route.continue();
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
}

const violations = [];
let checked = 0;
try {
  for (const path of paths) {
    for (const scheme of ['light', 'dark']) {
      const found = await check(path, scheme);
      checked++;
      violations.push(...found.map((v) => ({ path, scheme, ...v })));
      if (found.length === 0) console.log(`ok ${path} ${scheme}`);
      for (const v of found) {
        const [first] = v.nodes;
        console.log(`FAIL ${path} ${scheme}: ${v.id} (${v.impact}) ${v.nodes.length} nodes: ${first.target} ${first.summary.replace(/\s+/g, ' ')}`);
      }
    }
  }
} catch (e) {
  console.error(`harness error: ${e.stack || e}`);
  await browser.close();
  process.exit(2);
}
await browser.close();

console.log('AXE-SUMMARY ' + JSON.stringify({ pages: paths.length, checked, violations }));
process.exit(violations.length ? 1 : 0);

async function check(path, scheme) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push({ target: m.location().url || path, summary: m.text() });
  });
  page.on('pageerror', (e) => errors.push({ target: path, summary: `uncaught: ${e.message}` }));
  await page.emulateMedia({ colorScheme: scheme });

  const found = [];
  const response = await page.goto(new URL(path, origin).href, { waitUntil: 'load' });
  if (!response || !response.ok()) {
    found.push({ id: 'http-status', impact: 'critical', nodes: [{ target: path, summary: `HTTP ${response?.status()}` }] });
  }
  // Let scripts that render after load (search results, previews) finish their fetches.
  await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {});
  if (!(await page.evaluate((s) => matchMedia(`(prefers-color-scheme: ${s})`).matches, scheme))) {
    throw new Error(`colour-scheme emulation failed for ${scheme}`);
  }

  await page.evaluate(axeSource); // not a <script> tag: the CSP (rightly) blocks inline scripts
  const run = (context) => page.evaluate(([c, tags]) => window.axe.run(c, { runOnly: { type: 'tag', values: tags } }), [context, TAGS]);
  const results = await run('html');
  // A page with cross-links: focus the first, and check its open preview as well.
  if (await page.$('main a:has(> .entity)')) {
    await page.focus('main a:has(> .entity)');
    const shown = await page.waitForSelector('#link_preview:not([hidden])', { timeout: 5000 }).catch(() => null);
    if (!shown) found.push({ id: 'preview-missing', impact: 'serious', nodes: [{ target: 'main a:has(> .entity)', summary: 'focusing a cross-link showed no preview' }] });
    else results.violations.push(...(await run('#link_preview')).violations);
  }
  for (const v of results.violations) {
    if (v.id !== 'color-contrast' && v.impact !== 'serious' && v.impact !== 'critical') continue;
    const nodes = v.nodes.map((n) => ({ target: n.target.flat().join(' '), summary: n.failureSummary }));
    found.push({ id: v.id, impact: v.impact, nodes });
  }
  if (errors.length) found.push({ id: 'console-error', impact: 'serious', nodes: errors });
  await page.close();
  return found;
}
