import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { IdsyncEditor } from '../../src/components/idsync-editor/idsync-editor.js';
import { createConfig } from '../../src/core/parse-config.js';
import type { IdSyncConfig } from '../../src/core/types.js';

/** A Customized Setup of `count` rows, as a host page may send it: far more than Segment takes. */
function manyRows(count: number): IdSyncConfig {
  return createConfig('braze', {
    setup: 'customized',
    idSyncConfiguration: Array.from({ length: count }, (_, i) => ({
      externalId: `id${i}`,
      strategy: 'all' as const,
      mapTo: `k${i}`,
    })),
  });
}

describe('<idsync-editor>', () => {
  describe('when the host gives a config with thousands of rows', () => {
    it('renders a bounded number of rows and says how many are not shown', async () => {
      const config = manyRows(5000);

      const el = await fixture<IdsyncEditor>(
        html`<idsync-editor .destination=${'braze'} .config=${config}></idsync-editor>`,
      );

      const rows = el.shadowRoot!.querySelectorAll('[part~="row"]');
      const note = el.shadowRoot!.querySelector('[part~="rows-hidden"]');
      expect(rows.length).to.equal(50);
      expect(note?.textContent?.replace(/\s+/g, ' ').trim()).to.equal(
        '4950 more rows are not shown: this config has more rows than Segment accepts.',
      );
      expect(el.config.idSyncConfiguration, 'the document keeps every row').to.have.length(5000);
    });

    it('lints every row and keeps Save blocked by the too-many-rows error', async () => {
      const el = await fixture<IdsyncEditor>(
        html`<idsync-editor .destination=${'braze'} .config=${manyRows(5000)}></idsync-editor>`,
      );
      const save = el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save"]')!;
      let finalized = 0;
      el.addEventListener('idsync-finalize', () => finalized++);

      save.click();
      await el.updateComplete;

      const errors = el.findings.filter((f) => f.severity === 'error');
      expect(errors.length).to.be.greaterThan(0);
      expect(el.validity.valid).to.equal(false);
      expect(finalized).to.equal(0);
      expect(el.shadowRoot!.querySelector('[part~="save-status"]')?.textContent).to.match(
        /^Not saved: \d+ errors need fixing first/,
      );
      const summary = el.shadowRoot!.querySelector('[part~="findings"]')!;
      expect(summary.querySelectorAll('li')).to.have.length(50);
      expect(summary.querySelector('[part~="findings-hidden"]')?.textContent).to.match(
        /^and \d+ more\.$/,
      );
    });
  });
});
