import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { IdsyncDrafts } from '../../src/components/idsync-drafts/idsync-drafts.js';
import type { IdsyncEditor } from '../../src/components/idsync-editor/idsync-editor.js';
import type { IdsyncStudio } from '../../src/components/idsync-studio/idsync-studio.js';
import { createConfig } from '../../src/core/parse-config.js';
import '../../src/define.js';
import {
  exportBundle,
  openDraftStore,
  serializeBundle,
  type DraftStore,
} from '../../src/storage/index.js';
import { config, deleteTestDatabases, randomDbName } from './storage-helpers.js';

if (!customElements.get('idsync-drafts')) customElements.define('idsync-drafts', IdsyncDrafts);

const mapTo = (r: { config: { idSyncConfiguration: { mapTo: string }[] } } | undefined) =>
  r?.config.idSyncConfiguration[0]?.mapTo;

function root(el: IdsyncDrafts): ShadowRoot {
  return el.shadowRoot!;
}

function button(el: IdsyncDrafts, name: string): HTMLButtonElement {
  const hit = [...root(el).querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim() === name,
  );
  if (!hit) throw new Error(`No button named "${name}"`);
  return hit;
}

function text(el: IdsyncDrafts, part: string): string {
  return (root(el).querySelector(`[part~="${part}"]`)?.textContent ?? '').replace(/\s+/g, ' ');
}

/** Waits until the panel's text in `part` contains `needle` (re-checking after each render). */
async function shows(el: IdsyncDrafts, part: string, needle: string): Promise<void> {
  for (let i = 0; i < 50 && !text(el, part).includes(needle); i++) {
    await el.refresh();
    await el.updateComplete;
  }
  expect(text(el, part)).to.contain(needle);
}

describe('<idsync-drafts>', () => {
  const stores: DraftStore[] = [];
  const open = async (dbName = randomDbName()): Promise<DraftStore> => {
    const store = await openDraftStore({ dbName });
    stores.push(store);
    return store;
  };
  const panel = async (store: DraftStore, draftKey = 'aud:fb'): Promise<IdsyncDrafts> => {
    const el = await fixture<IdsyncDrafts>(
      html`<idsync-drafts
        .store=${store}
        .draftKey=${draftKey}
        destination="facebook-custom-audiences"
      ></idsync-drafts>`,
    );
    await el.refresh();
    await el.updateComplete;
    return el;
  };

  afterEach(async () => {
    stores.splice(0).forEach((s) => s.close());
    await deleteTestDatabases();
  });

  describe('when drafts exist', () => {
    it('lists them by destination and filters by search', async () => {
      const store = await open();
      await store.save('aud:fb', config('EMAIL'));
      await store.save('aud:braze', config('external_id', { destination: 'braze' }));
      const el = await panel(store);

      const search = root(el).querySelector<HTMLInputElement>('#search')!;
      search.value = 'braze';
      search.dispatchEvent(new Event('input'));
      await el.updateComplete;

      expect(text(el, 'list')).to.contain('aud:braze');
      expect(text(el, 'list')).not.to.contain('aud:fb');
    });

    it('shows where drafts are stored and the retention limits', async () => {
      const store = await open();
      const el = await panel(store);

      expect(text(el, 'status')).to.contain('Saved in this browser (IndexedDB)');
      expect(text(el, 'status')).to.contain('Keeps the last 200 revisions of each draft');
      await expect(el).to.be.accessible();
    });

    it('says drafts are off, without storage or retention claims, when there is no draft key', async () => {
      const store = await open();
      await store.save('aud:other', config('PHONE'));
      const el = await panel(store, '');

      expect(text(el, 'status')).to.contain('Drafts are off here');
      expect(text(el, 'status')).not.to.contain('Saved in this browser');
      expect(text(el, 'status')).not.to.contain('Keeps the last');
      expect(button(el, 'Open aud:other')).to.exist;
      await expect(el).to.be.accessible();
    });

    it('fires idsync-draft-open with the stored config when the user opens a draft', async () => {
      const store = await open();
      await store.save('aud:other', config('PHONE'));
      const el = await panel(store);

      setTimeout(() => button(el, 'Open aud:other').click());
      const event = await oneEvent(el, 'idsync-draft-open');

      expect(event.detail).to.deep.equal({
        draftKey: 'aud:other',
        config: config('PHONE'),
        revision: 1,
      });
    });

    it('deletes a draft and brings it back with Undo delete', async () => {
      const store = await open();
      await store.save('aud:fb', config('A'));
      await store.save('aud:fb', config('B'));
      const el = await panel(store);

      button(el, 'Delete aud:fb').click();
      await shows(el, 'list', 'Undo delete');
      expect(await store.load('aud:fb')).to.equal(undefined);

      button(el, 'Undo delete').click();
      await shows(el, 'list', '2 revisions');

      expect(mapTo(await store.load('aud:fb'))).to.equal('B');
    });

    it('renames and duplicates a draft', async () => {
      const store = await open();
      await store.save('aud:fb', config('A'));
      const el = await panel(store);

      button(el, 'Rename aud:fb').click();
      await el.updateComplete;
      const input = root(el).querySelector<HTMLInputElement>('#rename')!;
      input.value = 'VIP to Facebook';
      root(el).querySelector<HTMLButtonElement>('[part=list] form button[type=submit]')!.click();
      await shows(el, 'list', 'VIP to Facebook');
      button(el, 'Duplicate VIP to Facebook').click();
      await shows(el, 'list', 'VIP to Facebook (copy 1)');

      expect((await store.list()).map((d) => d.name).sort()).to.deep.equal([
        'VIP to Facebook',
        'VIP to Facebook (copy 1)',
      ]);
    });
  });

  describe('history of the current draft', () => {
    it('undoes with Ctrl+Z and redoes with Shift+Ctrl+Z inside the panel', async () => {
      const store = await open();
      await store.save('aud:fb', config('A'));
      await store.save('aud:fb', config('B'));
      const el = await panel(store);
      const target = root(el).querySelector('[part=history]')!;

      setTimeout(() =>
        target.dispatchEvent(
          new KeyboardEvent('keydown', { key: 'z', ctrlKey: true, bubbles: true, composed: true }),
        ),
      );
      const undone = await oneEvent(el, 'idsync-draft-open');
      setTimeout(() =>
        target.dispatchEvent(
          new KeyboardEvent('keydown', {
            key: 'Z',
            ctrlKey: true,
            shiftKey: true,
            bubbles: true,
            composed: true,
          }),
        ),
      );
      const redone = await oneEvent(el, 'idsync-draft-open');

      expect([undone.detail.revision, redone.detail.revision]).to.deep.equal([1, 2]);
      expect(mapTo(await store.load('aud:fb'))).to.equal('B');
    });

    it('shows the diff between two revisions and restores an old one as a new revision', async () => {
      const store = await open();
      await store.save('aud:fb', config('EMAIL'));
      await store.save(
        'aud:fb',
        config('EMAIL_SHA256', {
          connectionSettings: {
            sendIdentify: true,
            sendTrack: true,
            sendMobileIds: false,
            includeAnonymousUsers: false,
          },
        }),
      );
      const el = await panel(store);

      expect(text(el, 'diff')).to.contain('Changed row email: mapTo EMAIL → EMAIL_SHA256');
      expect(text(el, 'diff')).to.contain('connectionSettings.sendTrack: false → true');

      setTimeout(() => button(el, 'Restore revision 1').click());
      const event = await oneEvent(el, 'idsync-draft-open');

      expect(event.detail.revision).to.equal(3);
      expect(mapTo(event.detail)).to.equal('EMAIL');
      expect((await store.history('aud:fb')).map((r) => r.kind)).to.deep.equal([
        'edit',
        'edit',
        'restore',
      ]);
    });

    it('takes a named snapshot of the current revision', async () => {
      const store = await open();
      await store.save('aud:fb', config('A'));
      const el = await panel(store);

      root(el).querySelector<HTMLInputElement>('#snapshot-name')!.value = 'before launch';
      root(el).querySelector<HTMLFormElement>('[part=history] form')!.requestSubmit();
      await shows(el, 'history', '“before launch”: revision 1');

      expect((await store.snapshots('aud:fb')).map((s) => s.name)).to.deep.equal(['before launch']);
    });
  });

  describe('when user text holds right-to-left override characters', () => {
    it("isolates it, so the panel's own words after it keep their order", async () => {
      const store = await open();
      const name = 'launch\u202E txen';
      await store.save('aud:fb', config('A'));
      await store.rename('aud:fb', `VIP\u202E ot`);
      await store.snapshot('aud:fb', name);
      const el = await panel(store);
      await shows(el, 'history', 'revision 1');

      const item = root(el).querySelector('[aria-label="Snapshots"] li span')!;
      const isolated = item.querySelector('bdi');
      // The panel's own words are the span's text nodes; the name is only inside the bdi.
      const outside = [...item.childNodes]
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent)
        .join('');
      expect(isolated?.textContent).to.equal(name);
      expect(outside.replace(/\s+/g, ' ')).to.contain('”: revision 1');
      const names = [...root(el).querySelectorAll('[part=list] li bdi, [part=history] h2 bdi')];
      expect(names.map((n) => n.textContent)).to.include.members(['VIP\u202E ot', 'aud:fb']);
      expect(root(el).querySelector('[part=list] h3 bdi')?.textContent).to.equal(
        'facebook-custom-audiences',
      );
    });
  });

  describe('when two tabs edit one draft', () => {
    it('shows the conflict, keeps both versions, and resolves with Keep mine', async () => {
      const dbName = randomDbName();
      const tabA = await open(dbName);
      const tabB = await open(dbName);
      const base = await tabA.save('aud:fb', config('BASE'));
      const el = await panel(tabA);

      await tabB.save('aud:fb', config('THEIRS'), { baseRevision: base.revision });
      const mine = await tabA.save('aud:fb', config('MINE'), { baseRevision: base.revision });
      await shows(el, 'conflict', 'Keep mine (revision 3)');

      expect(mine.conflict).to.deep.include({ mine: 3, theirs: 2 });
      expect((await tabA.history('aud:fb')).map(mapTo)).to.deep.equal(['BASE', 'THEIRS', 'MINE']);
      await expect(el).to.be.accessible();

      setTimeout(() => button(el, 'Keep mine (revision 3)').click());
      const opened = await oneEvent(el, 'idsync-draft-open');

      expect(mapTo(opened.detail)).to.equal('MINE');
      expect(mapTo(await tabB.load('aud:fb'))).to.equal('MINE');
      expect((await tabB.state('aud:fb'))?.conflicts).to.deep.equal([]);
    });

    /** Tab A saves revision 2 first; tab B, still on revision 1, saves revision 3 (a conflict). */
    const racingTabs = async () => {
      const dbName = randomDbName();
      const tabA = await open(dbName);
      const tabB = await open(dbName);
      const base = await tabA.save('aud:fb', config('BASE'));
      await tabA.save('aud:fb', config('A_EDIT'), { baseRevision: base.revision });
      await tabB.save('aud:fb', config('B_EDIT'), { baseRevision: base.revision });
      const panelA = await panel(tabA);
      const panelB = await panel(tabB);
      await shows(panelA, 'conflict', 'Keep mine');
      await shows(panelB, 'conflict', 'Keep mine');
      return { dbName, tabA, tabB, panelA, panelB };
    };

    it("labels each tab's own edit as mine", async () => {
      const { panelA, panelB } = await racingTabs();

      expect(text(panelA, 'conflict')).to.contain('Keep mine (revision 2)');
      expect(text(panelA, 'conflict')).to.contain('Take theirs (revision 3)');
      expect(text(panelB, 'conflict')).to.contain('Keep mine (revision 3)');
      expect(text(panelB, 'conflict')).to.contain('Take theirs (revision 2)');
      await expect(panelA).to.be.accessible();
    });

    it("keeps this tab's edit with Keep mine in the tab whose edit is current", async () => {
      const { tabB, panelA } = await racingTabs();

      setTimeout(() => button(panelA, 'Keep mine (revision 2)').click());
      const opened = await oneEvent(panelA, 'idsync-draft-open');

      expect(mapTo(opened.detail)).to.equal('A_EDIT');
      expect(mapTo(await tabB.load('aud:fb'))).to.equal('A_EDIT');
      expect((await tabB.state('aud:fb'))?.conflicts).to.deep.equal([]);
    });

    it("keeps this tab's edit with Keep mine in the tab that saved late", async () => {
      const { tabA, panelB } = await racingTabs();

      setTimeout(() => button(panelB, 'Keep mine (revision 3)').click());
      const opened = await oneEvent(panelB, 'idsync-draft-open');

      expect(mapTo(opened.detail)).to.equal('B_EDIT');
      expect(mapTo(await tabA.load('aud:fb'))).to.equal('B_EDIT');
      expect((await tabA.state('aud:fb'))?.conflicts).to.deep.equal([]);
    });

    it('names no side "mine" in a tab that wrote neither revision', async () => {
      const { dbName } = await racingTabs();
      const third = await open(dbName);
      const el = await panel(third);
      await shows(el, 'conflict', 'Keep revision 2 (current)');

      expect(text(el, 'conflict')).to.contain('Keep revision 3 (saved later)');
      expect(text(el, 'conflict')).not.to.contain('Keep mine');
    });

    it('tells the other tab about a save through BroadcastChannel', async () => {
      const dbName = randomDbName();
      const tabA = await open(dbName);
      const tabB = await open(dbName);
      const heard = new Promise((resolve) => tabB.subscribe(resolve));

      await tabA.save('aud:fb', config('A'));

      expect(await heard).to.deep.include({
        draftKey: 'aud:fb',
        kind: 'saved',
        revision: 1,
        origin: 'other-tab',
      });
    });
  });

  describe('import', () => {
    it('reports every problem of a bundle with its path and imports nothing', async () => {
      const store = await open();
      const el = await panel(store);
      const bad = {
        format: 'idsync-drafts-bundle',
        formatVersion: 1,
        exportedAt: '2025-01-01T00:00:00Z',
        drafts: [
          {
            draftKey: 'a',
            name: 'A',
            destination: 'facebook-custom-audiences',
            current: 9,
            revisions: [
              {
                revision: 1,
                savedAt: 'x',
                kind: 'edit',
                config: { ...config('A'), setup: 'sometimes' },
              },
              {
                revision: 2,
                savedAt: 'x',
                kind: 'edit',
                config: {
                  ...config('A'),
                  idSyncConfiguration: [{ externalId: 'email', strategy: 'Last Added' }],
                },
              },
            ],
            snapshots: [],
          },
        ],
      };

      await el.importText(JSON.stringify(bad));
      await el.updateComplete;
      const problems = [...root(el).querySelectorAll('[aria-label="Import problems"] li')].map(
        (li) => li.textContent!.replace(/\s+/g, ' '),
      );

      expect(problems.some((p) => p.startsWith('drafts[0].revisions[0].config.setup'))).to.equal(
        true,
      );
      expect(
        problems.some((p) =>
          p.startsWith('drafts[0].revisions[1].config.idSyncConfiguration[0].strategy'),
        ),
      ).to.equal(true);
      expect(problems.some((p) => p.startsWith('drafts[0].current'))).to.equal(true);
      expect(root(el).querySelector('#import')!.getAttribute('aria-invalid')).to.equal('true');
      expect(await store.list()).to.deep.equal([]);
      await expect(el).to.be.accessible();
    });

    it('asks about one draft in the singular', async () => {
      const source = await open();
      await source.save('aud:one', config('A'));
      const el = await panel(await open());

      await el.importText(serializeBundle(await exportBundle(source)));
      await el.updateComplete;

      expect(text(el, 'transfer')).to.contain('Import 1 draft?');
      expect(text(el, 'transfer')).not.to.contain('1 drafts');
    });

    it('imports a config as a new revision only after the user confirms', async () => {
      const store = await open();
      await store.save('aud:fb', config('A'));
      const el = await panel(store);

      await el.importText(JSON.stringify(config('IMPORTED')));
      await el.updateComplete;
      expect((await store.history('aud:fb')).length).to.equal(1);
      setTimeout(() => button(el, 'Import').click());
      const opened = await oneEvent(el, 'idsync-draft-open');

      expect(opened.detail).to.include({ draftKey: 'aud:fb', revision: 2 });
      expect((await store.history('aud:fb')).map((r) => r.kind)).to.deep.equal(['edit', 'import']);
    });
  });
});

describe('<idsync-drafts> inside <idsync-studio>', () => {
  const usedKeys: string[] = [];
  after(async () => {
    const store = await openDraftStore();
    for (const key of usedKeys) await store.discard(key);
    store.close();
  });

  /** A studio on a fresh draft that already has one saved revision (the default config). */
  const studioWithDraft = async () => {
    const draftKey = `test-${Math.random().toString(36).slice(2)}:braze`;
    usedKeys.push(draftKey);
    const store = await openDraftStore();
    await store.save(draftKey, createConfig('braze'));
    store.close();
    const studio = await fixture<IdsyncStudio>(
      html`<idsync-studio draft-key=${draftKey} .destination=${'braze'}></idsync-studio>`,
    );
    await studio.ready;
    const editor = studio.shadowRoot!.querySelector<IdsyncEditor>('idsync-editor')!;
    const drafts = studio.shadowRoot!.querySelector<IdsyncDrafts>('idsync-drafts')!;
    await waitUntil(() => text(drafts, 'history').includes('Revision 1'));
    return { draftKey, studio, editor, drafts };
  };

  const imported = createConfig('braze', {
    setup: 'customized',
    idSyncConfiguration: [{ externalId: 'phone', strategy: 'first', mapTo: 'phone' }],
  });

  describe('when a bundle holding the open draft is imported', () => {
    it("shows the bundle's current revision in the editor", async () => {
      const { draftKey, editor, drafts } = await studioWithDraft();
      const bundle = {
        format: 'idsync-drafts-bundle',
        formatVersion: 1,
        exportedAt: '2025-01-01T00:00:00Z',
        drafts: [
          {
            draftKey,
            name: 'From a file',
            destination: 'braze',
            current: 1,
            revisions: [
              { revision: 1, savedAt: '2025-01-01T00:00:00Z', kind: 'edit', config: imported },
            ],
            snapshots: [],
          },
        ],
      };

      await drafts.importText(JSON.stringify(bundle));
      await drafts.updateComplete;
      button(drafts, 'Import').click();
      await waitUntil(
        () => editor.config.setup === 'customized',
        'the editor still shows the config from before the import',
      );

      expect(editor.config).to.deep.equal(imported);
    });
  });

  describe('when a config is imported into the open draft', () => {
    it('shows the imported config in the editor', async () => {
      const { editor, drafts } = await studioWithDraft();

      await drafts.importText(JSON.stringify(imported));
      await drafts.updateComplete;
      button(drafts, 'Import').click();
      await waitUntil(
        () => editor.config.setup === 'customized',
        'the editor still shows the config from before the import',
      );

      expect(editor.config).to.deep.equal(imported);
    });
  });
});
