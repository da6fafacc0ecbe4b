/**
 * `idsync-studio`: the element classes, the event classes and the pure core. Importing it
 * registers nothing and touches no DOM; `idsync-studio/define` registers the elements.
 */
export { IdsyncEditor, type AudienceSettings } from './components/idsync-editor/idsync-editor.js';
export { IdsyncStudio } from './components/idsync-studio/idsync-studio.js';
export { IdsyncSimulator } from './components/idsync-simulator/idsync-simulator.js';
export { IdsyncDrafts } from './components/idsync-drafts/idsync-drafts.js';
export {
  IdsyncChangeEvent,
  IdsyncFinalizeEvent,
  IdsyncDraftSavedEvent,
  type IdsyncChangeDetail,
  type IdsyncFinalizeDetail,
  type IdsyncDraftSavedDetail,
} from './events.js';
export { IdsyncDraftOpenEvent, type IdsyncDraftOpenDetail } from './storage/index.js';
export * from './core/index.js';
export * from './samples/index.js';
