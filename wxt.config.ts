import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';
import { brandIconAssets } from './scripts/brand-icons';
import { DEFAULT_LOCALE, LOCALES, localeDir, readLocale, toMessagesJson } from './scripts/locales';

const require = createRequire(import.meta.url);
const ROOT = fileURLToPath(new URL('.', import.meta.url));
/** The toolbar and store icons, rendered from public/icons/icon.svg by `npm run icons`. */
const ICONS = Object.fromEntries([16, 32, 48, 96, 128].map((size) => [size, `icons/icon-${size}.png`])) as Record<
  16 | 32 | 48 | 96 | 128,
  string
>;
/**
 * Policy for extension pages and the worker (docs/permissions.md "Content Security Policy"): everything from the
 * extension itself and nothing else; scripts may compile our own shipped WebAssembly (QR decoder, Argon2);
 * pictures may be data: and blob: URLs (icons in CSS, pasted pictures); no plugins; no <base> and no framing of other
 * pages. Network: only https, and plain http to this computer, for the WebDAV folder a person configures for sync
 * (docs/sync-format.md "Network, permissions and CSP"). A CSP is fixed at build time and cannot name an origin typed
 * later; what keeps requests to that one origin is the transport's guard (platform/webdav-transport.ts), the lint rule
 * that forbids `fetch` everywhere else (biome.json) and the host permission for that origin only (docs/permissions.md).
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "object-src 'none'",
  'connect-src https: http://127.0.0.1:* http://localhost:*',
  "img-src 'self' data: blob:",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Where a sync folder may be: any https host, or a server on this computer (docs/sync-format.md). */
const SYNC_ORIGINS = ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'];

// https://wxt.dev/api/config.html
export default defineConfig({
  // Auto-imports off: every dependency is an explicit, lintable import.
  imports: false,
  // Where builds and archives go: .output, unless TWOFOLD_OUT_DIR names another directory (the release e2e test zips
  // into a directory of its own, so the builds other test files load meanwhile stay as they are).
  outDir: process.env.TWOFOLD_OUT_DIR || '.output',
  vite: () => ({ plugins: [preact()] }),
  // `npm run dev` opens Debian's Chromium (or $CHROMIUM_PATH) when there is a display to show it;
  // without one it only rebuilds, and the build in .output/chrome-mv3-dev is loaded by hand.
  webExt: {
    disabled: !process.env.DISPLAY,
    binaries: { chrome: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    chromiumArgs: [
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  },
  // `npm run zip`: store archives for Chrome and Firefox, and the source archive Firefox review asks for (everything
  // needed to rebuild the Firefox package with `npm ci && npm run build:firefox`; tests and benchmarks left out).
  zip: {
    artifactTemplate: '{{name}}-{{version}}-{{browser}}.zip',
    sourcesTemplate: '{{name}}-{{version}}-sources.zip',
    excludeSources: ['tests/**', 'bench/**', '.ci/**', 'scratch/**', 'docs/screenshots/**'],
  },
  hooks: {
    // The QR decoder's WebAssembly ships inside the extension (MV3 allows no remote code; Twofold makes no requests).
    'build:publicAssets': (_wxt, files) => {
      files.push({
        absoluteSrc: require.resolve('zxing-wasm/reader/zxing_reader.wasm'),
        relativeDest: 'zxing_reader.wasm',
      });
      // SQLite for app databases taken from a device (platform/sqlite-loader.ts), fetched only when one is imported.
      files.push({ absoluteSrc: require.resolve('sql.js/dist/sql-wasm.wasm'), relativeDest: 'sql-wasm.wasm' });
      // Every language's catalog, merged from locales/<lang>/*.json (docs/i18n.md).
      for (const lang of LOCALES) {
        files.push({
          contents: toMessagesJson(readLocale(ROOT, lang).messages),
          relativeDest: `_locales/${localeDir(lang)}/messages.json`,
        });
      }
      // Brand logos from simple-icons and their index (docs/brand-icons.md): inside the package, read per row in view.
      files.push(...brandIconAssets());
    },
  },
  manifest: ({ browser, manifestVersion }) => ({
    name: '__MSG_manifest_ext_name__',
    description: '__MSG_manifest_ext_description__',
    default_locale: DEFAULT_LOCALE,
    icons: ICONS,
    // Minimal permissions; each is justified in docs/permissions.md.
    // clipboardWrite: clearing a copied code after the popup closed (the popup closes
    // when the person clicks the page to paste); offscreen (Chromium only):
    // the hidden document that does it there.
    permissions: [
      'storage',
      'activeTab',
      'alarms',
      'contextMenus',
      'clipboardWrite',
      ...(browser === 'firefox' ? [] : ['offscreen']),
    ],
    // Sync to a WebDAV folder (docs/permissions.md "Sync"): only the one configured origin is ever requested, at the
    // click that turns sync on (platform/host-permission.ts). Plain http only to this computer (lib/sync/webdav-url.ts).
    // Chromium MV3 lists host patterns apart from API permissions; Firefox MV2 takes both in optional_permissions.
    ...(manifestVersion === 3 ? { optional_host_permissions: SYNC_ORIGINS } : { optional_permissions: SYNC_ORIGINS }),
    // Detection is loaded on demand by the content script (entrypoints/autofill.ts); the offer frame
    // (entrypoints/offer-frame/) is the extension page drawn in an iframe at a code field. A dynamic URL changes
    // every session, so pages cannot use the files to tell that Twofold is installed.
    web_accessible_resources: [
      {
        resources: ['autofill.js', 'page-scan.js', 'page-qr.js', 'offer-frame.html'],
        matches: ['http://*/*', 'https://*/*'],
        use_dynamic_url: true,
      },
    ],
    commands: {
      'fill-code': { suggested_key: { default: 'Alt+Shift+F' }, description: '__MSG_manifest_command_fill__' },
      'scan-qr': {
        suggested_key: { default: 'Alt+Shift+Q' },
        description: '__MSG_manifest_command_scan__',
      },
    },
    content_security_policy: manifestVersion === 3 ? { extension_pages: CSP } : CSP,
    // No web page and no other extension may message Twofold (docs/architecture.md attack 13): Chromium's default lets
    // every extension connect. Lists that match nothing
    // (https://developer.chrome.com/docs/extensions/reference/manifest/externally-connectable); Firefox has no such
    // key and lets no page message an extension anyway.
    ...(browser === 'firefox' ? {} : { externally_connectable: { ids: [], matches: [] } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'twofold@twofold.dev',
              // 140: the first ESR with data_collection_permissions (AMO requires the declaration).
              strict_min_version: '140.0',
              // Twofold collects and transmits nothing (docs/permissions.md).
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads the declaration from 142 on.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
