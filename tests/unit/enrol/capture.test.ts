import { describe, expect, it } from 'vitest';
import { CaptureError, captureFailure, refusalFor } from '../../../lib/enrol/capture-refusal';
import { RegionError, regionInCapture, upscaleFor } from '../../../lib/enrol/region';

describe('refusalFor: pages no extension may capture', () => {
  it('explains browser pages, stores and PDFs before trying', () => {
    expect(refusalFor('chrome://settings')?.message).toMatch(/^Browser pages \(chrome:\) cannot be scanned/);
    expect(refusalFor('about:blank')?.code).toBe('protected-page');
    expect(refusalFor('chrome-extension://abc/popup.html')?.code).toBe('protected-page');
    expect(refusalFor('https://chromewebstore.google.com/detail/x')?.message).toMatch(
      /^Extension stores cannot be scanned/,
    );
    expect(refusalFor('https://addons.mozilla.org/en-US/firefox/')?.code).toBe('protected-page');
    expect(refusalFor('https://example.com/setup.pdf?x=1')?.code).toBe('pdf');
    expect(refusalFor('https://example.com/2fa')).toBeUndefined();
    expect(refusalFor(undefined)).toBeUndefined();
  });

  it('turns the browser’s capture errors into what to do', () => {
    expect(captureFailure("Either the '<all_urls>' or 'activeTab' permission is required.", undefined).code).toBe(
      'no-access',
    );
    expect(
      captureFailure('This request exceeds the MAX_CAPTURE_VISIBLE_TAB_CALLS_PER_SECOND quota.', 'https://x.example')
        .code,
    ).toBe('busy');
    expect(captureFailure('Cannot access contents of url "file:///tmp/a.html".', 'file:///tmp/a.html').code).toBe(
      'file-access',
    );
    expect(captureFailure('anything', 'chrome://newtab').code).toBe('protected-page');
    const other = captureFailure('GPU process crashed', 'https://x.example');
    expect(other).toBeInstanceOf(CaptureError);
    expect(other.message).toBe('The page could not be captured: GPU process crashed');
  });
});

describe('regionInCapture', () => {
  it('scales by capture width ÷ viewport width (device pixel ratio and zoom together)', () => {
    expect(
      regionInCapture(
        { x: 100, y: 50, width: 200, height: 200 },
        { width: 1280, height: 720 },
        { width: 2560, height: 1440 },
      ),
    ).toEqual({ x: 200, y: 100, width: 400, height: 400 });
    // 125 % zoom at 1x: the page reports a smaller viewport in CSS pixels.
    expect(
      regionInCapture(
        { x: 0, y: 0, width: 100, height: 100 },
        { width: 1536, height: 864 },
        { width: 1920, height: 1080 },
      ),
    ).toEqual({ x: 0, y: 0, width: 125, height: 125 });
  });

  it('accepts a box dragged up and to the left, and clamps to the image', () => {
    expect(
      regionInCapture(
        { x: 300, y: 300, width: -200, height: -200 },
        { width: 1000, height: 500 },
        { width: 1000, height: 500 },
      ),
    ).toEqual({ x: 100, y: 100, width: 200, height: 200 });
    expect(
      regionInCapture(
        { x: 900, y: 400, width: 300, height: 300 },
        { width: 1000, height: 500 },
        { width: 1000, height: 500 },
      ),
    ).toEqual({ x: 900, y: 400, width: 100, height: 100 });
  });

  it('refuses boxes that are outside or too small, saying so', () => {
    expect(() =>
      regionInCapture(
        { x: 2000, y: 0, width: 10, height: 10 },
        { width: 1000, height: 500 },
        { width: 1000, height: 500 },
      ),
    ).toThrow(RegionError);
    expect(() =>
      regionInCapture(
        { x: 0, y: 0, width: 10, height: 10 },
        { width: 1000, height: 500 },
        { width: 1000, height: 500 },
      ),
    ).toThrow(/too small/);
  });

  it('enlarges small crops up to 4× and leaves big ones alone', () => {
    expect(upscaleFor({ x: 0, y: 0, width: 100, height: 100 })).toBe(4);
    expect(upscaleFor({ x: 0, y: 0, width: 800, height: 600 })).toBe(3);
    expect(upscaleFor({ x: 0, y: 0, width: 3000, height: 2000 })).toBe(1);
  });
});
