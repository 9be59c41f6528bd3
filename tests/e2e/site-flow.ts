import type { Page } from 'playwright-core';
import { DEFAULT_USER, type Variant } from '../site/server';

/** Signs in with the password step of the test site and lands on the variant's second-factor page. */
export async function passwordStep(page: Page, origin: string, variant: Variant, user = DEFAULT_USER): Promise<void> {
  await page.goto(`${origin}/login?variant=${variant}`);
  await page.fill('input[name=username]', user.username);
  await page.fill('input[name=password]', user.password);
  await Promise.all([page.waitForURL(/\/2fa/), page.click('button[type=submit]')]);
}
