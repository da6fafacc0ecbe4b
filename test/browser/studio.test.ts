import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { resetMouse, sendKeys, sendMouse } from '@web/test-runner-commands';
import '../../src/define.js';
import type { IdsyncEditor } from '../../src/components/idsync-editor/idsync-editor.js';
import type { IdsyncStudio } from '../../src/components/idsync-studio/idsync-studio.js';
import { createConfig } from '../../src/core/parse-config.js';
import { toPublicApi } from '../../src/core/public-api.js';
import type { IdSyncConfig } from '../../src/core/types.js';
import type { IdsyncDraftSavedEvent } from '../../src/events.js';
import {
  DB_VERSION,
  DEFAULT_DB_NAME,
  IdsyncDraftOpenEvent,
  openDraftStore,
} from '../../src/storage/index.js';
import { allByRole, choose, descriptionOf, getByRole, row } from './editor.helpers.js';

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

    it('says so in the drafts panel too, and opening a stored draft turns saving on for it', async () => {
      const draftKey = newDraftKey();
      const store = await openDraftStore();
      await store.save(draftKey, createConfig('braze'));
      store.close();
      const el = await plainStudio();
      const drafts = part(el, 'drafts')!;
      const statusText = (): string =>
        drafts.shadowRoot!.querySelector('[part~="status"]')?.textContent ?? '';
      const offBefore = statusText();

      await waitUntil(() => allByRole(drafts, 'button', `Open ${draftKey}`).length > 0);
      getByRole(drafts, 'button', `Open ${draftKey}`).click();
      await waitUntil(() => el.draftKey === draftKey);
      await el.updateComplete;
      switchToCustomized(el);
      const saved = (await oneEvent(el, 'idsync-draft-saved')) as IdsyncDraftSavedEvent;

      expect(offBefore).to.contain('Drafts are off here');
      expect(offBefore).not.to.contain('Saved in this browser');
      expect(part(el, 'autosave-off')).to.equal(null);
      expect(saved.detail).to.deep.equal({ draftKey, revision: 2 });
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

  describe('when two studios (two tabs) edit one draft', () => {
    it("shows the other tab's edit, and the next edit here is no conflict", async () => {
      const draftKey = newDraftKey();
      const first = await studioFor(draftKey);
      const second = await studioFor(draftKey);

      const saved = oneEvent(first, 'idsync-draft-saved');
      switchToCustomized(first);
      await saved;
      await waitUntil(
        () => editorOf(second).config.setup === 'customized',
        "the second studio never showed the first one's edit",
      );
      expect(part(second, 'sync-notice')?.textContent).to.match(/Updated from another tab/);

      const savedHere = oneEvent(second, 'idsync-draft-saved');
      choose(getByRole(row(editorOf(second), 1), 'combobox', 'Strategy'), 'all');
      const { revision } = (await savedHere).detail;

      expect(revision, "saved on top of the first studio's revision").to.equal(2);
      expect(part(second, 'storage-warning'), 'no conflict was reported').to.equal(null);
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

/** A studio for Braze without a draft key, so nothing is written to IndexedDB. */
async function plainStudio(): Promise<IdsyncStudio> {
  const el = await fixture<IdsyncStudio>(
    html`<idsync-studio .destination=${'braze'}></idsync-studio>`,
  );
  await el.ready;
  await editorOf(el).updateComplete;
  return el;
}

/** Lets the editor's change reach the studio and the studio re-render. */
async function settle(studio: IdsyncStudio): Promise<void> {
  await editorOf(studio).updateComplete;
  await studio.updateComplete;
}

function bodyField(studio: IdsyncStudio): HTMLTextAreaElement {
  return getByRole<HTMLTextAreaElement>(studio, 'textbox', 'Body (JSON)');
}

/** The body the core gives for what the editor shows now, as the studio should print it. */
function expectedBody(studio: IdsyncStudio, mode: 'create' | 'update'): string {
  return JSON.stringify(toPublicApi(editorOf(studio).config, { mode }).body, null, 2);
}

/** A real mouse click (a user gesture, which the clipboard asks for) in the middle of `el`. */
async function clickLikeAPerson(el: HTMLElement): Promise<void> {
  el.scrollIntoView({ block: 'center' });
  const box = el.getBoundingClientRect();
  await sendMouse({
    type: 'click',
    position: [Math.round(box.x + box.width / 2), Math.round(box.y + box.height / 2)],
  });
}

/** Waits until the copy attempt has said how it went, and returns which way it went. */
async function copyOutcome(studio: IdsyncStudio): Promise<'copied' | 'refused'> {
  const status = (): string => part(studio, 'public-api-status')?.textContent ?? '';
  await waitUntil(() => /Copied|did not allow/.test(status()), 'the copy never reported back');
  return /did not allow/.test(status()) ? 'refused' : 'copied';
}

/** Pastes the clipboard with the keyboard into a fresh text field and returns what arrived. */
async function pasteClipboard(): Promise<string> {
  const target = document.createElement('textarea');
  target.setAttribute('aria-label', 'Paste target');
  document.body.append(target);
  target.focus();

  await sendKeys({ down: 'Control' });
  await sendKeys({ press: 'v' });
  await sendKeys({ up: 'Control' });

  const pasted = target.value;
  target.remove();
  return pasted;
}

/** Asserts the outcome a copy reported: the exact body on the clipboard, or it selected. */
async function expectCopied(studio: IdsyncStudio, body: string): Promise<void> {
  const outcome = await copyOutcome(studio);

  if (outcome === 'copied') {
    expect(await pasteClipboard(), 'what a paste brings back').to.equal(body);
  } else {
    const field = bodyField(studio);
    expect(field.value).to.equal(body);
    expect(studio.shadowRoot!.activeElement, 'the body field has focus').to.equal(field);
    expect([field.selectionStart, field.selectionEnd], 'the whole body is selected').to.deep.equal([
      0,
      body.length,
    ]);
    expect(part(studio, 'public-api-status')!.textContent).to.match(/Ctrl\+C/);
  }
}

describe('<idsync-studio> Segment Public API section', () => {
  afterEach(async () => {
    await resetMouse();
  });

  it('is a labelled section with a Create / Update choice, Create first', async () => {
    const el = await plainStudio();

    const section = part(el, 'public-api')!;

    expect(section.getAttribute('aria-labelledby')).to.equal('api-title');
    expect(el.shadowRoot!.getElementById('api-title')!.textContent).to.equal('Segment Public API');
    expect(getByRole(el, 'group', 'Public API call')).to.exist;
    expect(getByRole<HTMLInputElement>(el, 'radio', /^Create/).checked).to.be.true;
    expect(getByRole<HTMLInputElement>(el, 'radio', /^Update/).checked).to.be.false;
  });

  describe('when the user switches the editor to Customized Setup', () => {
    it("puts the editor's rows in the body", async () => {
      const el = await plainStudio();
      expect(JSON.parse(bodyField(el).value), 'Default Setup on create').to.deep.equal({});

      switchToCustomized(el);
      await settle(el);

      const rows = editorOf(el).config.idSyncConfiguration;
      expect(rows.length, 'Braze starts Customized Setup with rows').to.be.greaterThan(0);
      expect(JSON.parse(bodyField(el).value)).to.deep.equal({
        idSyncConfiguration: rows.map(({ externalId, strategy, mapTo }) => ({
          externalId,
          strategy,
          mapTo,
        })),
      });
      expect(bodyField(el).value).to.equal(expectedBody(el, 'create'));
    });
  });

  describe('when Update is chosen with Default Setup', () => {
    it('shows the error finding in words and turns Copy and Download off, saying why', async () => {
      const el = await plainStudio();

      getByRole<HTMLInputElement>(el, 'radio', /^Update/).click();
      await el.updateComplete;

      const findings = part(el, 'public-api-findings')!.textContent!.replace(/\s+/g, ' ');
      expect(findings).to.match(/1 error, 1 warning/);
      expect(findings).to.match(/Error: This config uses Default Setup, but an update cannot/);
      expect(findings).to.match(/Warning: The Public API body does not carry Send Identify/);
      const copy = getByRole<HTMLButtonElement>(el, 'button', 'Copy as Public API body');
      const download = getByRole<HTMLButtonElement>(el, 'button', 'Download Public API body');
      expect(copy.disabled).to.be.true;
      expect(download.disabled).to.be.true;
      expect(descriptionOf(copy)).to.match(/Copy and Download are off: .*changes nothing/);
      await expect(el).to.be.accessible();
    });

    it('offers Copy again once the user switches to Create', async () => {
      const el = await plainStudio();
      getByRole<HTMLInputElement>(el, 'radio', /^Update/).click();
      await el.updateComplete;

      getByRole<HTMLInputElement>(el, 'radio', /^Create/).click();
      await el.updateComplete;

      expect(getByRole<HTMLButtonElement>(el, 'button', 'Copy as Public API body').disabled).to.be
        .false;
      expect(part(el, 'public-api-blocked')).to.equal(null);
      expect(part(el, 'public-api-findings')!.textContent).to.not.match(/Error:/);
    });
  });

  describe('when the user presses Copy as Public API body', () => {
    // Runs before any real click in this file: a click's user activation lasts a few seconds, and
    // without one Chromium refuses the clipboard, so this is the refused path in practice.
    it('from a script, ends with the body copied or selected for Ctrl+C with a notice', async () => {
      const el = await plainStudio();
      getByRole<HTMLInputElement>(el, 'radio', /^Update/).click();
      switchToCustomized(el);
      await settle(el);
      const body = expectedBody(el, 'update');

      getByRole(el, 'button', 'Copy as Public API body').click();

      await expectCopied(el, body);
      await expect(el).to.be.accessible();
    });
    it('puts exactly the body JSON on the clipboard, or selects it and says so', async () => {
      const el = await plainStudio();
      switchToCustomized(el);
      await settle(el);
      const body = expectedBody(el, 'create');

      await clickLikeAPerson(getByRole(el, 'button', 'Copy as Public API body'));

      await expectCopied(el, body);
    });
  });
});

describe('<idsync-studio> Whole audience file section', () => {
  it("hands <idsync-batch> the editor's current config, edits included", async () => {
    const el = await plainStudio();
    const batch = el.shadowRoot!.querySelector('idsync-batch')!;
    expect(batch.config).to.deep.equal(editorOf(el).config);

    switchToCustomized(el);
    await settle(el);
    getByRole<HTMLInputElement>(editorOf(el), 'checkbox', 'Send Identify').click();
    await settle(el);

    expect(batch.config?.setup).to.equal('customized');
    expect(batch.config?.connectionSettings.sendIdentify).to.equal(
      editorOf(el).config.connectionSettings.sendIdentify,
    );
    expect(batch.config).to.deep.equal(editorOf(el).config);
    expect(part(el, 'batch')!.contains(batch), 'inside the batch part').to.be.true;
    expect(el.shadowRoot!.getElementById('batch-title')!.textContent).to.equal(
      'Whole audience file',
    );
  });

  it('is axe-clean beside the Public API section, with findings shown', async () => {
    const el = await plainStudio();
    switchToCustomized(el);
    await settle(el);

    expect(part(el, 'batch')).to.exist;
    expect(part(el, 'public-api')).to.exist;
    await expect(el).to.be.accessible();
  });
});
