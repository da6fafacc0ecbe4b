/**
 * The pure core in a module Web Worker, where there is no DOM and no customElements.
 */
import { expect, oneEvent } from '@open-wc/testing';

async function runCoreInWorker(): Promise<Record<string, unknown>> {
  const worker = new Worker(new URL('./embed-worker-fixture.ts', import.meta.url), {
    type: 'module',
  });
  try {
    const reply = oneEvent(worker as unknown as EventTarget, 'message');
    worker.postMessage('run');
    return ((await reply) as unknown as MessageEvent<Record<string, unknown>>).data;
  } finally {
    worker.terminate();
  }
}

describe('idsync-studio/core in a Web Worker', () => {
  it('parses and lints a config there', async () => {
    const result = await runCoreInWorker();

    expect(result.ok).to.equal(true);
    expect(result.errors).to.deep.equal([]);
    expect(result.destinations).to.include.members(['braze', 'snap-audiences']);
  });
});
