/**
 * The documented throughput of each built-in destination, used to estimate how long a batch's
 * sends take at the destination. Only published figures are listed; where a destination publishes
 * no fixed limit the entry says so and no time is estimated, rather than inventing one.
 */

export interface RateLimit {
  /** What one unit is: an event for event destinations, a list row for list destinations. */
  unit: 'events' | 'rows';
  /** Units per second at the documented limit, or undefined where none is documented. */
  perSecond: number | undefined;
  /** The limit in the destination's own words, restated. */
  statement: string;
  /** Where the limit (or its absence) is documented. */
  source: string;
}

export const RATE_LIMITS: Readonly<Record<string, RateLimit>> = Object.freeze({
  braze: {
    unit: 'events',
    // 3,000 requests per 3 seconds. A request may batch up to 75 objects, but Segment does not
    // document how its Braze destination batches, so one event per request is assumed: the
    // estimate is an upper bound on the time.
    perSecond: 1000,
    statement:
      'Braze /users/track: 3,000 requests every three seconds per workspace (up to 75 objects ' +
      'per request; one event per request assumed).',
    source: 'https://www.braze.com/docs/api/api_limits/',
  },
  'destination-function': {
    unit: 'events',
    perSecond: undefined,
    statement:
      'No throughput limit is documented for destination functions; the function code and the ' +
      'API it calls decide.',
    source: 'https://segment.com/docs/connections/functions/usage/',
  },
  'facebook-custom-audiences': {
    unit: 'rows',
    perSecond: undefined,
    statement:
      'Meta documents no fixed rate for Custom Audience uploads (its Marketing API limits depend ' +
      'on the ad account); Engage syncs list destinations in batches, usually hourly.',
    source: 'https://segment.com/docs/engage/using-engage-data/',
  },
  'facebook-custom-audiences-actions': {
    unit: 'rows',
    perSecond: undefined,
    statement:
      'Meta documents no fixed rate for Custom Audience uploads; the Actions destination sends ' +
      'batches.',
    source:
      'https://segment.com/docs/connections/destinations/catalog/actions-facebook-custom-audiences/',
  },
  'google-ads-remarketing-lists': {
    unit: 'rows',
    perSecond: undefined,
    statement:
      'No per-second limit is documented; Segment syncs this destination at most every six hours.',
    source: 'https://segment.com/docs/connections/destinations/catalog/adwords-remarketing-lists/',
  },
  'google-customer-match': {
    unit: 'rows',
    perSecond: undefined,
    statement:
      'No per-second limit is documented for the Customer Match User List action; Google Ads API ' +
      'quotas depend on the developer token.',
    source:
      'https://segment.com/docs/connections/destinations/catalog/actions-google-enhanced-conversions/',
  },
  'snap-audiences': {
    unit: 'rows',
    perSecond: undefined,
    statement: 'No rate limit is documented for Snap Audiences (Actions).',
    source: 'https://segment.com/docs/connections/destinations/catalog/actions-snap-audiences/',
  },
});

/** The documented limit of a destination, or a statement that none is known to us. */
export function rateLimitFor(destination: string): RateLimit {
  return (
    RATE_LIMITS[destination] ?? {
      unit: 'events',
      perSecond: undefined,
      statement: `No rate limit is recorded for destination "${destination}".`,
      source: '',
    }
  );
}
