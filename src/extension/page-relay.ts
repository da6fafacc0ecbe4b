/**
 * The page-world half of the inspector, injected with `chrome.scripting.executeScript({ world:
 * 'MAIN', func: pageRelay, args })`.
 *
 * Why a page-world part at all: a content script runs in an isolated world, and a page's
 * `CustomEvent.detail` is not reliably readable from there (browsers give `null`, or a copy only
 * when the value happens to be cloneable). Here, in the page's own world, the detail is the real
 * object; the relay copies just the contract's fields and re-posts them to the window, where the
 * isolated content script receives a structured clone and validates it.
 *
 * `executeScript` serialises this function's source, so it must stay self-contained: no imports,
 * no outer variables, only its arguments.
 */
export function pageRelay(channel: string, fields: Record<string, readonly string[]>): void {
  const registry = window as unknown as Record<symbol, AbortController | undefined>;
  const slot = Symbol.for('idsync-studio.inspector.page-relay');

  // A second "Inspect this tab" replaces the first session instead of doubling every post.
  registry[slot]?.abort();
  const session = new AbortController();
  registry[slot] = session;

  for (const [type, names] of Object.entries(fields)) {
    const relay = (event: Event): void => {
      const detail: unknown = (event as CustomEvent<unknown>).detail;
      const picked: Record<string, unknown> = {};
      if (detail !== null && typeof detail === 'object') {
        for (const name of names) if (name in detail) picked[name] = Reflect.get(detail, name);
      }

      const time = Date.now();
      try {
        window.postMessage({ channel, time, event: { type, detail: picked } }, '/');
      } catch {
        // A detail that cannot be cloned still reaches the content script, to be counted as
        // rejected there instead of vanishing.
        window.postMessage({ channel, time, event: { type, detail: 'not cloneable' } }, '/');
      }
    };
    // Capture on window: the events are composed and bubble, so this sees each one first, even
    // when a host stops its propagation further down.
    window.addEventListener(type, relay, { capture: true, signal: session.signal });
  }
}
