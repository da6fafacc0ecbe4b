/**
 * The batch Web Worker: streams a `File` with `file.stream()`, simulates profile by profile and
 * posts progress after every chunk, so the page's main thread only ever renders counts. A
 * `cancel` message is honoured between chunks and between profiles.
 */
import {
  BatchSimulator,
  parseJsonDocument,
  profilesFromJson,
  runBatch,
  type BatchProgress,
} from '../core/batch/index.js';

import type { BatchRequest, BatchResponse, BatchStartMessage } from './protocol.js';

// The worker global; typed locally so the page's DOM lib types stay the project default.
const scope = self as unknown as {
  postMessage(message: BatchResponse): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<BatchRequest>) => void): void;
};

let cancelled = false;
let running = false;

scope.addEventListener('message', (event) => {
  const message = event.data;
  if (message.type === 'cancel') {
    cancelled = true;
    return;
  }
  if (running) {
    scope.postMessage({ type: 'error', message: 'A batch is already running in this worker.' });
    return;
  }
  running = true;
  cancelled = false;
  start(message).then(
    () => {
      running = false;
    },
    (error: unknown) => {
      running = false;
      scope.postMessage({
        type: 'error',
        message: `Could not read ${message.file.name}: ${error instanceof Error ? error.message : String(error)}`,
      });
    },
  );
});

/** Yields to the worker's event loop (a message-channel task: unlike setTimeout, never clamped),
 * so a `cancel` message gets delivered between chunks. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(undefined);
  });
}

async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

async function start(message: BatchStartMessage): Promise<void> {
  const { file } = message;

  if (message.format === undefined && /\.json$/i.test(file.name)) {
    // A .json file is one document, so it cannot be streamed line by line: it is read whole.
    const value = parseJsonDocument(await file.text());
    const read = profilesFromJson(value);
    const simulator = new BatchSimulator({
      config: message.config,
      ...(message.transition ? { transition: message.transition } : {}),
      ...(message.settings ? { settings: message.settings } : {}),
    });
    for (const bad of read.bad) simulator.addBadLine(bad);
    const progress: BatchProgress = {
      bytes: file.size,
      totalBytes: file.size,
      profiles: 0,
      sends: 0,
      badLines: read.bad.length,
    };
    for (const profile of read.profiles) {
      if (cancelled) break;
      const outcome = await simulator.add(profile);
      progress.profiles++;
      progress.sends += outcome.customized.events.length + outcome.customized.rows.length;
      if (progress.profiles % 500 === 0) {
        scope.postMessage({ type: 'progress', progress: { ...progress } });
        await nextTask();
      }
    }
    scope.postMessage({ type: 'progress', progress: { ...progress } });
    scope.postMessage({ type: 'done', format: 'json', cancelled, summary: simulator.summary() });
    return;
  }

  const run = await runBatch(chunksOf(file.stream()), {
    config: message.config,
    format: message.format ?? 'auto',
    totalBytes: file.size,
    ...(message.transition ? { transition: message.transition } : {}),
    ...(message.settings ? { settings: message.settings } : {}),
    ...(message.grouping ? { grouping: message.grouping } : {}),
    onProgress: (progress) => scope.postMessage({ type: 'progress', progress }),
    isCancelled: () => cancelled,
    pause: nextTask,
  });
  scope.postMessage({
    type: 'done',
    format: run.format,
    cancelled: run.cancelled,
    summary: run.summary,
  });
}
