/**
 * The public events of idsync-studio. Each event has its own class so a host gets a typed
 * `detail` from `addEventListener('idsync-change', (e) => e.detail.config)`.
 *
 * All three are facts a host page acts on, so they bubble and cross shadow roots (`composed`):
 * a listener on `<idsync-studio>` hears what its inner `<idsync-editor>` fired, exactly once.
 */
import type { Finding, IdSyncConfig } from './core/types.js';

export interface IdsyncChangeDetail {
  /** The config after the user's edit. */
  config: IdSyncConfig;
  /** Every lint finding of that config (errors included: an edit may break a rule on screen). */
  findings: Finding[];
}

export interface IdsyncFinalizeDetail {
  /** The config the user saved. It never carries a sample profile or any identity value. */
  config: IdSyncConfig;
}

export interface IdsyncDraftSavedDetail {
  draftKey: string;
  /** The revision number the draft store gave the saved state (1, 2, 3… per draft). */
  revision: number;
}

/** A user edit changed the config. Never fired because a host set a property. */
export class IdsyncChangeEvent extends CustomEvent<IdsyncChangeDetail> {
  static readonly eventName = 'idsync-change';

  constructor(detail: IdsyncChangeDetail) {
    super(IdsyncChangeEvent.eventName, { detail, bubbles: true, composed: true });
  }
}

/** The user pressed Save and the config has no error findings. */
export class IdsyncFinalizeEvent extends CustomEvent<IdsyncFinalizeDetail> {
  static readonly eventName = 'idsync-finalize';

  constructor(detail: IdsyncFinalizeDetail) {
    // Built from the config alone, so nothing else a caller passes can ride along to the host.
    super(IdsyncFinalizeEvent.eventName, {
      detail: { config: detail.config },
      bubbles: true,
      composed: true,
    });
  }
}

/** A draft revision reached IndexedDB. */
export class IdsyncDraftSavedEvent extends CustomEvent<IdsyncDraftSavedDetail> {
  static readonly eventName = 'idsync-draft-saved';

  constructor(detail: IdsyncDraftSavedDetail) {
    super(IdsyncDraftSavedEvent.eventName, {
      detail: { draftKey: detail.draftKey, revision: detail.revision },
      bubbles: true,
      composed: true,
    });
  }
}

declare global {
  interface HTMLElementEventMap {
    'idsync-change': IdsyncChangeEvent;
    'idsync-finalize': IdsyncFinalizeEvent;
    'idsync-draft-saved': IdsyncDraftSavedEvent;
  }
}
