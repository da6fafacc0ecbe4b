/**
 * The single-file embed bundle in a host page whose policy is `script-src 'self'`: no eval, no
 * inline script. The test server (scripts/wtr-embedding-plugins.mjs) builds the bundle from the
 * current sources and serves the page with that header; the page records every
 * `securitypolicyviolation` from a script that runs before the bundle.
 */
import { expect, waitUntil } from '@open-wc/testing';

interface HostWindow extends Window {
  cspViolations: { directive: string; blocked: string; sample: string }[];
  tryEvalSoon(): Promise<string>;
  inlineRan?: boolean;
}

async function openHost(path: string): Promise<HostWindow> {
  const frame = document.createElement('iframe');
  frame.style.width = '1000px';
  frame.style.height = '800px';
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  frame.src = path;
  document.body.append(frame);
  await loaded;
  return frame.contentWindow as HostWindow;
}

describe('the embed bundle under a host CSP of script-src self', () => {
  after(() => document.querySelectorAll('iframe').forEach((f) => f.remove()));

  describe('when a page loads it with a script tag', () => {
    let host: HostWindow;

    before(async () => {
      host = await openHost('/__csp/studio.html');
      await waitUntil(
        () => host.customElements.get('idsync-studio') !== undefined,
        'the bundle never registered <idsync-studio>',
        { timeout: 8000 },
      );
    });

    it('registers every element (the lazy panels as their chunks arrive)', async () => {
      const tags = ['idsync-studio', 'idsync-editor', 'idsync-simulator', 'idsync-drafts'];

      const missing = (): string[] =>
        tags.filter((tag) => host.customElements.get(tag) === undefined);
      await waitUntil(() => missing().length === 0, `never registered: ${missing().join(', ')}`, {
        timeout: 8000,
      });

      expect(missing()).to.deep.equal([]);
    });

    it('renders the studio with its editor', async () => {
      const studio = host.document.querySelector('idsync-studio') as HTMLElement & {
        ready: Promise<void>;
      };

      await studio.ready;
      const setup = (): Element | null | undefined =>
        studio.shadowRoot
          ?.querySelector('idsync-editor')
          ?.shadowRoot?.querySelector('[role="radiogroup"]');
      await waitUntil(setup, 'the studio rendered no editor with a Setup choice', {
        timeout: 5000,
      });

      expect(setup()?.textContent).to.include('Customized Setup');
    });

    it('records no CSP violation while loading and rendering', () => {
      expect(host.cspViolations).to.deep.equal([]);
    });

    it('has a listener that does record a violation (eval is refused in this page)', async () => {
      const before = host.cspViolations.length;

      const outcome = await host.tryEvalSoon();

      expect(outcome).to.equal('EvalError');
      await waitUntil(() => host.cspViolations.length > before, 'eval was refused unreported');
      expect(host.cspViolations.length).to.equal(before + 1);
      expect(host.cspViolations.at(-1)?.directive).to.equal('script-src');
    });
  });

  describe('when the same policy meets an inline script (negative control)', () => {
    it('blocks the script and reports the violation', async () => {
      const host = await openHost('/__csp/inline.html');

      await waitUntil(() => host.cspViolations.length > 0, 'no violation was reported');

      expect(host.inlineRan).to.equal(undefined);
      expect(host.cspViolations[0].blocked).to.equal('inline');
    });
  });
});
