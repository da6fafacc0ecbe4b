/**
 * `idsync-studio/define`: registers every element of the package. Importing it twice, or next to
 * a host that already registered a tag, is harmless: a tag already defined is left alone.
 */
import { IdsyncBatch } from './components/idsync-batch/idsync-batch.js';
import { IdsyncDrafts } from './components/idsync-drafts/idsync-drafts.js';
import { IdsyncEditor } from './components/idsync-editor/idsync-editor.js';
import { IdsyncSimulator } from './components/idsync-simulator/idsync-simulator.js';
import { IdsyncStudio } from './components/idsync-studio/idsync-studio.js';

const ELEMENTS = {
  'idsync-editor': IdsyncEditor,
  'idsync-studio': IdsyncStudio,
  'idsync-simulator': IdsyncSimulator,
  'idsync-drafts': IdsyncDrafts,
  'idsync-batch': IdsyncBatch,
} as const;

for (const [tag, element] of Object.entries(ELEMENTS)) {
  if (!customElements.get(tag)) customElements.define(tag, element);
}

declare global {
  interface HTMLElementTagNameMap {
    'idsync-editor': IdsyncEditor;
    'idsync-studio': IdsyncStudio;
    'idsync-simulator': IdsyncSimulator;
    'idsync-drafts': IdsyncDrafts;
    'idsync-batch': IdsyncBatch;
  }
}
