import en from '../../locales/en/syncservice.json';
import { type Text, textsOf } from '../i18n/text';

const text = textsOf(en);

/*
 * The name suggested for this browser when sync is turned on ("Chrome on Linux"), which the person may change; the
 * other devices show it. Product names are not translated; "on" is. Pure: the user agent and the platform
 * (`runtime.getPlatformInfo().os`, https://developer.mozilla.org/en-US/docs/Mozilla/Add-ons/WebExtensions/API/runtime/PlatformOs)
 * are parameters.
 */

// Most specific first: Edge, Opera and Vivaldi also say "Chrome" in their user agent, and Chrome says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, 'Edge'],
  [/\bOPR\//, 'Opera'],
  [/\bVivaldi\//, 'Vivaldi'],
  [/\bFirefox\//, 'Firefox'],
  [/\bChrom(?:e|ium)\//, 'Chrome'],
];

const SYSTEMS: Record<string, string> = {
  win: 'Windows',
  mac: 'macOS',
  linux: 'Linux',
  cros: 'ChromeOS',
  android: 'Android',
  openbsd: 'OpenBSD',
  fuchsia: 'Fuchsia',
};

export function defaultDeviceName(userAgent: string, platformOs: string): Text {
  const browser = BROWSERS.find(([re]) => re.test(userAgent))?.[1];
  const system = SYSTEMS[platformOs];
  return text(
    'syncservice_device_name',
    browser ?? text('syncservice_unknown_browser'),
    system ?? text('syncservice_unknown_os'),
  );
}
