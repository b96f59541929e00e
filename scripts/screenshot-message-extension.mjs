/**
 * Draws the README screenshot of the "Gör till idé" form (docs/images/message-extension-form.png):
 * the task-module card exactly as the bot renders it (from the build, so run `npm run build:bot`
 * first), rendered by the official Adaptive Cards library in headless Chromium inside a plain
 * Teams-like dialog frame. Nothing is fetched: the page is set from memory and every request is
 * refused.
 *
 *   npm run build:bot && node scripts/screenshot-message-extension.mjs [out.png]
 */
/* global window, document -- used inside page.evaluate, which runs in the browser */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const out = path.resolve(process.argv[2] ?? path.join(root, 'docs', 'images', 'message-extension-form.png'));

let renderIdeaFormCard;
try {
  ({ renderIdeaFormCard } = require(path.join(root, 'dist', 'bot', 'src', 'teams', 'cards', 'idea-form-card.js')));
} catch {
  console.error('The build is missing: run `npm run build:bot` first.');
  process.exit(1);
}

// What "Gör till idé" on Erik's message in a channel opens for Anna (texts as the bot prefills them).
const card = renderIdeaFormCard({
  locale: 'sv',
  values: {
    title: 'Vi borde låna ut elcyklar till hemtjänsten',
    need: '',
    idea: 'Hej alla! Vi borde låna ut elcyklar till hemtjänsten. Fatima Hassan har testat i Lerum och det sparade mycket tid mellan besöken.',
    beneficiaries: [],
    department: 'Socialförvaltningen',
    share: false,
  },
  hidden: {
    draftId: '00000000-0000-4000-8000-000000000000',
    formContext: 'message',
    sourceAuthor: 'Erik Johansson',
    sourceLink: 'https://teams.microsoft.com/l/message/19:example/1',
    origin: { name: 'Erik Johansson', id: '00000000-0000-0000-0000-0000000000e2' },
  },
  departments: [],
});

const hostConfig = {
  fontFamily: "'Segoe UI', 'Noto Sans', 'DejaVu Sans', sans-serif",
  spacing: { small: 4, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 20 },
  fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
  fontWeights: { lighter: 300, default: 400, bolder: 600 },
  containerStyles: {
    default: {
      backgroundColor: '#FFFFFF',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#5B5FC7' },
        attention: { default: '#C4314B', subtle: '#C4314B' },
        good: { default: '#237B4B', subtle: '#237B4B' },
      },
    },
    emphasis: {
      backgroundColor: '#F5F5F5',
      foregroundColors: {
        default: { default: '#242424', subtle: '#616161' },
        accent: { default: '#5B5FC7', subtle: '#5B5FC7' },
        attention: { default: '#C4314B', subtle: '#C4314B' },
        good: { default: '#237B4B', subtle: '#237B4B' },
      },
    },
  },
  actions: {
    actionsOrientation: 'horizontal',
    actionAlignment: 'right',
    buttonSpacing: 8,
    maxActions: 5,
    spacing: 'default',
    showCard: {},
  },
  inputs: { label: { inputSpacing: 'small', requiredInputs: { suffix: ' *', suffixColor: 'attention' } } },
};

const css = `
  body { margin: 0; background: #C8C8C8; font-family: ${hostConfig.fontFamily}; }
  .dialog { width: 600px; margin: 24px; background: #fff; border-radius: 8px; box-shadow: 0 8px 24px rgba(0,0,0,.25); overflow: hidden; }
  .bar { display: flex; align-items: center; gap: 10px; padding: 14px 20px 6px; font-size: 15px; font-weight: 600; color: #242424; }
  .bar img { width: 28px; height: 28px; border-radius: 4px; }
  .bar .close { margin-left: auto; font-weight: 400; color: #616161; font-size: 18px; }
  .ac-input { font-family: inherit; font-size: 14px; border: 1px solid #D1D1D1; border-bottom-color: #616161; border-radius: 4px; padding: 6px 8px; box-sizing: border-box; width: 100%; }
  textarea.ac-input { min-height: 64px; }
  .ac-pushButton { font-family: inherit; font-size: 14px; font-weight: 600; padding: 6px 16px; border-radius: 4px; border: 1px solid #D1D1D1; background: #fff; color: #242424; }
  .ac-pushButton.style-positive, .ac-pushButton.primary { background: #5B5FC7; border-color: #5B5FC7; color: #fff; }
  a { color: #5B5FC7; }
`;

const icon = readFileSync(path.join(root, 'manifest', 'color.png')).toString('base64');
const library = readFileSync(require.resolve('adaptivecards/dist/adaptivecards.min.js'), 'utf8');
const html = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>${css}</style></head><body>
  <div class="dialog" id="dialog">
    <div class="bar"><img alt="" src="data:image/png;base64,${icon}"><span>Idéslussen – Gör till idé</span><span class="close">✕</span></div>
    <div id="card"></div>
  </div></body></html>`;

const { launchLocalChromium } = require(path.join(root, 'scripts', 'chromium.cjs'));
// Everything is in the page already; no origin is allowed, any request would be a mistake.
const browser = await launchLocalChromium({
  allowedOrigins: [],
  contextOptions: { viewport: { width: 660, height: 900 }, deviceScaleFactor: 2 },
});
const { context } = browser;
try {
  const page = await context.newPage();
  await page.setContent(html);
  await page.addScriptTag({ content: library });
  await page.evaluate(
    ({ card, hostConfig }) => {
      const adaptive = new window.AdaptiveCards.AdaptiveCard();
      adaptive.hostConfig = new window.AdaptiveCards.HostConfig(hostConfig);
      adaptive.parse(card);
      document.getElementById('card').appendChild(adaptive.render());
    },
    { card, hostConfig },
  );
  mkdirSync(path.dirname(out), { recursive: true });
  await page.locator('#dialog').screenshot({ path: out });
  console.log(`Wrote ${path.relative(root, out)}`);
} finally {
  await browser.close();
}
