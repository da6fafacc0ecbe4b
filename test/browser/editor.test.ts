import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { a11ySnapshot, findAccessibilityNode, sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { IdsyncEditor } from '../../src/components/idsync-editor/idsync-editor.js';
import { createConfig, serializeConfig } from '../../src/core/parse-config.js';
import type { IdSyncConfig } from '../../src/core/types.js';
import type { IdsyncChangeEvent, IdsyncFinalizeEvent } from '../../src/events.js';
import {
  allByRole,
  choose,
  deepActiveElement,
  descriptionOf,
  getByRole,
  nameOf,
  row,
  type,
} from './editor.helpers.js';

function customized(
  rows: IdSyncConfig['idSyncConfiguration'],
  destination = 'braze',
): IdSyncConfig {
  return createConfig(destination, { setup: 'customized', idSyncConfiguration: rows });
}

const THREE_ALL_AND_ONE_LAST = customized([
  { externalId: 'user_id', strategy: 'all', mapTo: 'user_id' },
  { externalId: 'email', strategy: 'all', mapTo: 'email' },
  { externalId: 'anonymous_id', strategy: 'all', mapTo: 'anonymous_id' },
  { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
]);

/** Counts the events of one type an element fires. */
function record<K extends 'idsync-change' | 'idsync-finalize'>(el: HTMLElement, type: K) {
  const events: HTMLElementEventMap[K][] = [];
  el.addEventListener(type, (e) => events.push(e));
  return events;
}

async function editorFor(config?: IdSyncConfig, destination = 'braze'): Promise<IdsyncEditor> {
  return fixture<IdsyncEditor>(
    html`<idsync-editor .destination=${destination} .config=${config}></idsync-editor>`,
  );
}

const forms: HTMLFormElement[] = [];

/**
 * An editor named "idsync" inside a form. Built by hand rather than with `fixture`, which waits
 * for an animation frame on a non-Lit root, and frames do not come while the test page is hidden.
 */
async function inForm(config: IdSyncConfig): Promise<{ form: HTMLFormElement; el: IdsyncEditor }> {
  const form = document.createElement('form');
  const el = document.createElement('idsync-editor');
  el.name = 'idsync';
  el.destination = 'braze';
  el.config = config;
  form.append(el);
  document.body.append(form);
  forms.push(form);
  await el.updateComplete;
  return { form, el };
}

afterEach(() => forms.splice(0).forEach((form) => form.remove()));

/** Presses Tab until the focused control has this name (a keyboard user looking for it). */
async function tabTo(role: string, name: string): Promise<HTMLElement> {
  for (let i = 0; i < 40; i++) {
    await sendKeys({ press: 'Tab' });
    const active = deepActiveElement();
    if (
      active &&
      nameOf(active) === name &&
      allByRole(document.body, role).includes(active as HTMLElement)
    ) {
      return active as HTMLElement;
    }
  }
  throw new Error(`Tab never reached the ${role} "${name}"`);
}

describe('<idsync-editor>', () => {
  describe('when the user switches to Customized Setup', () => {
    it("starts from the destination's default rows and reports the change", async () => {
      const el = await editorFor(undefined, 'facebook-custom-audiences-actions');
      const customizedRadio = getByRole<HTMLInputElement>(el, 'radio', 'Customized Setup');

      setTimeout(() => customizedRadio.click());
      const event = (await oneEvent(el, 'idsync-change')) as IdsyncChangeEvent;
      await el.updateComplete;

      expect(event.detail.config.setup).to.equal('customized');
      expect(event.detail.config.idSyncConfiguration).to.deep.equal([
        { externalId: 'user_id', strategy: 'last', mapTo: 'EXTERN_ID' },
        { externalId: 'email', strategy: 'last', mapTo: 'EMAIL' },
      ]);
      expect(event.detail.findings, 'findings come with the change').to.be.an('array');
      const second = row(el, 2);
      expect(getByRole<HTMLSelectElement>(second, 'combobox', 'Segment identifier').value).to.equal(
        'email',
      );
      expect(
        getByRole<HTMLSelectElement>(second, 'combobox', 'Destination identifier').value,
      ).to.equal('EMAIL');
      expect(getByRole<HTMLSelectElement>(second, 'combobox', 'Strategy').value).to.equal('last');
    });

    it('offers a dropdown of keys where the destination takes no free text', async () => {
      const el = await editorFor(
        customized(
          [{ externalId: 'email', strategy: 'last', mapTo: 'EMAIL' }],
          'facebook-custom-audiences',
        ),
        'facebook-custom-audiences',
      );

      const key = getByRole<HTMLSelectElement>(row(el, 1), 'combobox', 'Destination identifier');

      expect(key.localName).to.equal('select');
      expect([...key.options].map((o) => o.value)).to.include.members(['EMAIL', 'MADID', 'PHONE']);
    });

    it('offers a text field with suggestions where the destination takes free text', async () => {
      const el = await editorFor(
        customized([{ externalId: 'email', strategy: 'last', mapTo: 'email' }]),
      );

      const key = getByRole<HTMLInputElement>(row(el, 1), 'combobox', 'Destination identifier');

      expect(key.localName).to.equal('input');
      expect([...key.list!.options].map((o) => o.value)).to.include.members(['braze_id', 'email']);
    });
  });

  describe('when the user adds and edits identifiers', () => {
    it('adds the first identifier not yet used, with its destination key and Last added', async () => {
      const el = await editorFor(
        customized([
          { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
          { externalId: 'email', strategy: 'last', mapTo: 'email' },
        ]),
      );
      const changes = record(el, 'idsync-change');

      getByRole(el, 'button', 'Add identifier').click();
      await el.updateComplete;

      expect(changes.at(-1)!.detail.config.idSyncConfiguration[2]).to.deep.equal({
        externalId: 'anonymous_id',
        strategy: 'last',
        mapTo: 'anonymous_id',
      });
      const third = row(el, 3);
      expect(deepActiveElement(), 'focus on the new row').to.equal(
        getByRole(third, 'combobox', 'Segment identifier'),
      );
    });

    it("picks a key the destination offers when the destination's keys are fixed", async () => {
      const el = await editorFor(
        customized(
          [{ externalId: 'email', strategy: 'last', mapTo: 'EMAIL' }],
          'facebook-custom-audiences',
        ),
        'facebook-custom-audiences',
      );
      const changes = record(el, 'idsync-change');

      getByRole(el, 'button', 'Add identifier').click();

      expect(changes[0].detail.config.idSyncConfiguration[1]).to.deep.equal({
        externalId: 'android.idfa',
        strategy: 'last',
        mapTo: 'MADID',
      });
    });

    it('fires idsync-change with the config and its lint findings on every edit', async () => {
      const el = await editorFor(
        customized([{ externalId: 'email', strategy: 'last', mapTo: 'email' }]),
      );
      const changes = record(el, 'idsync-change');

      type(getByRole(row(el, 1), 'combobox', 'Destination identifier'), 'Email');
      choose(getByRole(row(el, 1), 'combobox', 'Strategy'), 'first');
      getByRole<HTMLInputElement>(el, 'checkbox', 'Send Identify').click();

      expect(changes.map((c) => c.detail.config.idSyncConfiguration[0])).to.deep.equal([
        { externalId: 'email', strategy: 'last', mapTo: 'Email' },
        { externalId: 'email', strategy: 'first', mapTo: 'Email' },
        { externalId: 'email', strategy: 'first', mapTo: 'Email' },
      ]);
      expect(changes[2].detail.config.connectionSettings.sendIdentify).to.be.true;
    });

    it("brings the new identifier's usual key along when the key was the old one's default", async () => {
      const el = await editorFor(
        customized(
          [{ externalId: 'email', strategy: 'last', mapTo: 'EMAIL' }],
          'facebook-custom-audiences',
        ),
        'facebook-custom-audiences',
      );
      const changes = record(el, 'idsync-change');

      choose(getByRole(row(el, 1), 'combobox', 'Segment identifier'), 'ios.idfa');

      expect(changes[0].detail.config.idSyncConfiguration[0]).to.deep.equal({
        externalId: 'ios.idfa',
        strategy: 'last',
        mapTo: 'MADID',
      });
    });

    it("changes the destination's own settings, such as the GARL matcher", async () => {
      const el = await editorFor(undefined, 'google-ads-remarketing-lists');
      const changes = record(el, 'idsync-change');

      choose(getByRole(el, 'combobox', 'Matcher'), 'mobile_id');

      expect(changes[0].detail.config.destinationSettings).to.deep.equal({ matcher: 'mobile_id' });
    });
  });

  describe('when a fourth identifier is set to All', () => {
    it('shows the error next to that row, marks its Strategy invalid and announces it', async () => {
      const el = await editorFor(THREE_ALL_AND_ONE_LAST);
      const strategy = getByRole<HTMLSelectElement>(row(el, 4), 'combobox', 'Strategy');
      expect(strategy.getAttribute('aria-invalid'), 'valid before the edit').to.equal('false');

      choose(strategy, 'all');
      await el.updateComplete;

      expect(strategy.getAttribute('aria-invalid')).to.equal('true');
      expect(descriptionOf(strategy)).to.match(/at most three identifiers on All/);
      expect(row(el, 4).textContent).to.match(/Error:\s*Identifier 4 \(phone\)/);
      expect(row(el, 3).textContent, 'the other rows stay quiet').not.to.match(/Error:/);
      const live = el.shadowRoot!.querySelector('[aria-live="polite"]')!;
      expect(live.textContent).to.match(/at most three identifiers on All/);
      // Chromium's own accessibility tree: split text nodes once gave the name "1error, …".
      getByRole(el, 'button', 'Save').click();
      await el.updateComplete;
      const tree = await a11ySnapshot({});
      const region = findAccessibilityNode<{ role: string; name: string }>(
        tree as never,
        (node) => node.role === 'region' && /error/.test(node.name),
      );
      expect(region?.name, 'the summary is named with its counts, spaced').to.match(
        /^1 error, \d+ warnings?$/,
      );
    });

    it('keeps the row on screen, and Save exports nothing and says why', async () => {
      const el = await editorFor(THREE_ALL_AND_ONE_LAST);
      const finalized = record(el, 'idsync-finalize');
      choose(getByRole(row(el, 4), 'combobox', 'Strategy'), 'all');
      await el.updateComplete;

      getByRole(el, 'button', 'Save').click();
      await el.updateComplete;
      await el.updateComplete;

      expect(finalized).to.have.length(0);
      expect(el.config.idSyncConfiguration[3].strategy, 'the row is kept as typed').to.equal('all');
      const status = el.shadowRoot!.querySelector('[part~="save-status"]')!;
      expect(status.textContent).to.match(/Not saved: 1 error needs fixing/);
      const summary = el.shadowRoot!.querySelector('[part~="findings"]')!;
      expect(deepActiveElement(), 'focus moves to the summary').to.equal(summary);
      expect(summary.textContent).to.match(/1 error/);
    });

    it('shows errors of a sixth row and of a key used twice next to their rows', async () => {
      const el = await editorFor(
        customized([
          { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
          { externalId: 'email', strategy: 'last', mapTo: 'email' },
          { externalId: 'anonymous_id', strategy: 'last', mapTo: 'anonymous_id' },
          { externalId: 'phone', strategy: 'last', mapTo: 'phone' },
          { externalId: 'ios.idfa', strategy: 'last', mapTo: 'ios_idfa' },
        ]),
      );

      getByRole(el, 'button', 'Add identifier').click();
      await el.updateComplete;
      type(getByRole(row(el, 6), 'combobox', 'Destination identifier'), 'email');
      await el.updateComplete;

      const sixth = getByRole<HTMLInputElement>(row(el, 6), 'combobox', 'Destination identifier');
      expect(descriptionOf(sixth)).to.match(/at most five identifiers/);
      expect(descriptionOf(sixth)).to.match(
        /sends to "email", which Identifier 2 \(email\) already/,
      );
      expect(sixth.getAttribute('aria-invalid')).to.equal('true');
    });
  });

  describe('when the user saves a config without errors', () => {
    it('fires idsync-finalize with exactly the config and nothing else', async () => {
      const el = await editorFor(
        customized([{ externalId: 'email', strategy: 'last', mapTo: 'email' }]),
      );
      choose(getByRole(row(el, 1), 'combobox', 'Strategy'), 'all');

      setTimeout(() => getByRole(el, 'button', 'Save').click());
      const event = (await oneEvent(el, 'idsync-finalize')) as IdsyncFinalizeEvent;

      expect(Object.keys(event.detail)).to.deep.equal(['config']);
      expect(event.detail.config).to.deep.equal({
        version: 1,
        destination: 'braze',
        setup: 'customized',
        idSyncConfiguration: [{ externalId: 'email', strategy: 'all', mapTo: 'email' }],
        connectionSettings: {
          sendIdentify: false,
          sendTrack: true,
          sendMobileIds: false,
          includeAnonymousUsers: false,
        },
      });
    });
  });

  describe('when the document is for another destination', () => {
    it('shows the mismatch as an error and Save exports nothing, even after an edit', async () => {
      const foreign = {
        ...customized([{ externalId: 'email', strategy: 'last', mapTo: 'EMAIL' }]),
        destination: 'facebook-custom-audiences',
      };
      const el = await editorFor(foreign, 'braze');
      const finalized = record(el, 'idsync-finalize');
      choose(getByRole(row(el, 1), 'combobox', 'Strategy'), 'all');

      getByRole(el, 'button', 'Save').click();
      await el.updateComplete;

      expect(finalized, 'no config was handed to the host').to.have.length(0);
      const mismatch = el.findings.filter((f) => f.code === 'destination-mismatch');
      expect(mismatch.map((f) => f.severity)).to.deep.equal(['error']);
      expect(el.shadowRoot!.textContent).to.include('this editor configures "braze"');
    });
  });

  describe('when a row key is the audience key', () => {
    it('shows the collision as an error next to the row after Save', async () => {
      const el = await fixture<IdsyncEditor>(html`
        <idsync-editor
          .destination=${'braze'}
          .audience=${{ key: 'vip', includeAnonymousUsers: false }}
          .config=${customized([{ externalId: 'phone', strategy: 'last', mapTo: 'vip' }])}
        ></idsync-editor>
      `);

      getByRole(el, 'button', 'Save').click();
      await el.updateComplete;

      expect(el.findings.map((f) => `${f.severity} ${f.code}`)).to.include('error key-reserved');
      expect(descriptionOf(getByRole(row(el, 1), 'combobox', 'Destination identifier'))).to.match(
        /vip/,
      );
    });
  });

  describe('when the host sets properties', () => {
    it('fires no idsync-change', async () => {
      const el = await editorFor();
      const changes = record(el, 'idsync-change');

      el.config = THREE_ALL_AND_ONE_LAST;
      await el.updateComplete;
      el.destination = 'snap-audiences';
      await el.updateComplete;
      el.audience = { key: 'vip', includeAnonymousUsers: true };
      el.identifiers = ['user_id', 'email', 'loyalty_id'];
      await el.updateComplete;

      expect(changes).to.have.length(0);
      expect(el.config.destination, 'a new destination gets its own document').to.equal(
        'snap-audiences',
      );
    });

    it('shows why a config of the wrong shape was refused, and still shows a working editor', async () => {
      const el = await editorFor({ version: 1, destination: 'braze', setup: 'sometimes' } as never);

      const notice = el.shadowRoot!.querySelector('[part~="notice"]')!;

      expect(notice.getAttribute('role')).to.equal('alert');
      expect(notice.textContent).to.match(/could not be loaded/);
      expect(notice.textContent).to.match(/setup/);
      expect(getByRole(el, 'radio', 'Default Setup')).to.exist;
      expect(el.checkValidity(), 'a refused config is not valid').to.be.false;
    });

    it("shows Include Anonymous Users as the audience's setting, read-only", async () => {
      const el = await fixture<IdsyncEditor>(
        html`<idsync-editor
          .destination=${'braze'}
          .audience=${{ key: 'vip', includeAnonymousUsers: true }}
        ></idsync-editor>`,
      );

      const checkbox = getByRole<HTMLInputElement>(el, 'checkbox', 'Include Anonymous Users');

      expect(checkbox.checked).to.be.true;
      expect(checkbox.disabled).to.be.true;
      expect(descriptionOf(checkbox)).to.match(/audience's own setting \(audience "vip"\)/);
      expect(el.config.connectionSettings.includeAnonymousUsers).to.be.true;
    });

    it('explains when Segment applies a change, that it is not retroactive and has no history', async () => {
      const el = await editorFor();

      const help = el.shadowRoot!.querySelector('[part~="help"]')!.textContent!;

      expect(help).to.match(/about five minutes/);
      expect(help).to.match(/not\s+retroactive/);
      expect(help).to.match(/no history/);
    });
  });

  describe('when used with the keyboard only', () => {
    it('switches setup, removes, edits and adds a row, and saves', async () => {
      const el = await editorFor();
      const finalized = record(el, 'idsync-finalize');

      await sendKeys({ press: 'Tab' });
      expect(nameOf(deepActiveElement()!)).to.equal('Default Setup');
      await sendKeys({ press: 'ArrowRight' });
      await el.updateComplete;
      expect(el.config.setup).to.equal('customized');

      const remove = await tabTo('button', 'Remove identifier');
      expect(remove.matches(':focus-visible'), 'focus is visible').to.be.true;
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      const first = getByRole<HTMLSelectElement>(row(el, 1), 'combobox', 'Segment identifier');
      expect(deepActiveElement(), 'focus moves to the row that took its place').to.equal(first);
      expect(first.value).to.equal('email');

      await sendKeys({ press: 'Tab' });
      await sendKeys({ press: 'Tab' });
      expect(deepActiveElement()).to.equal(getByRole(row(el, 1), 'combobox', 'Strategy'));
      await sendKeys({ press: 'ArrowDown' });
      await el.updateComplete;
      expect(el.config.idSyncConfiguration[0].strategy).to.equal('first');

      await tabTo('button', 'Add identifier');
      await sendKeys({ press: 'Enter' });
      await el.updateComplete;
      expect(deepActiveElement()).to.equal(getByRole(row(el, 2), 'combobox', 'Segment identifier'));

      await tabTo('button', 'Save');
      await sendKeys({ press: 'Enter' });

      expect(finalized).to.have.length(1);
      expect(finalized[0].detail.config.idSyncConfiguration).to.deep.equal([
        { externalId: 'email', strategy: 'first', mapTo: 'email' },
        { externalId: 'user_id', strategy: 'last', mapTo: 'user_id' },
      ]);
    });
  });

  describe('inside a form', () => {
    it('submits the saved document under its name', async () => {
      const config = customized([{ externalId: 'email', strategy: 'last', mapTo: 'email' }]);
      const { form, el } = await inForm(config);

      choose(getByRole(row(el, 1), 'combobox', 'Strategy'), 'first');
      await el.updateComplete;

      expect(new FormData(form).get('idsync')).to.equal(serializeConfig(el.config));
      expect(
        JSON.parse(new FormData(form).get('idsync') as string).idSyncConfiguration[0],
      ).to.deep.equal({
        externalId: 'email',
        strategy: 'first',
        mapTo: 'email',
      });
    });

    it('reports itself invalid with the first error message while a rule is broken', async () => {
      const { form, el } = await inForm(THREE_ALL_AND_ONE_LAST);
      expect(form.checkValidity(), 'valid to begin with').to.be.true;

      choose(getByRole(row(el, 4), 'combobox', 'Strategy'), 'all');
      await el.updateComplete;

      expect(form.checkValidity()).to.be.false;
      expect(el.validity.customError).to.be.true;
      expect(el.validationMessage).to.match(/at most three identifiers on All/);
    });

    it('goes back to the initial config on form reset', async () => {
      const { form, el } = await inForm(THREE_ALL_AND_ONE_LAST);
      choose(getByRole(row(el, 4), 'combobox', 'Strategy'), 'all');
      getByRole(row(el, 1), 'button', 'Remove identifier').click();
      await el.updateComplete;

      form.reset();
      await el.updateComplete;

      expect(el.config).to.deep.equal(THREE_ALL_AND_ONE_LAST);
      expect(allByRole(el, 'group', /^Identifier \d$/)).to.have.length(4);
      expect(el.shadowRoot!.textContent, 'no error shown after a reset').not.to.match(/Error:/);
      expect(new FormData(form).get('idsync')).to.equal(serializeConfig(THREE_ALL_AND_ONE_LAST));
    });

    it('restores the state the browser kept for the form', async () => {
      const el = await editorFor();
      const kept = customized([{ externalId: 'phone', strategy: 'first', mapTo: 'phone' }]);

      el.formStateRestoreCallback(serializeConfig(kept));
      await el.updateComplete;

      expect(el.config).to.deep.equal(kept);
      expect(
        getByRole<HTMLSelectElement>(row(el, 1), 'combobox', 'Segment identifier').value,
      ).to.equal('phone');
    });
  });

  describe('accessibility', () => {
    it('passes axe in Default Setup', async () => {
      const el = await editorFor(undefined, 'google-ads-remarketing-lists');

      await expect(el).to.be.accessible();
    });

    it('passes axe in Customized Setup with a free-text and a dropdown destination', async () => {
      const free = await editorFor(
        customized([{ externalId: 'email', strategy: 'last', mapTo: 'email' }]),
      );
      const fixed = await editorFor(
        customized(
          [{ externalId: 'email', strategy: 'last', mapTo: 'EMAIL' }],
          'facebook-custom-audiences',
        ),
        'facebook-custom-audiences',
      );

      await expect(free).to.be.accessible();
      await expect(fixed).to.be.accessible();
    });

    it('passes axe with errors shown', async () => {
      const el = await editorFor(THREE_ALL_AND_ONE_LAST);
      choose(getByRole(row(el, 4), 'combobox', 'Strategy'), 'all');
      getByRole(el, 'button', 'Save').click();
      await el.updateComplete;

      expect(el.shadowRoot!.textContent).to.match(/Error:/);
      await expect(el).to.be.accessible();
    });

    it('passes axe read-only, and offers no way to change anything', async () => {
      const el = await fixture<IdsyncEditor>(
        html`<idsync-editor
          readonly
          .destination=${'braze'}
          .config=${THREE_ALL_AND_ONE_LAST}
        ></idsync-editor>`,
      );

      expect(allByRole(el, 'button')).to.have.length(0);
      expect(allByRole<HTMLSelectElement>(el, 'combobox').every((c) => c.disabled)).to.be.true;
      await expect(el).to.be.accessible();
    });
  });
});
