/**
 * idsync-studio/react: React components for the elements, made with `@lit/react`.
 *
 * React 19 can set properties on custom elements, but it only wires events whose names it can
 * spell as props; these wrappers give each element camelCase, typed callbacks
 * (`onIdsyncChange`, `onIdsyncFinalize`, `onIdsyncDraftSaved`) and pass every other prop to the
 * element as a property, so objects such as `config` or `audience` arrive intact.
 *
 * Importing this module registers every element (it imports `idsync-studio/define`), because a
 * wrapper rendered before its tag is defined would set properties on an upgrade-pending element.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import './define.js';
import {
  IdsyncDrafts as IdsyncDraftsElement,
  IdsyncEditor as IdsyncEditorElement,
  IdsyncSimulator as IdsyncSimulatorElement,
  IdsyncStudio as IdsyncStudioElement,
} from './index.js';
import type { IdsyncChangeEvent, IdsyncDraftSavedEvent, IdsyncFinalizeEvent } from './events.js';

const editorEvents = {
  onIdsyncChange: 'idsync-change' as EventName<IdsyncChangeEvent>,
  onIdsyncFinalize: 'idsync-finalize' as EventName<IdsyncFinalizeEvent>,
};

const studioEvents = {
  ...editorEvents,
  onIdsyncDraftSaved: 'idsync-draft-saved' as EventName<IdsyncDraftSavedEvent>,
};

/** `<idsync-studio>`: editor, simulator and drafts in one widget. */
export const IdsyncStudio = createComponent({
  react: React,
  tagName: 'idsync-studio',
  elementClass: IdsyncStudioElement,
  events: studioEvents,
  displayName: 'IdsyncStudio',
});

/** `<idsync-editor>`: Default / Customized Setup and the identifier rows. */
export const IdsyncEditor = createComponent({
  react: React,
  tagName: 'idsync-editor',
  elementClass: IdsyncEditorElement,
  events: editorEvents,
  displayName: 'IdsyncEditor',
});

/** `<idsync-simulator>`: sample profiles in, the sends under Default vs Customized out. */
export const IdsyncSimulator = createComponent({
  react: React,
  tagName: 'idsync-simulator',
  elementClass: IdsyncSimulatorElement,
  displayName: 'IdsyncSimulator',
});

/** `<idsync-drafts>`: the drafts of this browser and their history. */
export const IdsyncDrafts = createComponent({
  react: React,
  tagName: 'idsync-drafts',
  elementClass: IdsyncDraftsElement,
  displayName: 'IdsyncDrafts',
});

/** Props of each wrapper: the element's public properties plus its event callbacks. */
export type IdsyncStudioProps = React.ComponentProps<typeof IdsyncStudio>;
export type IdsyncEditorProps = React.ComponentProps<typeof IdsyncEditor>;
export type IdsyncSimulatorProps = React.ComponentProps<typeof IdsyncSimulator>;
export type IdsyncDraftsProps = React.ComponentProps<typeof IdsyncDrafts>;
