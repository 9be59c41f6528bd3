import { TwofoldError } from '../errors';

export type SiteErrorCode =
  /** siteOf: the text is not a URL at all. */
  | 'invalid-url'
  /** siteOf / normaliseSite: a URL whose scheme is not http or https (chrome:, file:, about:, data:…). */
  | 'unsupported-scheme'
  /** normaliseSite: nothing but white space. */
  | 'empty'
  /** normaliseSite: a space, tab or line break inside the text. */
  | 'contains-space'
  /** normaliseSite: a scheme, "=" or "*." with no host after it ("http://", "*."). */
  | 'no-host'
  /** normaliseSite: a character that never appears in a host name ("@", "$", "*" in the middle…). */
  | 'invalid-character'
  /** normaliseSite: the URL host parser refused it, or it breaks DNS limits (empty or over-long label). */
  | 'invalid-host'
  /** normaliseSite: a public suffix such as "com", "co.uk" or "github.io", shared by unrelated owners. */
  | 'public-suffix';

/**
 * Why a URL or a site entry cannot be used for matching. Messages about a page URL name only its
 * scheme, never the whole URL: query strings can carry session tokens (docs/architecture.md, "no
 * secret in logs or error messages").
 */
export class SiteError extends TwofoldError<SiteErrorCode> {}
