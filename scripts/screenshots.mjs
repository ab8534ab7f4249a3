// Screenshots of a served handbook for design review: each page at 1280 px and 375 px wide in the
// light scheme, and at 1280 px in the dark scheme; full page, but cut at 1600 px tall. A name ending in `preview` is
// shot with the page's first cross-link focused, its preview open.
//   node scripts/screenshots.mjs http://127.0.0.1:PORT docs/screenshots home=/ search='/search/?q=un'
// Writes <name>-1280.png, <name>-375.png and <name>-1280-dark.png into the output folder.
// Needs `npm install --prefix tests/browser`; CHROMIUM overrides the browser.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(new URL('../tests/browser/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const MAX_HEIGHT = 1600;
const VARIANTS = [
  { suffix: '1280', viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  { suffix: '375', viewport: { width: 375, height: 812 }, colorScheme: 'light' },
  { suffix: '1280-dark', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
];

const [origin, outdir, ...specs] = process.argv.slice(2);
const pages = specs.map((s) => s.split(/=(.*)/s, 2));
if (!origin || !outdir || pages.length === 0 || pages.some(([name, path]) => !name || !path)) {
  console.error('usage: node scripts/screenshots.mjs <origin> <outdir> name=path ...');
  process.exit(2);
}
mkdirSync(outdir, { recursive: true });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
let failed = false;
for (const { suffix, viewport, colorScheme } of VARIANTS) {
  const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
  for (const [name, path] of pages) {
    const page = await context.newPage();
    const response = await page.goto(new URL(path, origin).href, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle', { timeout: 5000 }).catch(() => {}); // late renders (search)
    if (name.endsWith('preview')) {
      await page.focus('main a:has(> .entity)');
      await page.waitForSelector('#link_preview:not([hidden])', { timeout: 5000 });
    }
    const [scrollWidth, scrollHeight] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    const height = Math.min(scrollHeight, MAX_HEIGHT);
    const file = join(outdir, `${name}-${suffix}.png`);
    await page.screenshot({ path: file, fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height } });
    if (!response?.ok()) failed = true;
    const overflow = scrollWidth > viewport.width ? ` (overflows sideways: ${scrollWidth} px wide)` : '';
    console.log(`${file} ${path} HTTP ${response?.status()}${overflow}`);
    await page.close();
  }
  await context.close();
}
await browser.close();
process.exit(failed ? 1 : 0);
