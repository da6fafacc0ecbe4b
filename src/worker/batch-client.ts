/**
 * The page side of the batch worker: starts a run, reports progress, cancels, and settles with
 * the summary. One client runs one batch at a time; `dispose()` ends its worker.
 */
import type { BatchProgress } from '../core/batch/index.js';
import type { BatchDoneMessage, BatchResponse, BatchStartMessage } from './protocol.js';

export type BatchRunOptions = Omit<BatchStartMessage, 'type' | 'file'>;

export interface BatchResult {
  format: BatchDoneMessage['format'];
  cancelled: boolean;
  summary: BatchDoneMessage['summary'];
}

export class BatchClient {
  private worker: Worker | undefined;

  private pending: { resolve: (r: BatchResult) => void; reject: (e: Error) => void } | undefined;

  /** Streams `file` through the worker. Rejects with a readable message when the file cannot be
   * read at all; bad lines inside it are part of the summary instead. */
  run(
    file: File,
    options: BatchRunOptions,
    onProgress?: (progress: BatchProgress) => void,
  ): Promise<BatchResult> {
    if (this.pending) return Promise.reject(new Error('A batch is already running.'));

    const worker = this.ensureWorker();
    const settled = new Promise<BatchResult>((resolve, reject) => {
      this.pending = { resolve, reject };
    });
    worker.onmessage = (event: MessageEvent<BatchResponse>) => {
      const message = event.data;
      if (message.type === 'progress') {
        onProgress?.(message.progress);
        return;
      }
      const pending = this.pending;
      this.pending = undefined;
      if (message.type === 'done') {
        pending?.resolve({
          format: message.format,
          cancelled: message.cancelled,
          summary: message.summary,
        });
      } else {
        pending?.reject(new Error(message.message));
      }
    };
    worker.onerror = (event: ErrorEvent) => {
      const pending = this.pending;
      this.pending = undefined;
      this.disposeWorker();
      pending?.reject(
        new Error(`The batch worker failed: ${event.message || 'it could not start'}.`),
      );
    };

    const message: BatchStartMessage = { type: 'start', file, ...options };
    worker.postMessage(message);
    return settled;
  }

  /** Asks the running batch to stop; it settles with `cancelled: true` and the partial summary. */
  cancel(): void {
    if (this.pending) this.worker?.postMessage({ type: 'cancel' });
  }

  get running(): boolean {
    return this.pending !== undefined;
  }

  dispose(): void {
    const pending = this.pending;
    this.pending = undefined;
    this.disposeWorker();
    pending?.reject(new Error('The batch was stopped because its element was removed.'));
  }

  private ensureWorker(): Worker {
    this.worker ??= new Worker(new URL('./batch-worker.ts', import.meta.url), { type: 'module' });
    return this.worker;
  }

  private disposeWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
