/**
 * The side panel page: registers the studio's elements and the panel that hosts them. Extension
 * pages run under `script-src 'self'`, so everything arrives as module files; nothing is inline.
 */
import '../define.js';
import { IdsyncQaPanel } from './qa-panel.js';

customElements.define('idsync-qa-panel', IdsyncQaPanel);

declare global {
  interface HTMLElementTagNameMap {
    'idsync-qa-panel': IdsyncQaPanel;
  }
}
