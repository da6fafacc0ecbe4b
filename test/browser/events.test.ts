import { expect } from '@open-wc/testing';
import { createConfig } from '../../src/core/parse-config.js';
import type { Finding } from '../../src/core/types.js';
import * as root from '../../src/index.js';
import { IdsyncChangeEvent, IdsyncDraftSavedEvent, IdsyncFinalizeEvent } from '../../src/events.js';

const config = createConfig('braze');
const finding: Finding = {
  severity: 'warning',
  code: 'customized-without-rows',
  message: 'No rows.',
  path: ['idSyncConfiguration'],
};

describe('the idsync events', () => {
  const cases = [
    { name: 'idsync-change', make: () => new IdsyncChangeEvent({ config, findings: [finding] }) },
    { name: 'idsync-finalize', make: () => new IdsyncFinalizeEvent({ config }) },
    {
      name: 'idsync-draft-saved',
      make: () => new IdsyncDraftSavedEvent({ draftKey: 'vip:braze', revision: 3 }),
    },
  ];

  for (const { name, make } of cases) {
    it(`${name} bubbles, crosses shadow roots and is a CustomEvent`, () => {
      const event = make();

      expect(event.type, 'type').to.equal(name);
      expect(event.bubbles, 'bubbles').to.be.true;
      expect(event.composed, 'composed').to.be.true;
      expect(event, 'class').to.be.instanceOf(CustomEvent);
    });
  }

  it('idsync-change carries the config and its findings', () => {
    const event = new IdsyncChangeEvent({ config, findings: [finding] });

    expect(event.detail).to.deep.equal({ config, findings: [finding] });
  });

  it('idsync-finalize carries the config and nothing else, whatever it is given', () => {
    const detail = { config, identities: [{ type: 'email', id: 'a@x.com' }] };

    const event = new IdsyncFinalizeEvent(detail as unknown as { config: typeof config });

    expect(Object.keys(event.detail)).to.deep.equal(['config']);
    expect(JSON.stringify(event.detail)).not.to.contain('a@x.com');
  });

  it('idsync-draft-saved carries the draft key and the revision number', () => {
    const event = new IdsyncDraftSavedEvent({ draftKey: 'vip:braze', revision: 3 });

    expect(event.detail).to.deep.equal({ draftKey: 'vip:braze', revision: 3 });
  });

  it('reaches a listener on a shadow host from inside its shadow root', () => {
    const host = document.createElement('div');
    const inner = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('span'));
    document.body.append(host);
    const heard: string[] = [];
    host.addEventListener('idsync-finalize', (e) => heard.push(e.detail.config.destination));

    inner.dispatchEvent(new IdsyncFinalizeEvent({ config }));
    host.remove();

    expect(heard).to.deep.equal(['braze']);
  });

  it('are exported from the package root, whose import registers no element', () => {
    expect(root.IdsyncChangeEvent).to.equal(IdsyncChangeEvent);
    expect(root.IdsyncFinalizeEvent).to.equal(IdsyncFinalizeEvent);
    expect(root.IdsyncDraftSavedEvent).to.equal(IdsyncDraftSavedEvent);
    expect(typeof root.IdsyncStudio, 'the element classes are there').to.equal('function');
    for (const tag of ['idsync-editor', 'idsync-studio', 'idsync-simulator', 'idsync-drafts']) {
      expect(customElements.get(tag), tag).to.be.undefined;
    }
  });
});
