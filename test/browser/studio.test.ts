import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { IdsyncEditor } from '../../src/components/idsync-editor/idsync-editor.js';
import type { IdsyncStudio } from '../../src/components/idsync-studio/idsync-studio.js';
import { createConfig } from '../../src/core/parse-config.js';
import type { IdSyncConfig } from '../../src/core/types.js';
import type { IdsyncDraftSavedEvent } from '../../src/events.js';
import {
  DB_VERSION,
  DEFAULT_DB_NAME,
  IdsyncDraftOpenEvent,
  openDraftStore,
} from '../../src/storage/index.js';
import { getByRole, row } from './editor.helpers.js';

const usedKeys: string[] = [];

function newDraftKey(): string {
  const key = `test-${Math.random().toString(36).slice(2)}:braze`;
  usedKeys.push(key);
  return key;
}

async function studioFor(
  draftKey: string,
  config?: IdSyncConfig,
  extra: Partial<IdsyncStudio> = {},
): Promise<IdsyncStudio> {
  const el = await fixture<IdsyncStudio>(
    html`<idsync-studio
      draft-key=${draftKey}
      .destination=${'braze'}
      .config=${config}
      .audience=${extra.audience}
    ></idsync-studio>`,
  );
  await el.ready;
  await editorOf(el).updateComplete;
  return el;
}

function editorOf(studio: IdsyncStudio): IdsyncEditor {
  const editor = studio.shadowRoot!.querySelector('idsync-editor');
  if (!editor) throw new Error('The studio shows no editor');
  return editor;
}

function part(studio: IdsyncStudio, name: string): HTMLElement | null {
  return studio.shadowRoot!.querySelector(`[part~="${name}"]`);
}

/** Makes the user's first edit: Customized Setup. */
function switchToCustomized(studio: IdsyncStudio): void {
  getByRole<HTMLInputElement>(editorOf(studio), 'radio', 'Customized Setup').click();
}

describe('<idsync-studio>', () => {
  after(async () => {
    const store = await openDraftStore();
    for (const key of usedKeys) await store.discard(key);
    store.close();
  });

  describe('without a draft key', () => {
    it('says visibly that nothing is autosaved, and still edits', async () => {
      const el = await fixture<IdsyncStudio>(
        html`<idsync-studio .destination=${'braze'}></idsync-studio>`,
      );
      await el.ready;

      expect(part(el, 'autosave-off')?.textContent).to.match(/Drafts are off/);
      expect(getByRole(editorOf(el), 'radio', 'Default Setup')).to.exist;
      await expect(el).to.be.accessible();
    });
  });

  describe('when the studio re-renders after a user edit', () => {
    it('keeps the edit in the editor (the host config object is not reloaded over it)', async () => {
      const el = await fixture<IdsyncStudio>(
        html`<idsync-studio
          .destination=${'braze'}
          .config=${createConfig('braze')}
        ></idsync-studio>`,
      );
      await el.ready;

      switchToCustomized(el);
      el.requestUpdate();
      await el.updateComplete;

      expect(editorOf(el).config.setup, "the editor still shows the user's choice").to.equal(
        'customized',
      );
      expect(getByRole<HTMLInputElement>(editorOf(el), 'radio', 'Customized Setup').checked).to.be
        .true;
    });
  });

  describe('with a draft key', () => {
    it('saves each edit as a revision in IndexedDB and announces it once', async () => {
      const draftKey = newDraftKey();
      const el = await studioFor(draftKey);
      const heard: IdsyncDraftSavedEvent[] = [];
      const listen = (e: Event) => heard.push(e as IdsyncDraftSavedEvent);
      document.addEventListener('idsync-draft-saved', listen);

      switchToCustomized(el);
      const event = (await oneEvent(el, 'idsync-draft-saved')) as IdsyncDraftSavedEvent;

      expect(event.detail).to.deep.equal({ draftKey, revision: 1 });
      const store = await openDraftStore();
      const stored = await store.load(draftKey);
      store.close();
      expect(stored?.config.setup).to.equal('customized');
      document.removeEventListener('idsync-draft-saved', listen);
      expect(heard, 'heard once on the document').to.have.length(1);
    });

    it('restores the draft after a reload, over the host config, with a notice', async () => {
      const draftKey = newDraftKey();
      const first = await studioFor(draftKey, createConfig('braze'));
      switchToCustomized(first);
      await oneEvent(first, 'idsync-draft-saved');
      first.remove();

      const second = await studioFor(draftKey, createConfig('braze'));

      expect(editorOf(second).config.setup).to.equal('customized');
      expect(row(editorOf(second), 2)).to.exist;
      expect(part(second, 'draft-notice')?.textContent).to.match(/in place of the\s+configuration/);
      await expect(second).to.be.accessible();
    });

    it('keeps an edit made just before the page goes, once pagehide fires', async () => {
      const draftKey = newDraftKey();
      const el = await studioFor(draftKey);
      switchToCustomized(el);

      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      const event = (await oneEvent(el, 'idsync-draft-saved')) as IdsyncDraftSavedEvent;

      expect(event.detail.revision).to.equal(1);
    });

    it("goes back to the host's config when the user discards the draft", async () => {
      const draftKey = newDraftKey();
      const first = await studioFor(draftKey);
      switchToCustomized(first);
      await oneEvent(first, 'idsync-draft-saved');
      first.remove();
      const el = await studioFor(draftKey, createConfig('braze'));

      getByRole(el, 'button', 'Discard draft').click();
      await waitUntil(() => part(el, 'draft-notice') === null, 'the notice goes away');
      await editorOf(el).updateComplete;

      expect(editorOf(el).config).to.deep.equal(createConfig('braze'));
      const store = await openDraftStore();
      const stored = await store.load(draftKey);
      store.close();
      expect(stored, 'the draft is gone from IndexedDB').to.be.undefined;
    });

    it('applies a revision the drafts panel opens to the editor', async () => {
      const draftKey = newDraftKey();
      const el = await studioFor(draftKey);
      const opened = createConfig('braze', {
        setup: 'customized',
        idSyncConfiguration: [{ externalId: 'phone', strategy: 'first', mapTo: 'phone' }],
      });
      const drafts = el.shadowRoot!.querySelector('idsync-drafts')!;

      drafts.dispatchEvent(new IdsyncDraftOpenEvent({ draftKey, config: opened, revision: 4 }));
      await el.updateComplete;
      await editorOf(el).updateComplete;

      expect(editorOf(el).config).to.deep.equal(opened);
    });
  });

  describe('events', () => {
    it('reach a host listening on the studio exactly once each', async () => {
      const el = await studioFor(newDraftKey());
      const heard: string[] = [];
      for (const type of ['idsync-change', 'idsync-finalize'] as const) {
        el.addEventListener(type, (e) => heard.push(e.type));
      }

      const onDocument: string[] = [];
      const count = (e: Event) => onDocument.push(e.type);
      document.addEventListener('idsync-change', count);
      document.addEventListener('idsync-finalize', count);

      getByRole<HTMLInputElement>(editorOf(el), 'checkbox', 'Send Identify').click();
      await editorOf(el).updateComplete;
      getByRole(editorOf(el), 'button', 'Save').click();
      document.removeEventListener('idsync-change', count);
      document.removeEventListener('idsync-finalize', count);

      expect(heard).to.deep.equal(['idsync-change', 'idsync-finalize']);
      expect(onDocument).to.deep.equal(['idsync-change', 'idsync-finalize']);
    });
  });

  describe('when the host sets a config of the wrong shape', () => {
    it('shows why it was refused and a working editor, never a blank widget', async () => {
      const el = await studioFor(newDraftKey(), { version: 1, destination: 'braze' } as never);

      const editor = editorOf(el);
      const notice = editor.shadowRoot!.querySelector('[part~="notice"]');

      expect(notice?.textContent).to.match(/could not be loaded/);
      expect(getByRole(editor, 'radio', 'Default Setup')).to.exist;
    });
  });

  describe('when IndexedDB cannot be used', () => {
    let blocker: IDBDatabase | undefined;

    before(async () => {
      // A database left at a newer version than this code knows makes every open fail, which is
      // what an old tab meets after an upgrade: the real failure, no stand-in.
      blocker = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(DEFAULT_DB_NAME, DB_VERSION + 100);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    });

    after(async () => {
      blocker?.close();
      await new Promise((resolve) => {
        const request = indexedDB.deleteDatabase(DEFAULT_DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = resolve;
      });
    });

    it('shows a persistent warning with an export button, and keeps editing', async () => {
      const el = await studioFor(newDraftKey());

      const warning = part(el, 'storage-warning');

      expect(el.store?.status).to.equal('memory');
      expect(warning?.getAttribute('role')).to.equal('alert');
      expect(warning?.textContent).to.match(/kept in memory only/);
      expect(getByRole(el, 'button', 'Export configuration')).to.exist;
      expect(getByRole(editorOf(el), 'radio', 'Customized Setup')).to.exist;
      await expect(el).to.be.accessible();
    });
  });
});
