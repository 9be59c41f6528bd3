/*
 * Stand-in for the cross-site window (issue 14, "Cross-site choices outside the page"), written in parallel by
 * another part: same shape, opens nothing. The lead replaces this file with the real module.
 */

/** The frame a cross-site pick fills: as the background recorded it from the browser's sender record. */
export interface CrossSiteTarget {
  tabId: number;
  frameId: number;
  origin: string;
}

export interface CrossSiteDeps {
  /** The user picked `accountId` in the window for `target`: grant that frame one fill. */
  onPick(target: CrossSiteTarget, accountId: string): Promise<void>;
}

export interface CrossSite {
  open(target: CrossSiteTarget): Promise<void>;
}

export function createCrossSite(_deps: CrossSiteDeps): CrossSite {
  return { open: async () => {} };
}
