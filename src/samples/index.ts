/** The built-in samples: profiles to simulate and configs to start from. Data only (no DOM). */
export {
  SAMPLE_PROFILES,
  findSampleProfile,
  type SampleProfile,
  type ExternalIdsPage,
  type ExternalIdItem,
  type IdentityListItem,
} from './profiles.js';
export { SAMPLE_CONFIGS, type SampleConfig } from './configs.js';
