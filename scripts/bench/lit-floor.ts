/** The smallest useful Lit element: the size floor the embed bundle is compared with. */
import { LitElement, html, type TemplateResult } from 'lit';

export class BenchFloor extends LitElement {
  override render(): TemplateResult {
    return html`<p>floor</p>`;
  }
}

customElements.define('bench-floor', BenchFloor);
