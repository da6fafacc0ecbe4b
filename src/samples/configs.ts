/**
 * Built-in sample configs: small documents that show one ID Sync choice each. Data only (no DOM).
 */
import type { IdSyncConfig } from '../core/types.js';

export interface SampleConfig {
  id: string;
  title: string;
  /** One line: what the config shows. */
  shows: string;
  config: IdSyncConfig;
}

const TRACK_ONLY = {
  sendIdentify: false,
  sendTrack: true,
  sendMobileIds: false,
  includeAnonymousUsers: false,
};

export const SAMPLE_CONFIGS: readonly SampleConfig[] = Object.freeze([
  {
    id: 'default-track',
    title: 'Default Setup, Track only',
    shows: 'No ID Sync: every value of each default identifier, one event per email.',
    config: {
      version: 1,
      destination: 'destination-function',
      setup: 'default',
      idSyncConfiguration: [],
      connectionSettings: { ...TRACK_ONLY },
    },
  },
  {
    id: 'last-user-and-email',
    title: 'Last user_id and last email',
    shows: 'Customized Setup on `last` for both: one event with the newest email.',
    config: {
      version: 1,
      destination: 'destination-function',
      setup: 'customized',
      idSyncConfiguration: [
        { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
        { externalId: 'email', strategy: 'last', mapTo: 'email' },
      ],
      connectionSettings: { ...TRACK_ONLY },
    },
  },
  {
    id: 'all-emails-and-phone',
    title: 'All emails plus the custom phone',
    shows: 'Customized Setup with `all` on email and a custom identifier mapped to `phone`.',
    config: {
      version: 1,
      destination: 'destination-function',
      setup: 'customized',
      idSyncConfiguration: [
        { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
        { externalId: 'email', strategy: 'all', mapTo: 'email' },
        { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
      ],
      connectionSettings: {
        sendIdentify: true,
        sendTrack: true,
        sendMobileIds: false,
        includeAnonymousUsers: false,
      },
    },
  },
  {
    id: 'facebook-email-madid',
    title: 'Facebook Custom Audiences: email and MADID',
    shows: 'A list destination: rows of hashed EMAIL with the mobile id, Send Mobile IDs on.',
    config: {
      version: 1,
      destination: 'facebook-custom-audiences',
      setup: 'customized',
      idSyncConfiguration: [
        { externalId: 'email', strategy: 'last', mapTo: 'EMAIL' },
        { externalId: 'ios.idfa', strategy: 'last', mapTo: 'MADID' },
      ],
      connectionSettings: {
        sendIdentify: false,
        sendTrack: true,
        sendMobileIds: true,
        includeAnonymousUsers: false,
      },
    },
  },
]);
