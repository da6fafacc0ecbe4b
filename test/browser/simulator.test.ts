import { expect, fixture, html } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';

import { IdsyncSimulator } from '../../src/components/idsync-simulator/idsync-simulator.js';
import { sha256Hex } from '../../src/core/simulate/list-normalise.js';
import type { Destination, IdSyncConfig } from '../../src/core/types.js';
import { SAMPLE_PROFILES } from '../../src/samples/profiles.js';

if (!customElements.get('idsync-simulator')) {
  customElements.define('idsync-simulator', IdsyncSimulator);
}

type Payload = Record<string, unknown>;

function config(
  rows: IdSyncConfig['idSyncConfiguration'],
  overrides: Partial<IdSyncConfig['connectionSettings']> = {},
): IdSyncConfig {
  return {
    version: 1,
    destination: 'destination-function',
    setup: rows.length ? 'customized' : 'default',
    idSyncConfiguration: rows,
    connectionSettings: {
      sendIdentify: false,
      sendTrack: true,
      sendMobileIds: false,
      includeAnonymousUsers: false,
      ...overrides,
    },
  };
}

const LAST_USER_AND_EMAIL = config([
  { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
  { externalId: 'email', strategy: 'last', mapTo: 'email' },
]);

const FACEBOOK_EMAIL = {
  ...config([{ externalId: 'email', strategy: 'last', mapTo: 'EMAIL' }]),
  destination: 'facebook-custom-audiences',
};

async function mount(
  cfg: IdSyncConfig = LAST_USER_AND_EMAIL,
  destination = cfg.destination,
): Promise<IdsyncSimulator> {
  const el = await fixture<IdsyncSimulator>(html`
    <idsync-simulator .config=${cfg} destination=${destination} audience-key="vip">
    </idsync-simulator>
  `);
  await el.simulationComplete;
  return el;
}

function shadow(el: IdsyncSimulator): ShadowRoot {
  return el.shadowRoot!;
}

/** A control found by its visible label text, the way a person finds it. */
function control<T extends HTMLElement>(el: IdsyncSimulator, label: string): T {
  // A label's own words, without the text of the options or fields inside it.
  const own = (l: HTMLLabelElement): string =>
    [...l.childNodes]
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent)
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
  const labels = [...shadow(el).querySelectorAll('label')];
  const hit =
    labels.find((l) => own(l) === label) ?? labels.find((l) => own(l).startsWith(`${label} `));
  const input = hit?.querySelector('input, select, textarea');
  if (!input) throw new Error(`No control labelled "${label}"`);
  return input as T;
}

function button(el: IdsyncSimulator, name: string): HTMLButtonElement {
  const hit = [...shadow(el).querySelectorAll('button')].find(
    (b) => b.textContent!.replace(/\s+/g, ' ').trim() === name,
  );
  if (!hit) throw new Error(`No button "${name}"`);
  return hit;
}

function part(el: IdsyncSimulator, name: string): HTMLElement | null {
  return shadow(el).querySelector(`[part~="${name}"]`);
}

function outcome(el: IdsyncSimulator) {
  const s = el.simulation;
  if (s.status !== 'complete') throw new Error(`simulation is ${s.status}`);
  return s.value;
}

/** The counts table as { setup label: [events, identify, track, rows] }. */
function counts(el: IdsyncSimulator): Record<string, number[]> {
  const rows = [...part(el, 'counts')!.querySelectorAll('tbody tr')];
  return Object.fromEntries(
    rows.map((r) => [
      r.getAttribute('data-side'),
      [...r.querySelectorAll('td')].map((td) => Number(td.textContent)),
    ]),
  );
}

async function type(input: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

describe('<idsync-simulator>', () => {
  describe('when it shows the base profile P', () => {
    it('puts the Default Setup sends beside the current config with their counts', async () => {
      const el = await mount();

      // Default Setup sends one Track per email (3); last user_id + last email sends one.
      expect(counts(el)).to.deep.equal({ defaultSetup: [3, 0, 3, 0], current: [1, 0, 1, 0] });
      const current = outcome(el).current.events as Payload[];
      expect(current[0]).to.include({ type: 'track', event: 'Audience Entered', userId: 'u1' });
      expect(current[0].context).to.have.nested.property('traits.email', 'c@x.com');
      expect(part(el, 'summary')!.getAttribute('aria-live')).to.equal('polite');
      expect(part(el, 'summary')!.textContent).to.match(/Default Setup: 3 events.*1 event/);
    });

    it('lists the sends found under Default Setup only', async () => {
      const el = await mount();

      const { onlyDefault, onlyCurrent } = outcome(el);
      const emails = onlyDefault.map(
        (e) => (e.context as { traits: { email: string } }).traits.email,
      );

      expect(emails.sort()).to.deep.equal(['a@x.com', 'b@x.com']);
      expect(onlyCurrent).to.deep.equal([]);
      expect(part(el, 'diff')!.textContent).to.include('Only under Default Setup (2)');
    });

    it('shows each send with the rules behind it and their text', async () => {
      const el = await mount();

      const rules = part(el, 'result')!.querySelector('details.rules')!;
      const abbr = rules.querySelector('abbr')!;

      expect(abbr.textContent!.trim()).to.not.equal('');
      expect(abbr.title).to.not.equal(abbr.textContent!.trim());
      expect(rules.querySelectorAll('dd').length).to.be.greaterThan(0);
    });

    it('marks the chosen email in the timeline and strikes the others with a reason', async () => {
      const el = await mount();

      const table = part(el, 'timeline')!.querySelector('table[data-type="email"]')!;
      const rows = [...table.querySelectorAll('tbody tr')];

      expect(rows.map((r) => r.querySelectorAll('td')[1].textContent!.trim())).to.deep.equal([
        'a@x.com',
        'b@x.com',
        'c@x.com',
      ]);
      expect(rows.map((r) => r.className)).to.deep.equal(['dropped', 'dropped', 'chosen']);
      expect(rows[0].textContent).to.include('not sent:');
    });

    it('passes an accessibility check', async () => {
      const el = await mount();

      await expect(el).to.be.accessible();
    });
  });

  describe('when the destination is a list destination', () => {
    it('traces each column of a row from the raw value through normalising to the hash sent', async () => {
      const el = await mount(FACEBOOK_EMAIL);

      const side = shadow(el).querySelector('[part~="result"][data-side="current"]')!;
      const cells = [...side.querySelectorAll('tbody tr')].map((tr) =>
        [...tr.children].map((c) => c.textContent!.trim()),
      );

      expect(outcome(el).current.rows).to.have.length(1);
      expect(cells).to.deep.equal([['EMAIL', 'c@x.com', 'c@x.com', sha256Hex('c@x.com')]]);
      await expect(el).to.be.accessible();
    });

    it('sends no removal rows from a journey step on exit', async () => {
      const el = await mount(FACEBOOK_EMAIL);
      control<HTMLInputElement>(el, 'Exit').click();
      await el.simulationComplete;
      const exitRows = outcome(el).current.rows.length;

      control<HTMLInputElement>(el, 'Journey step').click();
      await el.simulationComplete;

      expect(exitRows).to.be.greaterThan(0);
      expect(counts(el)).to.deep.equal({ defaultSetup: [0, 0, 0, 0], current: [0, 0, 0, 0] });
    });
  });

  describe('when the simulation itself fails', () => {
    it('shows the error in the panel and keeps the last results', async () => {
      const el = await mount();
      const before = outcome(el);

      // A host passing a descriptor that lacks the catalog fields.
      el.destination = { id: 'broken' } as unknown as Destination;
      await el.simulationComplete;

      const state = el.simulation;
      expect(state.status).to.equal('error');
      expect(state.status === 'error' && state.previous).to.equal(before);
      expect(part(el, 'simulation-error')!.textContent).to.include('The simulation failed');
      expect(part(el, 'counts')).to.not.equal(null);
      expect(part(el, 'summary')!.textContent).to.include('failed');
      await expect(el).to.be.accessible();
    });
  });

  describe('when the config has errors', () => {
    it('says the config is not simulated, not that the profile is outside the audience', async () => {
      const fourAll = config(
        ['user_id', 'email', 'anonymous_id', 'phone'].map((externalId) => ({
          externalId,
          strategy: 'all' as const,
          mapTo: externalId,
        })),
      );

      const el = await mount(fourAll);
      const text = shadow(el).textContent!.replace(/\s+/g, ' ');

      expect(text).to.include('Nothing is simulated: this config has errors');
      expect(text).to.not.include('Not in the audience');
    });
  });

  describe('when the config has thousands of rows', () => {
    it('lists the first 50 findings and says how many more there are', async () => {
      const huge = config(
        Array.from({ length: 2000 }, (_, i) => ({
          externalId: `id${i}`,
          strategy: 'all' as const,
          mapTo: `k${i}`,
        })),
      );

      const el = await mount(huge);
      const items = shadow(el).querySelectorAll('[part~="findings"] li');

      expect(items.length).to.equal(51);
      expect(items[50].textContent).to.match(/and \d+ more/);
    });
  });

  describe('when the profile holds blocked values', () => {
    it('strikes them in the timeline with the reason they were dropped', async () => {
      const el = await mount();

      el.loadSample('blocked-values');
      await el.simulationComplete;

      const table = part(el, 'timeline')!.querySelector('table[data-type="user_id"]')!;
      const blocked = [...table.querySelectorAll('tbody tr')].find(
        (r) => r.querySelectorAll('td')[1].textContent!.trim() === '-1',
      )!;
      expect(blocked.className).to.equal('dropped');
      expect(blocked.textContent).to.include('blocked value');
      await expect(el).to.be.accessible();
    });
  });

  describe('when the exit switch is chosen', () => {
    it('sends Audience Exited for every combination of the values, ignoring the strategies', async () => {
      const el = await mount();

      control<HTMLInputElement>(el, 'Exit').click();
      await el.simulationComplete;

      const events = outcome(el).current.events as Payload[];
      const combos = events.map((e) => {
        const email = (e.context as { traits: { email: string } }).traits.email;
        return `${e.userId}|${email}|${e.anonymousId}`;
      });
      expect(events.every((e) => e.event === 'Audience Exited')).to.equal(true);
      // user_id (1) x email (3) x anonymous_id (2): exits reach every id ever sent.
      expect(combos.sort()).to.deep.equal([
        'u1|a@x.com|an1',
        'u1|a@x.com|an2',
        'u1|b@x.com|an1',
        'u1|b@x.com|an2',
        'u1|c@x.com|an1',
        'u1|c@x.com|an2',
      ]);
      expect(counts(el).current[0]).to.equal(6);
      await expect(el).to.be.accessible();
    });
  });

  describe('when it is used with the keyboard only', () => {
    it('switches to exit with the arrow keys and adds an identity with Enter', async () => {
      const el = await mount();

      control<HTMLInputElement>(el, 'Entry').focus();
      await sendKeys({ press: 'ArrowRight' });
      await el.simulationComplete;
      const afterArrow = el.simulation;
      control<HTMLInputElement>(el, 'Value').focus();
      await sendKeys({ type: 'e@x.com' });
      await sendKeys({ press: 'Enter' });
      await el.simulationComplete;

      expect(afterArrow.status === 'complete' && afterArrow.value.current.events[0].event).to.equal(
        'Audience Exited',
      );
      expect(outcome(el).resync).to.equal(true);
      expect(part(el, 'add-identity')!.querySelector('tbody')!.textContent).to.include('e@x.com');
    });
  });

  describe('when an identity is added', () => {
    async function addEmail(el: IdsyncSimulator, value: string, time: string): Promise<void> {
      await type(control<HTMLInputElement>(el, 'Identifier type'), 'email');
      await type(control<HTMLInputElement>(el, 'Value'), value);
      await type(control<HTMLInputElement>(el, 'Time added'), time);
      button(el, 'Add identity').click();
      await el.simulationComplete;
    }

    it('shows only what the resync sends for the new email', async () => {
      const el = await mount();

      await addEmail(el, 'd@x.com', '2024-04-01T00:00:00Z');

      const result = outcome(el);
      expect(result.resync).to.equal(true);
      expect(result.current.events).to.have.length(1);
      expect(
        (result.current.events[0].context as { traits: { email: string } }).traits.email,
      ).to.equal('d@x.com');
      expect(result.defaultSetup.events).to.have.length(1);
      expect(part(el, 'summary')!.textContent).to.include('resync');
      await expect(el).to.be.accessible();
    });

    it('sends nothing new when the email row keeps the first value', async () => {
      const el = await mount(
        config([
          { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
          { externalId: 'email', strategy: 'first', mapTo: 'email' },
        ]),
      );

      await addEmail(el, 'd@x.com', '2024-04-01T00:00:00Z');

      expect(outcome(el).current.events).to.deep.equal([]);
      expect(counts(el).current).to.deep.equal([0, 0, 0, 0]);
    });

    it('shows a message next to the form when the value is empty', async () => {
      const el = await mount();

      button(el, 'Add identity').click();
      await el.updateComplete;

      const value = control<HTMLInputElement>(el, 'Value');
      expect(value.getAttribute('aria-invalid')).to.equal('true');
      expect(shadow(el).getElementById('add-error')!.textContent).to.include('Enter the value');
    });
  });

  describe('when the pasted text cannot be read', () => {
    it('names the line of malformed JSON and keeps the previous result', async () => {
      const el = await mount();
      const before = outcome(el);

      await type(
        control<HTMLTextAreaElement>(el, 'Paste identities'),
        '{\n  "data": [\n    { "id": "u1", "type": "user_id", }\n  ]\n}',
      );
      button(el, 'Simulate pasted identities').click();
      await el.simulationComplete;

      const message = part(el, 'input-error')!.textContent!;
      expect(message).to.match(/line 3, column \d+/);
      expect(message).to.include('Still showing Base profile P');
      expect(el.currentProfile!.source).to.equal('Base profile P');
      expect(outcome(el)).to.equal(before);
      expect(control(el, 'Paste identities').getAttribute('aria-invalid')).to.equal('true');
      await expect(el).to.be.accessible();
    });

    it('names the field when the JSON has the wrong shape', async () => {
      const el = await mount();

      await type(
        control<HTMLTextAreaElement>(el, 'Paste identities'),
        '[{ "type": "email", "created_at": "2024-01-01T00:00:00Z" }]',
      );
      button(el, 'Simulate pasted identities').click();
      await el.updateComplete;

      expect(part(el, 'input-error')!.textContent).to.match(/\bid\b/);
      expect(el.currentProfile!.source).to.equal('Base profile P');
    });

    it('shows hostile values as text, never as markup', async () => {
      const el = await mount();
      const hostile = '<img src=x onerror="globalThis.__pwned=1">';

      await type(
        control<HTMLTextAreaElement>(el, 'Paste identities'),
        JSON.stringify([
          { type: 'user_id', id: hostile, created_at: '2024-01-01T00:00:00Z' },
          { type: 'email', id: 'ok@example.com', created_at: '2024-01-02T00:00:00Z' },
        ]),
      );
      button(el, 'Simulate pasted identities').click();
      await el.simulationComplete;

      expect(el.currentProfile!.source).to.equal('Pasted identities');
      expect(shadow(el).querySelector('img')).to.equal(null);
      expect(part(el, 'timeline')!.textContent).to.include(hostile);
    });
  });

  describe('when a file is imported', () => {
    function fileList(...files: File[]): FileList {
      const transfer = new DataTransfer();
      for (const f of files) transfer.items.add(f);
      return transfer.files;
    }

    it('reads a user_identifiers CSV chosen with the file input', async () => {
      const el = await mount();
      const csv =
        'canonical_segment_id,type,value,timestamp\n' +
        'seg_1,user_id,u9,2024-01-01 00:00:00\n' +
        'seg_1,email,one@example.com,2024-01-02 00:00:00\n' +
        'seg_1,email,two@example.com,2024-01-03 00:00:00\n';
      const input = control<HTMLInputElement>(el, 'Import a file');

      input.files = fileList(new File([csv], 'identities.csv', { type: 'text/csv' }));
      input.dispatchEvent(new Event('change'));
      await waitFor(() => el.currentProfile?.source === 'identities.csv');
      await el.simulationComplete;

      expect(el.currentProfile!.source).to.equal('identities.csv');
      expect(el.currentProfile!.identities).to.have.length(3);
      const events = outcome(el).current.events as Payload[];
      expect(events).to.have.length(1);
      expect(events[0].userId).to.equal('u9');
    });

    it('reads a JSON file dropped on the panel', async () => {
      const el = await mount();
      const json = JSON.stringify([
        { type: 'user_id', id: 'u7', created_at: '2024-01-01T00:00:00Z' },
        { type: 'email', id: 'drop@example.com', created_at: '2024-01-02T00:00:00Z' },
      ]);
      const transfer = new DataTransfer();
      transfer.items.add(new File([json], 'profile.json', { type: 'application/json' }));

      shadow(el)
        .querySelector('.drop')!
        .dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true }));
      await waitFor(() => el.currentProfile?.source === 'profile.json');
      await el.simulationComplete;

      expect(el.currentProfile!.identities.map((i) => i.id)).to.deep.equal([
        'u7',
        'drop@example.com',
      ]);
    });

    it('refuses a file larger than one profile could be', async () => {
      const el = await mount();
      const input = control<HTMLInputElement>(el, 'Import a file');

      input.files = fileList(new File([new Uint8Array(3 * 1024 * 1024)], 'huge.json'));
      input.dispatchEvent(new Event('change'));
      await waitFor(() => part(el, 'input-error') !== null);

      expect(part(el, 'input-error')!.textContent).to.include('huge.json is 3.0 MB');
      expect(el.currentProfile!.source).to.equal('Base profile P');
    });

    it('names the line of a broken JSON Lines file', async () => {
      const el = await mount();
      const input = control<HTMLInputElement>(el, 'Import a file');
      const jsonl =
        '{"type":"user_id","id":"u1","created_at":"2024-01-01T00:00:00Z"}\n' +
        '{"type":"email","id":"a@x.com" "created_at":"2024-01-02T00:00:00Z"}\n';

      input.files = fileList(new File([jsonl], 'ids.jsonl'));
      input.dispatchEvent(new Event('change'));
      await waitFor(() => part(el, 'input-error') !== null);

      expect(part(el, 'input-error')!.textContent).to.include('ids.jsonl, line 2');
    });
  });

  describe('when a setting changes', () => {
    it('re-simulates with the combination model chosen in the settings panel', async () => {
      const el = await mount(
        config([
          { externalId: 'email', strategy: 'all', mapTo: 'email' },
          { externalId: 'anonymous_id', strategy: 'all', mapTo: 'anonymous_id' },
        ]),
      );
      const cartesian = outcome(el).current.events.length;

      part(el, 'settings')!.setAttribute('open', '');
      await choose(control<HTMLSelectElement>(el, 'Combination model'), 'per-value');
      await el.simulationComplete;

      // 3 emails x 2 anonymous ids, against one send per value (3 + 2).
      expect(cartesian).to.equal(6);
      expect(outcome(el).current.events).to.have.length(5);
      expect(part(el, 'settings')!.querySelector('summary')!.textContent).to.include('1 changed');
      await expect(el).to.be.accessible();
    });

    it('marks the default of every switch', async () => {
      const el = await mount();

      const settings = [...part(el, 'settings')!.querySelectorAll('.setting')];

      expect(settings.length).to.be.greaterThan(10);
      for (const setting of settings) expect(setting.textContent).to.include('default');
    });

    it('shows an error for a setting value that cannot be used, and keeps the old one', async () => {
      const el = await mount();
      part(el, 'settings')!.setAttribute('open', '');

      const field = control<HTMLInputElement>(el, 'Default country code');
      await type(field, '+44');
      await el.updateComplete;

      expect(field.getAttribute('aria-invalid')).to.equal('true');
      expect(part(el, 'settings')!.querySelector('summary')!.textContent).to.include(
        'all defaults',
      );
      await expect(el).to.be.accessible();
    });
  });

  describe('when the results are copied', () => {
    it('copies the results, or shows them to copy by hand when the browser refuses', async () => {
      const el = await mount();

      button(el, 'Copy results').click();
      await waitFor(() => /copied|did not allow/.test(shadow(el).textContent ?? ''));
      await el.updateComplete;

      const fallback = part(el, 'copy-fallback');
      if (fallback) {
        const text = fallback.querySelector('textarea')!.value;
        expect(JSON.parse(text).current.events).to.have.length(1);
      } else {
        // Reading the clipboard back needs a permission the test browser does not grant.
        expect(part(el, 'actions')!.nextElementSibling!.textContent).to.include(
          'Results copied to the clipboard.',
        );
      }
      await expect(el).to.be.accessible();
    });
  });

  describe('the built-in samples', () => {
    it('each load as a profile with identities', async () => {
      const el = await mount();

      for (const sample of SAMPLE_PROFILES) {
        expect(el.loadSample(sample.id), sample.id).to.equal(true);
        expect(el.currentProfile!.identities.length, sample.id).to.be.greaterThan(0);
      }
    });

    it('warn that an incomplete page may change first and last', async () => {
      const el = await mount();

      el.loadSample('incomplete-page');
      await el.simulationComplete;

      expect(el.currentProfile!.findings.map((f) => f.severity)).to.include('warning');
      expect(part(el, 'findings')!.textContent).to.match(/Warning/);
    });
  });

  it('puts no identity on any idsync-* event', async () => {
    const seen: string[] = [];
    const listen = (e: Event): void => void seen.push(e.type);
    for (const name of ['idsync-change', 'idsync-finalize', 'idsync-draft-saved']) {
      document.addEventListener(name, listen, true);
    }
    const el = await mount();

    el.loadSample('many-emails');
    control<HTMLInputElement>(el, 'Exit').click();
    await el.simulationComplete;

    for (const name of ['idsync-change', 'idsync-finalize', 'idsync-draft-saved']) {
      document.removeEventListener(name, listen, true);
    }
    expect(seen).to.deep.equal([]);
  });
});

/** Waits for a condition the panel reaches after a file read (an async browser task). */
async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('condition not reached');
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}
