import { t } from '../lib/i18n/translate';

/** Which browser's menus to draw: the pin lives in different places in Chromium and in Firefox. */
export type BrowserFamily = 'chromium' | 'firefox';

/*
 * Where the pin is, drawn by us (no pictures of the browsers' own artwork and nothing fetched): Chromium's toolbar
 * keeps new extensions behind the Extensions (puzzle-piece) button, whose menu lists each one with a pin button
 * (Chrome Help, "Manage your extensions": "Pin"); Firefox's Extensions button lists them with a gear menu whose entry
 * is "Pin to Toolbar" (Firefox Help, "Extensions button: How to manage extensions in the toolbar"). The colours
 * come from the page's theme variables, so both pictures follow light and dark.
 */

/** A puzzle piece centred on (x, y): the Extensions button of both browsers. */
function Puzzle({ x, y }: { x: number; y: number }) {
  return (
    <path
      transform={`translate(${x} ${y})`}
      d="M-8 -4h4a3.2 3.2 0 1 1 6 0h4v4a3.2 3.2 0 1 1 0 6v6h-14z"
      fill="none"
      stroke="var(--fg)"
      stroke-width="1.8"
      stroke-linejoin="round"
    />
  );
}

/** Twofold's mark, small, at (x, y) (top left). */
function Mark({ x, y }: { x: number; y: number }) {
  return (
    <g transform={`translate(${x} ${y})`}>
      <rect width="20" height="20" rx="5" fill="var(--accent)" />
      <path d="M6 7h8M10 7v7" stroke="var(--on-accent)" stroke-width="2" stroke-linecap="round" />
    </g>
  );
}

/** A pin (a head, a body and a point), tilted, centred on (x, y). */
function Pin({ x, y, colour }: { x: number; y: number; colour: string }) {
  return (
    <g transform={`translate(${x} ${y}) rotate(45)`} stroke={colour} stroke-width="1.8" fill="none">
      <path d="M-4 -8h8M-3 -8v5l-4 4h14l-4 -4v-5M0 1v7" stroke-linejoin="round" />
    </g>
  );
}

/** A numbered marker: the order of the clicks. */
function Step({ x, y, n }: { x: number; y: number; n: number }) {
  return (
    <g transform={`translate(${x} ${y})`}>
      <circle r="10" fill="var(--accent)" />
      <text y="4.5" text-anchor="middle" font-size="13" font-weight="700" fill="var(--on-accent)">
        {n}
      </text>
    </g>
  );
}

/** A ring around the thing to click. */
function Ring({ x, y, r = 16 }: { x: number; y: number; r?: number }) {
  return <circle cx={x} cy={y} r={r} fill="none" stroke="var(--accent)" stroke-width="2.5" />;
}

/** The browser's toolbar: an address bar, the Extensions button and the browser's menu (⋮ in Chromium, ≡ in Firefox). */
function Toolbar({ family }: { family: BrowserFamily }) {
  return (
    <>
      <rect x="0.5" y="0.5" width="479" height="44" rx="8" fill="var(--surface)" stroke="var(--border)" />
      <rect x="14" y="10" width="330" height="25" rx="12.5" fill="var(--bg)" stroke="var(--border)" />
      <rect x="30" y="19.5" width="120" height="6" rx="3" fill="var(--border)" />
      <Puzzle x={400} y={20} />
      {family === 'firefox' ? (
        <path d="M440 16h16M440 22.5h16M440 29h16" stroke="var(--fg)" stroke-width="1.8" stroke-linecap="round" />
      ) : (
        <>
          <circle cx="448" cy="16" r="1.8" fill="var(--fg)" />
          <circle cx="448" cy="22.5" r="1.8" fill="var(--fg)" />
          <circle cx="448" cy="29" r="1.8" fill="var(--fg)" />
        </>
      )}
      <Ring x={400} y={22} />
      <Step x={368} y={22} n={1} />
    </>
  );
}

/** The menu under the Extensions button, with another extension (a grey bar) and Twofold. */
function ExtensionsMenu({ action }: { action: 'pin' | 'gear' }) {
  return (
    <>
      <rect x="190" y="52" width="270" height="132" rx="10" fill="var(--bg)" stroke="var(--border)" />
      <rect x="206" y="66" width="96" height="9" rx="4.5" fill="var(--border)" />
      <rect x="206" y="92" width="20" height="20" rx="5" fill="var(--border)" />
      <rect x="236" y="98" width="110" height="8" rx="4" fill="var(--border)" />
      <rect x="198" y="128" width="254" height="40" rx="8" fill="var(--accent-soft)" />
      <Mark x={206} y={138} />
      <text x="236" y="153" font-size="14" font-weight="600" fill="var(--fg)">
        {t('common_app_name')}
      </text>
      {action === 'pin' ? (
        <>
          <Pin x={425} y={102} colour="var(--muted)" />
          <Pin x={425} y={148} colour="var(--fg)" />
        </>
      ) : (
        <>
          <circle cx="425" cy="102" r="2" fill="var(--muted)" />
          <g transform="translate(425 148)" stroke="var(--fg)" stroke-width="1.8" fill="none">
            <circle r="4" />
            <path d="M0 -9v3M0 6v3M-9 0h3M6 0h3M-6.4 -6.4l2.1 2.1M4.3 4.3l2.1 2.1M-6.4 6.4l2.1 -2.1M4.3 -4.3l2.1 -2.1" />
          </g>
        </>
      )}
      <Ring x={425} y={148} r={15} />
    </>
  );
}

/** The picture for `family`, with its description as the accessible name. */
export function PinPicture({ family }: { family: BrowserFamily }) {
  const label = family === 'firefox' ? t('welcome_pin_picture_firefox') : t('welcome_pin_picture_chromium');
  return (
    <svg
      class="firstrun-pin-picture"
      id="pin-picture"
      data-family={family}
      viewBox={family === 'firefox' ? '0 0 480 250' : '0 0 480 196'}
      role="img"
      aria-label={label}
    >
      <Toolbar family={family} />
      <ExtensionsMenu action={family === 'firefox' ? 'gear' : 'pin'} />
      {family === 'firefox' ? (
        <>
          <rect x="250" y="176" width="190" height="66" rx="8" fill="var(--bg)" stroke="var(--border)" />
          <rect x="262" y="188" width="110" height="8" rx="4" fill="var(--border)" />
          <rect x="256" y="206" width="178" height="28" rx="6" fill="var(--accent-soft)" stroke="var(--accent)" />
          <text x="268" y="225" font-size="13" font-weight="600" fill="var(--fg)">
            {t('welcome_pin_menu_entry')}
          </text>
          <Step x={246} y={220} n={3} />
        </>
      ) : null}
      <Step x={452} y={126} n={2} />
    </svg>
  );
}

/** The "pin Twofold to the toolbar" step: where the button hides in this browser, and a picture of it. */
export function FirstRunPin({ family }: { family: BrowserFamily }) {
  return (
    <section class="panel firstrun-card" id="firstrun-pin" aria-labelledby="firstrun-pin-title">
      <h2 id="firstrun-pin-title">{t('welcome_pin_title')}</h2>
      <p id="pin-how">{family === 'firefox' ? t('welcome_pin_firefox') : t('welcome_pin_chromium')}</p>
      <PinPicture family={family} />
    </section>
  );
}
