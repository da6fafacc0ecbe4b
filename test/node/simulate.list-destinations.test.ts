/**
 * List destinations: a declared default setting behaves like the same value written out, and the
 * findings about what a row leaves out say what they mean.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { simulate } from '../../src/core/simulate/index.js';
import type { Finding } from '../../src/core/types.js';
import { P, config } from './support/simulate-fixtures.js';

const GCM = 'google-customer-match';
const where = (findings: Finding[]): string[] =>
  findings.map((f) => `${f.code} ${JSON.stringify(f.path)}`);

describe('simulate: Google Customer Match Default Setup', () => {
  for (const transition of ['entered', 'exited'] as const) {
    it(`without destinationSettings sends and reports what CONTACT_INFO written out does (${transition})`, async () => {
      const connection = { sendMobileIds: true };
      const declared = await simulate({
        identities: P,
        config: config(GCM, 'default', connection),
        transition,
      });
      const written = await simulate({
        identities: P,
        config: config(GCM, 'default', connection, { externalIdType: 'CONTACT_INFO' }),
        transition,
      });

      assert.deepEqual(declared.rows, written.rows);
      assert.deepEqual(declared.selection, written.selection);
      assert.deepEqual(where(declared.findings), where(written.findings));
    });
  }

  it('names user_id and ios.idfa as not sent, and says the list type is the default', async () => {
    const result = await simulate({
      identities: P,
      config: config(GCM, 'default', { sendMobileIds: true }),
    });

    const notSent = result.findings.filter((f) => f.code === 'simulate-column-not-sent');
    assert.deepEqual(
      notSent.map((f) => f.message.split(' ')[0]),
      ['user_id', 'ios.idfa'],
    );
    assert.match(notSent[0].message, /CONTACT_INFO list \(the default externalIdType\)/);
  });
});

describe('simulate: what list rows leave out', () => {
  it('does not say anonymous ids are excluded where the list has no place for them', async () => {
    for (const destination of ['facebook-custom-audiences', 'snap-audiences', GCM]) {
      const result = await simulate({ identities: P, config: config(destination, 'default') });

      assert.ok(
        !result.findings.some((f) => f.code === 'simulate-anonymous-excluded'),
        destination,
      );
    }
  });

  it('still says so for an event destination', async () => {
    const result = await simulate({ identities: P, config: config('braze', 'default') });

    assert.ok(result.findings.some((f) => f.code === 'simulate-anonymous-excluded'));
  });

  it('names the values of two Snap rows that normalise to one', async () => {
    const result = await simulate({
      identities: [
        { type: 'email', id: ' A@X.com ', createdAt: '2024-01-01T00:00:00Z' },
        { type: 'email', id: 'a@x.com', createdAt: '2024-01-02T00:00:00Z' },
      ],
      config: config('snap-audiences', 'default'),
    });

    const duplicate = result.findings.filter((f) => f.code === 'simulate-row-duplicate');
    assert.equal(result.rows.length, 1);
    assert.equal(duplicate.length, 1);
    assert.match(
      duplicate[0].message,
      /email "a@x\.com".*same Snap Audiences row as email " A@X\.com "/,
    );
  });
});
