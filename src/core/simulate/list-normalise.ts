/**
 * How each list destination normalises and hashes one value before upload. Hashing is the
 * synchronous SHA-256 of @noble/hashes: `crypto.subtle` is missing outside secure contexts (an
 * intranet console on plain http), and awaiting it per value is far slower.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { SimulationSettings } from '../types.js';

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** A column value ready to send, or '' when nothing is left after normalisation. */
export interface ColumnValue {
  value: string;
  /** Notes for findings (each already a full sentence). */
  warnings: { code: string; message: string }[];
  rules: string[];
}

/** Segment's phone formatter and the E.164-aware reading (see the Phone formatting setting). */
export function formatPhone(raw: string, countryCode: string): { segment: string; e164: string } {
  const digits = raw.replace(/\D/g, '');

  if (/^0*$/.test(digits)) return { segment: '', e164: '' };

  const segment = `+${digits.startsWith(countryCode) ? digits : countryCode + digits}`;
  const trimmed = raw.trim();
  let e164: string;
  if (trimmed.startsWith('+')) e164 = `+${digits}`;
  else if (digits.startsWith('00')) e164 = `+${digits.slice(2)}`;
  else e164 = `+${countryCode}${digits.replace(/^0/, '')}`;

  return { segment, e164 };
}

/** Segment's gmail handling (first dot of the local part) and Google's (every dot, no +tag). */
export function normaliseGmail(address: string): { segment: string; google: string } {
  const email = address.trim().toLowerCase();
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1);

  if (at < 0 || (domain !== 'gmail.com' && domain !== 'googlemail.com'))
    return { segment: email, google: email };

  const local = email.slice(0, at);
  const segment = `${local.replace('.', '')}@${domain}`;
  const google = `${local.split('+')[0].replace(/\./g, '')}@${domain}`;
  return { segment, google };
}

function hashed(
  value: string,
  rules: string[],
  warnings: ColumnValue['warnings'] = [],
): ColumnValue {
  return { value: value === '' ? '' : sha256Hex(value), warnings, rules };
}

function asIs(value: string, rules: string[], warnings: ColumnValue['warnings'] = []): ColumnValue {
  return { value, warnings, rules };
}

/** Facebook's field rules, shared by the classic and the Actions destination. */
function facebookField(column: string, raw: string): string {
  const lower = raw.trim().toLowerCase();
  switch (column) {
    case 'EMAIL':
      return lower;
    case 'PHONE':
      return raw.replace(/\D/g, '').replace(/^0+/, '');
    case 'FN':
    case 'LN':
    case 'CT':
      return lower.replace(/[^\p{L}]/gu, '');
    case 'FI':
      return lower.replace(/[^\p{L}]/gu, '').slice(0, 1);
    case 'GEN':
      return lower.startsWith('m') ? 'm' : lower.startsWith('f') ? 'f' : '';
    case 'DOBY':
      return /^\d{4}$/.test(lower) ? lower : '';
    case 'DOBM':
    case 'DOBD':
      return /^\d{1,2}$/.test(lower) ? lower.padStart(2, '0') : '';
    case 'ST':
    case 'COUNTRY':
      return lower.replace(/[^a-z]/g, '');
    case 'ZIP':
      return lower.split('-')[0].replace(/\s/g, '');
    default:
      return lower;
  }
}

/**
 * One value of `column` normalised (and hashed) the way `destinationId` sends it. `type` is the
 * Segment identifier type the value came from.
 */
export function normaliseColumn(
  destinationId: string,
  column: string,
  type: string,
  raw: string,
  settings: SimulationSettings,
): ColumnValue {
  switch (destinationId) {
    case 'facebook-custom-audiences': {
      const rules = ['L1'];
      if (column === 'MADID') return asIs(raw.trim().toLowerCase(), rules);
      const value = facebookField(column, raw);
      const warnings = SHA256_HEX.test(value)
        ? [
            {
              code: 'simulate-prehashed-rehashed',
              message: `The ${type} value for ${column} already looks like a SHA-256 hash; Facebook Custom Audiences (classic) hashes it again, so it will not match. Send the clear value.`,
            },
          ]
        : [];
      return hashed(value, rules, warnings);
    }
    case 'facebook-custom-audiences-actions': {
      const rules = ['L2'];
      if (column === 'EXTERN_ID') return asIs(raw, rules);
      if (column === 'MADID') {
        const warnings =
          raw !== raw.toLowerCase()
            ? [
                {
                  code: 'simulate-madid-case',
                  message: `MADID ${JSON.stringify(raw)} is sent as given and is not lower-case; Facebook matches lower-case mobile advertising ids.`,
                },
              ]
            : [];
        return asIs(raw, rules, warnings);
      }
      if (SHA256_HEX.test(raw.trim())) return asIs(raw.trim(), rules);
      return hashed(facebookField(column, raw), rules);
    }
    case 'google-ads-remarketing-lists': {
      const rules = ['L3'];
      if (column === 'phone') return phoneColumn(raw, type, settings, [...rules, 'Q21']);
      if (column === 'mobile_id') {
        rules.push('Q23');
        return settings.garlMobileIds === 'clear'
          ? asIs(raw.trim(), rules)
          : hashed(raw.trim().toLowerCase(), rules);
      }
      return hashed(raw.trim().toLowerCase(), rules);
    }
    case 'google-customer-match': {
      const rules = ['L4'];
      if (column === 'crm_id' || column === 'mobile_id') return asIs(raw.trim(), rules);
      if (SHA256_HEX.test(raw.trim())) return asIs(raw.trim(), rules);
      if (column === 'phone') return phoneColumn(raw, type, settings, [...rules, 'Q21']);
      if (column === 'email') return gmailColumn(raw, settings, rules);
      return hashed(raw.trim().toLowerCase(), rules);
    }
    case 'snap-audiences': {
      const rules = ['L5'];
      if (SHA256_HEX.test(raw.trim())) return asIs(raw.trim(), rules);
      if (column === 'phone') {
        const phone = raw
          .replace(/[\s()+-]/g, '')
          .replace(/^00/, '')
          .replace(/^0/, '');
        return hashed(phone, rules);
      }
      return hashed(raw.trim().toLowerCase(), rules);
    }
    default:
      return hashed(raw.trim().toLowerCase(), ['L6']);
  }
}

function phoneColumn(
  raw: string,
  type: string,
  settings: SimulationSettings,
  rules: string[],
): ColumnValue {
  const { segment, e164 } = formatPhone(raw, settings.defaultCountryCode);
  const chosen = settings.phoneFormat === 'e164' ? e164 : segment;
  const warnings: ColumnValue['warnings'] = [];

  if (segment !== e164) {
    warnings.push({
      code: 'simulate-phone-readings-differ',
      message: `The ${type} ${JSON.stringify(raw)} reads two ways: Segment's formatter gives ${segment} (SHA-256 ${sha256Hex(segment)}), the E.164 reading gives ${e164} (SHA-256 ${sha256Hex(e164)}); ${chosen} is sent under the Phone formatting setting.`,
    });
  }
  return hashed(chosen, rules, warnings);
}

function gmailColumn(raw: string, settings: SimulationSettings, rules: string[]): ColumnValue {
  const { segment, google } = normaliseGmail(raw);
  const chosen = settings.gmail === 'google' ? google : segment;
  const warnings: ColumnValue['warnings'] = [];

  if (segment !== raw.trim().toLowerCase() || google !== segment) rules = [...rules, 'Q20'];
  if (segment !== google) {
    warnings.push({
      code: 'simulate-gmail-readings-differ',
      message: `The email ${JSON.stringify(raw)} normalises two ways: as Segment ships it ${segment} (SHA-256 ${sha256Hex(segment)}), under Google's rule ${google} (SHA-256 ${sha256Hex(google)}); Google will not match the first. ${chosen} is sent under the Gmail normalisation setting.`,
    });
  }
  return hashed(chosen, rules, warnings);
}
