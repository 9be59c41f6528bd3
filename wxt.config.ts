import preact from '@preact/preset-vite';
import { defineConfig } from 'wxt';

// https://wxt.dev/api/config.html
export default defineConfig({
  // Auto-imports off: every dependency is an explicit, lintable import.
  imports: false,
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: 'Twofold',
    description: 'Fills two-factor codes (TOTP/HOTP) from an encrypted vault that never leaves your machine.',
    // Minimal permissions; each is justified in docs/permissions.md.
    permissions: ['storage', 'activeTab'],
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'twofold@twofold.dev', strict_min_version: '128.0' } } }
      : {}),
  }),
});
