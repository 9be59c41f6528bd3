import { parse } from 'tldts';

/**
 * Public Suffix List lookups include the PSL's private section (github.io, blogspot.com,
 * s3.amazonaws.com…), as the WHATWG URL Standard's "registrable domain" does (§3.2 Host
 * miscellaneous: it uses the whole list). Without it, "alice.github.io" and "mallory.github.io" would
 * share the registrable domain "github.io", and a code for one would be offered to the other.
 */
const PSL_OPTIONS = { allowPrivateDomains: true } as const;

/** What the Public Suffix List says about one host already in canonical ASCII form. */
export interface HostInfo {
  /** The host, lower-case ASCII (punycode), no trailing dot; IPv6 in brackets as URL writes it. */
  host: string;
  /** The registrable domain (eTLD+1), or undefined for IPs, single labels and public suffixes. */
  registrable: string | undefined;
  isIp: boolean;
  /** Its public suffix is on the PSL (ICANN or private section), not just the implicit "*" rule. */
  listedSuffix: boolean;
  /** A suffix on the PSL itself ("com", "co.uk", "github.io"): shared by unrelated owners. */
  isPublicSuffix: boolean;
}

export function describeHost(host: string): HostInfo {
  const p = parse(host, PSL_OPTIONS);
  const isIp = p.isIp === true;
  const registrable = isIp ? undefined : (p.domain ?? undefined);
  // tldts answers unknown TLDs with the PSL's implicit "*" rule (isIcann false, isPrivate false): a
  // single-label intranet name like "nas" or "localhost" is not a listed suffix, just a host.
  const listedSuffix = p.isIcann === true || p.isPrivate === true;
  const isPublicSuffix = !isIp && registrable === undefined && listedSuffix;
  return { host, registrable, isIp, listedSuffix, isPublicSuffix };
}

/**
 * A host as the WHATWG URL parser writes it (lower case, IDNA/UTS #46 to punycode, IPv4 forms like
 * "0x7f.1" to dotted decimal), minus the one trailing dot DNS allows for an absolute name
 * (RFC 1034 §3.1), so "GitHub.com." and "github.com" compare equal.
 */
export function withoutTrailingDot(hostname: string): string {
  return hostname.endsWith('.') ? hostname.slice(0, -1) : hostname;
}
