import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { IdsyncStudio } from '../../src/components/idsync-studio/idsync-studio.js';
import type { IdSyncConfig } from '../../src/core/types.js';
import { openDraftStore } from '../../src/storage/index.js';
import { deepElements } from './editor.helpers.js';

/** A key with no break opportunity, as long as the ones a new user pasted. */
const LONG_KEY = 'k'.repeat(300);

const PANELS = ['editor', 'simulator', 'drafts', 'public-api', 'batch'];

function longKeyConfig(): IdSyncConfig {
  return {
    version: 1,
    destination: 'braze',
    setup: 'customized',
    idSyncConfiguration: [
      { externalId: 'email', strategy: 'last', mapTo: LONG_KEY },
      { externalId: 'user_id', strategy: 'all', mapTo: `external_${LONG_KEY}` },
    ],
    connectionSettings: {
      sendIdentify: true,
      sendTrack: true,
      sendMobileIds: true,
      includeAnonymousUsers: false,
    },
  };
}

/** Resolves when every element under the studio has rendered its latest state. */
async function settled(studio: IdsyncStudio): Promise<void> {
  await studio.ready;
  for (const el of deepElements(studio.shadowRoot!)) {
    await (el as Partial<IdsyncStudio>).updateComplete;
  }
}

describe('<idsync-studio> in a narrow container', () => {
  const draftKey = `layout-${Math.random().toString(36).slice(2)}:${LONG_KEY}`;

  before(async () => {
    // A stored draft under the long key, so the drafts panel lists it too.
    const store = await openDraftStore();
    await store.save(draftKey, longKeyConfig());
    store.close();
  });

  after(async () => {
    const store = await openDraftStore();
    await store.remove(draftKey);
    store.close();
  });

  const scenarios = [
    {
      name: 'a 300-character destination key',
      render: () => html`<idsync-studio .destination=${LONG_KEY}></idsync-studio>`,
    },
    {
      name: '300-character identifier and draft keys',
      render: () =>
        html`<idsync-studio
          draft-key=${draftKey}
          .destination=${'braze'}
          .config=${longKeyConfig()}
        ></idsync-studio>`,
    },
  ];

  for (const width of [360, 420]) {
    for (const scenario of scenarios) {
      describe(`when ${width} px wide, with ${scenario.name}`, () => {
        let wrapper: HTMLDivElement;
        let studio: IdsyncStudio;

        beforeEach(async () => {
          wrapper = await fixture<HTMLDivElement>(
            html`<div style="width: ${width}px">${scenario.render()}</div>`,
          );
          studio = wrapper.querySelector('idsync-studio')!;
          await settled(studio);
        });

        it('is no wider than its container', () => {
          expect(studio.getBoundingClientRect().width).to.be.at.most(width);
          expect(studio.scrollWidth, 'studio').to.be.at.most(studio.clientWidth);
        });

        it('scrolls none of its panels sideways', () => {
          const overflowing = PANELS.map((name) => {
            const panel = studio.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
            if (!panel) return `${name}: missing`;
            return panel.scrollWidth > panel.clientWidth
              ? `${name}: ${panel.scrollWidth} > ${panel.clientWidth}`
              : undefined;
          }).filter(Boolean);

          expect(overflowing).to.deep.equal([]);
        });

        it('keeps every element inside the container', () => {
          const right = wrapper.getBoundingClientRect().right;
          const outside = [...deepElements(studio.shadowRoot!)]
            .filter((el) => el.getClientRects().length > 0)
            .filter((el) => el.getBoundingClientRect().right > right + 0.5)
            .map((el) => {
              const label = el.getAttribute('part') ?? el.id ?? '';
              return `${el.localName}${label ? `[${label}]` : ''} ${Math.round(el.getBoundingClientRect().right)}`;
            });

          expect(outside).to.deep.equal([]);
        });
      });
    }
  }
});
