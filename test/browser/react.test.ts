/**
 * The studio as a host mounts it, in React 19 through idsync-studio/react and in plain HTML:
 * host values reach the element as properties, and user actions reach the host as events.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import * as React from 'react';
import { flushSync } from 'react-dom';
import { createRoot, type Root } from 'react-dom/client';
import { IdsyncStudio as IdsyncStudioReact, type IdsyncStudioProps } from '../../src/react.js';
import type { IdsyncStudio } from '../../src/index.js';
import type {
  IdsyncChangeEvent,
  IdsyncDraftSavedEvent,
  IdsyncFinalizeEvent,
} from '../../src/events.js';
import type { IdSyncConfig } from '../../src/core/types.js';

const CONFIG: IdSyncConfig = {
  version: 1,
  destination: 'braze',
  setup: 'default',
  idSyncConfiguration: [],
  connectionSettings: {
    sendIdentify: true,
    sendTrack: false,
    sendMobileIds: false,
    includeAnonymousUsers: false,
  },
};

interface Received {
  change: IdsyncChangeEvent[];
  finalize: IdsyncFinalizeEvent[];
  draftSaved: IdsyncDraftSavedEvent[];
}

interface Mounted {
  studio: IdsyncStudio;
  /** Gives the host's new values to the element, the way this host does it. */
  update(props: Partial<Pick<IdsyncStudio, 'destination' | 'audience'>>): Promise<void>;
  received: Received;
  unmount(): void;
}

type Props = Pick<IdsyncStudioProps, 'destination' | 'config' | 'draftKey' | 'audience'>;

async function mountInReact(initial: Props): Promise<Mounted> {
  const received: Received = { change: [], finalize: [], draftSaved: [] };
  const container = document.createElement('div');
  document.body.append(container);
  const root: Root = createRoot(container);
  let props = initial;
  const render = (): void =>
    flushSync(() =>
      root.render(
        React.createElement(IdsyncStudioReact, {
          ...props,
          onIdsyncChange: (e) => received.change.push(e),
          onIdsyncFinalize: (e) => received.finalize.push(e),
          onIdsyncDraftSaved: (e) => received.draftSaved.push(e),
        }),
      ),
    );

  render();
  const studio = container.querySelector('idsync-studio') as IdsyncStudio;
  await studio.ready;

  return {
    studio,
    received,
    async update(next) {
      props = { ...props, ...next };
      render();
      await studio.ready;
    },
    unmount() {
      root.unmount();
      container.remove();
    },
  };
}

async function mountInHtml(initial: Props): Promise<Mounted> {
  const received: Received = { change: [], finalize: [], draftSaved: [] };
  const studio = await fixture<IdsyncStudio>(html`
    <idsync-studio
      destination=${initial.destination as string}
      draft-key=${initial.draftKey ?? ''}
      .config=${initial.config}
      .audience=${initial.audience}
      @idsync-change=${(e: IdsyncChangeEvent) => received.change.push(e)}
      @idsync-finalize=${(e: IdsyncFinalizeEvent) => received.finalize.push(e)}
      @idsync-draft-saved=${(e: IdsyncDraftSavedEvent) => received.draftSaved.push(e)}
    ></idsync-studio>
  `);
  await studio.ready;

  return {
    studio,
    received,
    async update(next) {
      Object.assign(studio, next);
      await studio.ready;
    },
    unmount: () => studio.remove(),
  };
}

function editorControl<T extends Element>(studio: IdsyncStudio, selector: string): T {
  const control = studio.shadowRoot
    ?.querySelector('idsync-editor')
    ?.shadowRoot?.querySelector<T>(selector);
  if (!control) throw new Error(`The studio's editor has no ${selector}`);
  return control;
}

for (const [host, mount] of [
  ['React 19 through idsync-studio/react', mountInReact],
  ['plain HTML', mountInHtml],
] as const) {
  describe(`<idsync-studio> in ${host}`, () => {
    let mounted: Mounted;
    const draftKey = `react-test:${host}:${Math.random().toString(36).slice(2)}`;

    beforeEach(async () => {
      mounted = await mount({
        destination: 'braze',
        config: CONFIG,
        draftKey,
        audience: { key: 'vip', includeAnonymousUsers: false },
      });
    });

    afterEach(async () => {
      await mounted.studio.store?.discard(draftKey);
      mounted.unmount();
    });

    it('receives objects as properties, not as stringified attributes', () => {
      const { studio } = mounted;

      expect(studio.destination).to.equal('braze');
      expect(studio.config).to.deep.equal(CONFIG);
      expect(studio.audience).to.deep.equal({ key: 'vip', includeAnonymousUsers: false });
      expect(studio.hasAttribute('config')).to.equal(false);
    });

    it('takes a new value from the host without firing idsync-change', async () => {
      await mounted.update({ audience: { key: 'vip', includeAnonymousUsers: true } });

      expect(mounted.studio.audience).to.deep.equal({ key: 'vip', includeAnonymousUsers: true });
      expect(mounted.received.change).to.have.length(0);
    });

    it('hands a user edit, the saved config and the draft revision to the host', async () => {
      const { studio, received } = mounted;

      editorControl<HTMLInputElement>(studio, 'input[name="setup"][value="customized"]').click();
      await waitUntil(() => received.change.length > 0, 'no idsync-change reached the host');
      editorControl<HTMLButtonElement>(studio, '[part~="save"]').click();
      await waitUntil(() => received.finalize.length > 0, 'no idsync-finalize reached the host');
      await waitUntil(
        () => received.draftSaved.length > 0,
        'no idsync-draft-saved reached the host',
        { timeout: 5000 },
      );

      expect(received.change[0].detail.config.setup).to.equal('customized');
      expect(received.change, 'each edit arrives once').to.have.length(1);
      expect(received.finalize).to.have.length(1);
      expect(received.finalize[0].detail.config).to.deep.include({
        destination: 'braze',
        setup: 'customized',
      });
      expect(Object.keys(received.finalize[0].detail)).to.deep.equal(['config']);
      expect(received.draftSaved[0].detail.draftKey).to.equal(draftKey);
    });
  });
}
