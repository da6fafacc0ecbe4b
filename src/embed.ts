/**
 * The embed bundle a host loads with `<script type="module" src=".../idsync-studio.js">`.
 *
 * What the first render needs (the studio, its editor, the config rules and the draft store) is in
 * this file; the simulator, the drafts panel and the batch panel are chunks beside it, fetched at
 * once but without holding up the editor. Each element upgrades in place when its chunk arrives,
 * so a host can use every tag immediately; `defined` resolves when all of them are registered.
 */
import { IdsyncEditor } from './components/idsync-editor/idsync-editor.js';
import { IdsyncStudio } from './components/idsync-studio/idsync-studio.js';

function register(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

register('idsync-editor', IdsyncEditor);
register('idsync-studio', IdsyncStudio);

/** Resolves when every element of the package is registered (the lazy ones included). */
export const defined: Promise<void> = Promise.all([
  import('./components/idsync-simulator/idsync-simulator.js').then((m) =>
    register('idsync-simulator', m.IdsyncSimulator),
  ),
  import('./components/idsync-drafts/idsync-drafts.js').then((m) =>
    register('idsync-drafts', m.IdsyncDrafts),
  ),
  import('./components/idsync-batch/idsync-batch.js').then((m) =>
    register('idsync-batch', m.IdsyncBatch),
  ),
]).then(() => undefined);

/** The pure core (parseConfig, lintConfig, simulate, toPublicApi…), loaded on demand. */
export const loadCore = (): Promise<typeof import('./core/index.js')> => import('./core/index.js');

export { IdsyncEditor, IdsyncStudio };
export { IdsyncChangeEvent, IdsyncDraftSavedEvent, IdsyncFinalizeEvent } from './events.js';
