/**
 * The event `<idsync-drafts>` fires. It lives beside the store because only the studio, which
 * embeds the panel in its own shadow root, listens for it.
 */
import type { IdSyncConfig } from '../core/types.js';

export interface IdsyncDraftOpenDetail {
  draftKey: string;
  config: IdSyncConfig;
  /** The revision now current for that draft. */
  revision: number;
}

/**
 * The user opened a draft, or moved the current one to another revision (restore, undo, redo,
 * conflict resolution). Bubbles but is not composed: it is for the element that embeds the panel.
 */
export class IdsyncDraftOpenEvent extends CustomEvent<IdsyncDraftOpenDetail> {
  static readonly eventName = 'idsync-draft-open';

  constructor(detail: IdsyncDraftOpenDetail) {
    super(IdsyncDraftOpenEvent.eventName, {
      detail: { draftKey: detail.draftKey, config: detail.config, revision: detail.revision },
      bubbles: true,
    });
  }
}

declare global {
  interface HTMLElementEventMap {
    'idsync-draft-open': IdsyncDraftOpenEvent;
  }
}
