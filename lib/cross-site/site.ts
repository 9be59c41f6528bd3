import en from '../../locales/en/picker.json';
import { textsOf } from '../i18n/text';
import { SiteError } from '../match/errors';
import { siteScope } from '../match/scope';
import { siteOf } from '../match/site-of';
import { suggestSites } from '../match/suggest-sites';
import { CrossSiteError } from './errors';

const text = textsOf(en);

/** How the picker names the site that asks: its registrable domain in large type, its full origin under it. */
export interface Requester {
  /** "https://login.example.co.uk:8443" */
  origin: string;
  /** "example.co.uk"; the host itself for IPs, "localhost" and other names without a registrable domain. */
  site: string;
}

/** Parsed from an origin the browser reported; a frame that is not http(s) has no site (CrossSiteError 'bad-origin'). */
export function describeRequester(origin: string): Requester {
  try {
    const site = siteOf(origin);
    return { origin: new URL(origin).origin, site: site.registrable ?? site.host };
  } catch (e) {
    if (e instanceof SiteError) throw new CrossSiteError('bad-origin', text('picker_error_origin'), { cause: e });
    throw e;
  }
}

/**
 * An account's sites after "Use X on this site from now on": the entry enrolment would store for the page
 * (lib/match/suggest-sites.ts: the host for https on the default port, else the whole origin;
 * docs/site-matching.md), added once. Nothing is added when the account's sites already reach the page
 * exactly (lib/match/scope.ts), whatever their spelling ("https://Example.com/", "*.example.com").
 */
export function rememberSite(sites: readonly string[], origin: string): string[] {
  const entry = suggestSites(describeRequester(origin).origin, '')[0];
  if (entry === undefined) throw new CrossSiteError('bad-origin', text('picker_error_origin'));
  return siteScope(sites, origin) === 'exact' ? [...sites] : [...sites, entry];
}
