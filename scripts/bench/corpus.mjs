/**
 * Deterministic generated profiles for the bench: the same corpus in every run and every engine.
 */

/** mulberry32: small, fast, seedable. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ['user_id', 'email', 'email', 'email', 'anonymous_id', 'ios.idfa', 'phone'];

/** `count` profiles, each a Profile API-style identity list of 2 to 8 identities. */
export function generateProfiles(count, seed = 7) {
  const next = random(seed);
  const profiles = [];
  for (let p = 0; p < count; p++) {
    const n = 2 + Math.floor(next() * 7);
    const items = [{ type: 'user_id', id: `u${p}`, created_at: '2024-01-01T00:00:00Z' }];
    for (let i = 1; i < n; i++) {
      const type = TYPES[Math.floor(next() * TYPES.length)];
      if (type === 'user_id') continue;
      const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
      const micros = String(Math.floor(next() * 1e6)).padStart(6, '0');
      items.push({
        type,
        id: type === 'email' ? `p${p}.${i}@example.com` : `${type}-${p}-${i}`,
        created_at: `2024-02-${day}T10:00:00.${micros}Z`,
      });
    }
    profiles.push(items);
  }
  return profiles;
}

export const BENCH_CONFIG = {
  version: 1,
  destination: 'braze',
  setup: 'customized',
  idSyncConfiguration: [
    { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
    { externalId: 'email', strategy: 'all', mapTo: 'email' },
    { externalId: 'phone', strategy: 'first', mapTo: 'phone' },
  ],
  connectionSettings: {
    sendIdentify: true,
    sendTrack: true,
    sendMobileIds: false,
    includeAnonymousUsers: false,
  },
};
