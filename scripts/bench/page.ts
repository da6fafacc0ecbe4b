/**
 * The browser half of `npm run bench`: the worker batch of 100k profiles with the longest
 * main-thread task seen meanwhile, and the IndexedDB autosave median, each with its floor.
 */
import { openDB } from 'idb';

import { openDraftStore } from '../../src/storage/store.js';
import { BatchClient } from '../../src/worker/batch-client.js';
import { BENCH_CONFIG, generateProfiles } from './corpus.mjs';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function batch(): Promise<Record<string, number>> {
  const profiles = generateProfiles(100_000) as unknown[];
  const lines = profiles.map((p) => JSON.stringify(p));
  const file = new File([lines.join('\n') + '\n'], 'bench.jsonl');
  const whole = `[${lines.join(',')}]`;

  let t = performance.now();
  JSON.parse(whole);
  const parseMs = performance.now() - t;

  // Preparing the corpus is one long task of its own; end it before observing the batch.
  await new Promise((resolve) => setTimeout(resolve, 50));

  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longest = Math.max(longest, entry.duration);
  });
  observer.observe({ type: 'longtask', buffered: false });

  const client = new BatchClient();
  t = performance.now();
  const result = await client.run(file, { config: BENCH_CONFIG as never });
  const batchMs = performance.now() - t;
  // Long-task entries are delivered asynchronously: let the observer catch up before reading.
  await new Promise((resolve) => setTimeout(resolve, 100));
  observer.disconnect();
  client.dispose();

  return {
    parseMs,
    batchMs,
    longestTaskMs: longest,
    profiles: result.summary.profiles,
    bytes: file.size,
  };
}

async function autosave(): Promise<Record<string, number>> {
  const name = `bench-${Math.random().toString(36).slice(2)}`;
  const store = await openDraftStore({ dbName: name });
  const saves: number[] = [];
  for (let i = 0; i < 41; i++) {
    const config = {
      ...BENCH_CONFIG,
      idSyncConfiguration: BENCH_CONFIG.idSyncConfiguration.slice(0, 1 + (i % 3)),
    };
    const t = performance.now();
    await store.save('audience-1:braze', config as never);
    saves.push(performance.now() - t);
  }
  store.close();

  const raw = await openDB(`${name}-raw`, 1, {
    upgrade(db) {
      db.createObjectStore('kv');
    },
  });
  const puts: number[] = [];
  for (let i = 0; i < 41; i++) {
    const t = performance.now();
    await raw.put('kv', { config: BENCH_CONFIG, i }, i);
    puts.push(performance.now() - t);
  }
  raw.close();
  return { saveMedianMs: median(saves), putMedianMs: median(puts) };
}

(window as unknown as { benchResult: Promise<unknown> }).benchResult = (async () => ({
  batch: await batch(),
  autosave: await autosave(),
}))();
