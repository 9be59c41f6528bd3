/**
 * Which browser this build runs in, for the few places that show the browser's own menus (the first run's "pin
 * to the toolbar" picture): fixed at build time, one build per browser (wxt.config.ts).
 */
export function browserFamily(): 'chromium' | 'firefox' {
  return import.meta.env.FIREFOX ? 'firefox' : 'chromium';
}
