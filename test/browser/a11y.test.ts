/**
 * axe on every element in each state a person meets, and a keyboard-only pass through the studio:
 * add, edit and remove a row and save, with focus visible and going where the user expects.
 */
import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { openDraftStore } from '../../src/storage/index.js';
import type {
  IdsyncDrafts,
  IdsyncEditor,
  IdsyncSimulator,
  IdsyncStudio,
  IdSyncConfig,
} from '../../src/index.js';

const connection = {
  sendIdentify: true,
  sendTrack: false,
  sendMobileIds: false,
  includeAnonymousUsers: false,
};

const CUSTOMIZED: IdSyncConfig = {
  version: 1,
  destination: 'braze',
  setup: 'customized',
  idSyncConfiguration: [
    { externalId: 'email', strategy: 'last', mapTo: 'email' },
    { externalId: 'user_id', strategy: 'first', mapTo: 'user_id' },
  ],
  connectionSettings: connection,
};

// Four rows on `all`: loads, and shows its error once the user presses Save.
const FOUR_ALL: IdSyncConfig = {
  ...CUSTOMIZED,
  idSyncConfiguration: ['email', 'user_id', 'phone', 'anonymous_id'].map((id) => ({
    externalId: id,
    strategy: 'all' as const,
    mapTo: id,
  })),
};

/** The focused element, looking through open shadow roots. */
function deepActiveElement(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** "role: name" of the focused control, the way a screen reader would announce it. */
function focused(): string {
  const el = deepActiveElement();
  if (!el) return 'nothing';
  const labelled = el as HTMLInputElement;
  const name =
    el.getAttribute('aria-label') ??
    labelled.labels?.[0]?.textContent ??
    (el instanceof HTMLButtonElement ? el.textContent : '') ??
    '';
  const role =
    el instanceof HTMLInputElement && el.type === 'radio'
      ? 'radio'
      : el instanceof HTMLSelectElement
        ? 'combobox'
        : el instanceof HTMLInputElement
          ? 'textbox'
          : el.localName;
  return `${role}: ${name.replace(/\s+/g, ' ').trim()}`;
}

/** The "Identifier N" group the focused control belongs to, if any. */
function focusedRow(): string | undefined {
  const group = deepActiveElement()?.closest('[role="group"]');
  const id = group?.getAttribute('aria-labelledby');
  return id ? (group?.getRootNode() as ShadowRoot).getElementById(id)?.textContent?.trim() : '';
}

function expectFocusVisible(): void {
  const el = deepActiveElement();

  expect(el?.matches(':focus-visible'), `${focused()} matches :focus-visible`).to.equal(true);
  const style = getComputedStyle(el!);
  const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  expect(ring || style.boxShadow !== 'none', `${focused()} shows a focus ring`).to.equal(true);
}

/** Tabs forward until `target` has focus, returning what was focused on the way. */
async function tabTo(target: string, limit = 40): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < limit && focused() !== target; i++) {
    await sendKeys({ press: 'Tab' });
    seen.push(focused());
  }
  expect(focused(), `Tab reached ${target} (passed ${seen.join(', ')})`).to.equal(target);
  return seen;
}

function editorOf(studio: IdsyncStudio): IdsyncEditor {
  return studio.shadowRoot!.querySelector('idsync-editor')!;
}

describe('accessibility (axe)', () => {
  describe('<idsync-editor>', () => {
    it('passes in Default Setup', async () => {
      const el = await fixture<IdsyncEditor>(
        html`<idsync-editor .destination=${'braze'}></idsync-editor>`,
      );

      await expect(el).to.be.accessible();
    });

    it('passes in Customized Setup with rows', async () => {
      const el = await fixture<IdsyncEditor>(
        html`<idsync-editor .destination=${'braze'} .config=${CUSTOMIZED}></idsync-editor>`,
      );

      expect(el.shadowRoot!.querySelectorAll('[role="group"]')).to.have.length(2);
      await expect(el).to.be.accessible();
    });

    it('passes with errors shown after Save', async () => {
      const el = await fixture<IdsyncEditor>(
        html`<idsync-editor .destination=${'braze'} .config=${FOUR_ALL}></idsync-editor>`,
      );

      el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="save"]')!.click();
      await el.updateComplete;

      expect(el.shadowRoot!.querySelector('[aria-invalid="true"]'), 'an error is shown').to.exist;
      await expect(el).to.be.accessible();
    });

    it('passes when readonly', async () => {
      const el = await fixture<IdsyncEditor>(
        html`<idsync-editor
          readonly
          .destination=${'braze'}
          .config=${CUSTOMIZED}
        ></idsync-editor>`,
      );

      await expect(el).to.be.accessible();
    });
  });

  describe('<idsync-simulator>', () => {
    it('passes with results shown', async () => {
      const el = await fixture<IdsyncSimulator>(
        html`<idsync-simulator .destination=${'braze'} .config=${CUSTOMIZED}></idsync-simulator>`,
      );

      await el.simulationComplete;

      expect(el.simulation.status).to.equal('complete');
      await expect(el).to.be.accessible();
    });
  });

  describe('<idsync-drafts>', () => {
    const dbName = `a11y-drafts-${Math.random().toString(36).slice(2)}`;

    after(() => indexedDB.deleteDatabase(dbName));

    it('passes with a draft and its history', async () => {
      const store = await openDraftStore({ dbName });
      await store.save('vip:braze', { ...CUSTOMIZED, setup: 'default', idSyncConfiguration: [] });
      await store.save('vip:braze', CUSTOMIZED);

      const el = await fixture<IdsyncDrafts>(
        html`<idsync-drafts
          .store=${store}
          draft-key="vip:braze"
          destination="braze"
        ></idsync-drafts>`,
      );
      await el.refresh();
      await el.updateComplete;

      expect(el.shadowRoot!.querySelector('[part~="history"]')?.textContent).to.match(
        /Current: revision 2 of 2/,
      );
      await expect(el).to.be.accessible();
      store.close();
    });
  });

  describe('<idsync-studio>', () => {
    it('passes in its default state', async () => {
      const el = await fixture<IdsyncStudio>(
        html`<idsync-studio destination="braze"></idsync-studio>`,
      );

      await el.ready;

      await expect(el).to.be.accessible();
    });

    it('passes when readonly', async () => {
      const el = await fixture<IdsyncStudio>(
        html`<idsync-studio readonly destination="braze" .config=${CUSTOMIZED}></idsync-studio>`,
      );

      await el.ready;

      await expect(el).to.be.accessible();
    });
  });
});

describe('<idsync-studio> with the keyboard only', () => {
  it('adds, edits and removes a row and saves, with focus visible and in a sensible place', async function () {
    // Dozens of real key presses and re-renders: under load this one flow outlasts the default.
    this.timeout(30000);

    const wrapper = await fixture<HTMLDivElement>(html`
      <div>
        <button>Before the studio</button>
        <idsync-studio destination="braze"></idsync-studio>
      </div>
    `);
    const studio = wrapper.querySelector('idsync-studio')!;
    await studio.ready;
    wrapper.querySelector('button')!.focus();

    // Into the studio: the Setup choice comes first, and arrows move within it.
    await tabTo('radio: Default Setup');
    expectFocusVisible();
    await sendKeys({ press: 'ArrowDown' });
    await editorOf(studio).updateComplete;
    expect(focused()).to.equal('radio: Customized Setup');
    expect(editorOf(studio).config.setup).to.equal('customized');
    const startRows = editorOf(studio).config.idSyncConfiguration.length;

    // Tab walks the first row in reading order.
    await sendKeys({ press: 'Tab' });
    expect([focused(), focusedRow()]).to.deep.equal([
      'combobox: Segment identifier',
      'Identifier 1',
    ]);
    expectFocusVisible();
    const row1: string[] = [];
    for (let i = 0; i < 3; i++) {
      await sendKeys({ press: 'Tab' });
      row1.push(focused());
    }
    expect(row1[0]).to.match(/^(combobox|textbox): Destination identifier$/);
    expect(row1.slice(1)).to.deep.equal(['combobox: Strategy', 'button: Remove identifier']);

    // Edit: the strategy of row 1, with the arrow keys.
    await sendKeys({ down: 'Shift' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ up: 'Shift' });
    expect(focused()).to.equal('combobox: Strategy');
    const before = editorOf(studio).config.idSyncConfiguration[0].strategy;
    const changed = oneEvent(studio, 'idsync-change');
    await sendKeys({ press: before === 'all' ? 'ArrowUp' : 'ArrowDown' });
    expect((await changed).detail.config.idSyncConfiguration[0].strategy).to.not.equal(before);

    // Add: focus lands on the new row's first control.
    await tabTo('button: Add identifier');
    expectFocusVisible();
    await sendKeys({ press: 'Enter' });
    await editorOf(studio).updateComplete;
    expect(editorOf(studio).config.idSyncConfiguration).to.have.length(startRows + 1);
    expect([focused(), focusedRow()]).to.deep.equal([
      'combobox: Segment identifier',
      `Identifier ${startRows + 1}`,
    ]);
    expectFocusVisible();

    // Remove the new row with Space: focus goes to the row before it, not to the page top.
    await tabTo('button: Remove identifier');
    expect(focusedRow()).to.equal(`Identifier ${startRows + 1}`);
    await sendKeys({ press: 'Space' });
    await editorOf(studio).updateComplete;
    expect(editorOf(studio).config.idSyncConfiguration).to.have.length(startRows);
    expect([focused(), focusedRow()]).to.deep.equal([
      'combobox: Segment identifier',
      `Identifier ${startRows}`,
    ]);

    // Save with Enter: the host receives the edited config.
    await tabTo('button: Save');
    expectFocusVisible();
    const finalized = oneEvent(studio, 'idsync-finalize');
    await sendKeys({ press: 'Enter' });
    const { config } = (await finalized).detail;
    expect(config.setup).to.equal('customized');
    expect(config.idSyncConfiguration[0].strategy).to.not.equal(before);
    await waitUntil(() => focused() !== 'nothing', 'focus was lost after Save');
  });
});
