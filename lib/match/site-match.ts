import { siteScope } from './scope';

/**
 * Whether an account whose `sites` are `sites` belongs to the page at `url` at all, i.e. whether its
 * code may be offered there on a click (docs/architecture.md: "a code is only offered to a site the
 * account belongs to"): the page's {@link siteScope} is 'exact' or 'related'. Whether a code may be
 * filled without a click needs 'exact' (docs/site-matching.md), so callers that fill by themselves
 * ask {@link siteScope}.
 *
 * - "github.com" belongs to https://github.com and, as 'related', to every https host whose
 *   registrable domain is github.com (gist.github.com); not to evilgithub.com, github.com.evil.net,
 *   or a customer's host under a private PSL suffix ("amazonaws.com" is not "x.s3.amazonaws.com").
 * - "login.example.co.uk" (more labels than its registrable domain), "=example.com", IPs,
 *   "localhost" and other single labels: that host only. "*.login.example.co.uk": that host, and
 *   the hosts under it as 'related'.
 * - Without a scheme an entry means https on the default port: plain http pages and other ports
 *   get nothing unless an entry names them ("http://127.0.0.1:5173").
 * - Case, a trailing dot, IDN vs punycode and path in entries are normalised
 *   (parseSiteEntry).
 *
 * Fails closed: a page that is not http(s) matches nothing, an entry that does not parse matches
 * nothing (one bad entry must not hide the others), an empty list matches nothing.
 */
export function siteMatches(sites: readonly string[], url: string): boolean {
  return siteScope(sites, url) !== 'none';
}
