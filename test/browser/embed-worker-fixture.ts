/**
 * Runs in a module Web Worker (no DOM, no customElements): imports the core and reports what it
 * did with it.
 */
const scope = self as unknown as { postMessage(m: unknown): void; onmessage: unknown };

scope.onmessage = async (_event: MessageEvent) => {
  try {
    const core = await import('../../src/core/index.js');
    const parsed = core.parseConfig({
      version: 1,
      destination: 'braze',
      setup: 'customized',
      idSyncConfiguration: [{ externalId: 'email', strategy: 'last', mapTo: 'email' }],
      connectionSettings: {
        sendIdentify: true,
        sendTrack: false,
        sendMobileIds: false,
        includeAnonymousUsers: false,
      },
    });
    const errors = parsed.ok
      ? core.lintConfig(parsed.config).filter((f) => f.severity === 'error')
      : [];
    scope.postMessage({ ok: parsed.ok, errors, destinations: core.destinations.map((d) => d.id) });
  } catch (error) {
    scope.postMessage({ ok: false, error: String(error) });
  }
};
