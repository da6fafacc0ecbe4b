import { expect, fixture, html, oneEvent } from '@open-wc/testing';

import type { BatchProgress } from '../../src/core/batch/index.js';
import type { IdSyncConfig } from '../../src/core/types.js';
import { IdsyncBatch } from '../../src/components/idsync-batch/idsync-batch.js';
import { BatchClient } from '../../src/worker/batch-client.js';

if (!customElements.get('idsync-batch')) customElements.define('idsync-batch', IdsyncBatch);

const config: IdSyncConfig = {
  version: 1,
  destination: 'braze',
  setup: 'customized',
  idSyncConfiguration: [
    { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
    { externalId: 'email', strategy: 'last', mapTo: 'email' },
  ],
  connectionSettings: {
    sendIdentify: false,
    sendTrack: true,
    sendMobileIds: false,
    includeAnonymousUsers: false,
  },
};

/** A JSONL file of `count` profiles: a user_id and two emails each. */
function profilesFile(count: number, extraLines: string[] = []): File {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(
      JSON.stringify([
        { type: 'user_id', id: `u${i}`, created_at: '2024-01-01T00:00:00Z' },
        { type: 'email', id: `a${i}@x.com`, created_at: '2024-01-02T00:00:00Z' },
        { type: 'email', id: `b${i}@x.com`, created_at: '2024-01-03T00:00:00Z' },
      ]),
    );
  }
  return new File([[...lines, ...extraLines].join('\n') + '\n'], 'profiles.jsonl', {
    type: 'application/x-ndjson',
  });
}

function chooseFile(input: HTMLInputElement, file: File): void {
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('BatchClient (Web Worker)', () => {
  let client: BatchClient;

  beforeEach(() => {
    client = new BatchClient();
  });

  afterEach(() => {
    client.dispose();
  });

  describe('when a file is streamed', () => {
    it('posts growing progress and settles with the summary', async () => {
      const file = profilesFile(3000, ['{oops']);
      const seen: BatchProgress[] = [];

      const result = await client.run(file, { config }, (p) => seen.push(p));

      expect(result.cancelled).to.equal(false);
      expect(result.summary.profiles).to.equal(3000);
      expect(result.summary.customized.events).to.equal(3000);
      expect(result.summary.default.events).to.equal(6000);
      expect(result.summary.badLines.count).to.equal(1);
      expect(result.summary.badLines.listed[0].line).to.equal(3001);
      expect(seen.length).to.be.greaterThan(1);
      expect(seen[seen.length - 1].bytes).to.equal(file.size);
      expect(seen.map((p) => p.profiles)).to.deep.equal(
        [...seen.map((p) => p.profiles)].sort((a, b) => a - b),
      );
    });
  });

  describe('when cancelled while running', () => {
    it('stops early and settles with the partial summary', async () => {
      const file = profilesFile(200_000);
      let cancelled = false;

      const result = await client.run(file, { config }, (p) => {
        if (!cancelled && p.profiles > 0) {
          cancelled = true;
          client.cancel();
        }
      });

      expect(result.cancelled).to.equal(true);
      expect(result.summary.profiles).to.be.greaterThan(0);
      expect(result.summary.profiles).to.be.lessThan(200_000);
    });
  });
});

describe('<idsync-batch>', () => {
  describe('when a person chooses a file', () => {
    it('shows a labelled progress bar, then the summary with a histogram and its table', async () => {
      const el = await fixture<IdsyncBatch>(html`<idsync-batch .config=${config}></idsync-batch>`);
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;

      setTimeout(() => chooseFile(input, profilesFile(500, ['[1, 2'])));
      const done = await oneEvent(el, 'idsync-batch-complete');
      await el.updateComplete;

      const root = el.shadowRoot!;
      const progress = root.querySelector('progress')!;
      expect(done.detail.cancelled).to.equal(false);
      expect(done.detail.summary.profiles).to.equal(500);
      expect(progress.labels?.length).to.equal(1);
      expect(progress.value).to.equal(progress.max);
      expect(root.querySelector('[part=progress]')!.textContent).to.match(/500 profiles/);
      const svg = root.querySelector('svg[role=img]')!;
      expect(svg.querySelector('title')!.textContent).to.equal('Sends per profile');
      expect(svg.querySelector('desc')!.textContent).to.match(/Default\s+Setup/);
      const captions = [...root.querySelectorAll('caption')].map((c) => c.textContent!.trim());
      expect(captions).to.include('Profiles by sends per profile');
      expect(root.textContent).to.match(/Line 501:/);
      await expect(el).to.be.accessible();
    });
  });

  describe('when the person presses Cancel', () => {
    it('stops and says the summary covers what was read', async () => {
      const el = await fixture<IdsyncBatch>(html`<idsync-batch .config=${config}></idsync-batch>`);
      const input = el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!;
      chooseFile(input, profilesFile(200_000));
      await el.updateComplete;
      const cancel = [...el.shadowRoot!.querySelectorAll('button')].find(
        (b) => b.textContent === 'Cancel',
      )!;
      await expect(el).to.be.accessible();

      setTimeout(() => cancel.click());
      const done = await oneEvent(el, 'idsync-batch-complete');
      await el.updateComplete;

      expect(done.detail.cancelled).to.equal(true);
      expect(done.detail.summary.profiles).to.be.lessThan(200_000);
      expect(el.shadowRoot!.querySelector('h3')!.textContent).to.match(/cancelled/);
    });
  });

  describe('when the config has errors', () => {
    it('disables the file input and says why', async () => {
      const broken: IdSyncConfig = {
        ...config,
        idSyncConfiguration: ['user_id', 'email', 'anonymous_id', 'phone'].map((id) => ({
          externalId: id,
          strategy: 'all' as const,
          mapTo: id,
        })),
      };

      const el = await fixture<IdsyncBatch>(html`<idsync-batch .config=${broken}></idsync-batch>`);

      expect(el.shadowRoot!.querySelector<HTMLInputElement>('input[type=file]')!.disabled).to.equal(
        true,
      );
      expect(el.shadowRoot!.querySelector('[part=error]')!.textContent).to.match(/1 error/);
    });
  });
});
