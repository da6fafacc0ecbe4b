/**
 * The side panel page: registers the panel (which registers the studio it hosts). Extension pages
 * run under `script-src 'self'`, so everything arrives as module files; nothing is inline.
 */
import { IdsyncQaPanel } from './qa-panel.js';

customElements.define('idsync-qa-panel', IdsyncQaPanel);

declare global {
  interface HTMLElementTagNameMap {
    'idsync-qa-panel': IdsyncQaPanel;
  }
}
