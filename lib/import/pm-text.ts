import en from '../../locales/en/importpm.json';
import { textsOf } from '../i18n/text';

/*
 * The words of the password-manager importers (1Password, Proton Pass, Raivo OTP, Proton Authenticator's
 * password-protected export), over locales/<lang>/importpm.json (docs/i18n.md): kept apart from import.json so
 * each group of formats owns its own messages.
 */

export const pmText = textsOf(en);
