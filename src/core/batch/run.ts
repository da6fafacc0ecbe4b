/**
 * Drives a batch: chunks in (from `file.stream()`, a Node read stream, or strings), a summary out.
 * Shared by the Web Worker and the CLI so both read and count the same way.
 */
import type { IdSyncConfig, SimulationSettings } from '../types.js';
import { createBatchReader, detectFormat, type BatchFormat, type CsvGrouping } from './readers.js';
import { BatchSimulator, type BatchSummary, type ProfileOutcome } from './summary.js';

export interface BatchProgress {
  bytes: number;
  /** Total bytes when known (a File's size), else undefined. */
  totalBytes: number | undefined;
  profiles: number;
  /** Events plus rows sent under the config so far. */
  sends: number;
  badLines: number;
}

export interface RunBatchOptions {
  config: IdSyncConfig;
  /** 'auto' (default) looks at the first line. */
  format?: BatchFormat | 'auto';
  transition?: 'entered' | 'exited';
  settings?: Partial<SimulationSettings>;
  grouping?: CsvGrouping;
  /** See `BatchReaderOptions.maxIdentitiesPerProfile`. */
  maxIdentitiesPerProfile?: number;
  totalBytes?: number;
  /** Called after each chunk is processed. */
  onProgress?: (progress: BatchProgress) => void;
  /** Called for each profile in input order (the CLI prints JSONL from it). */
  onProfile?: (outcome: ProfileOutcome) => void | Promise<void>;
  /** Checked between chunks and profiles; when it returns true the run stops early. */
  isCancelled?: () => boolean;
  /** Awaited after each chunk. A worker passes a macrotask yield here, so a `cancel` message
   * posted meanwhile is delivered before the next chunk (promises alone never let it in). */
  pause?: () => Promise<void>;
}

export interface BatchRun {
  format: BatchFormat;
  cancelled: boolean;
  summary: BatchSummary;
}

export async function runBatch(
  chunks: AsyncIterable<Uint8Array | string>,
  options: RunBatchOptions,
): Promise<BatchRun> {
  const simulator = new BatchSimulator({
    config: options.config,
    ...(options.transition ? { transition: options.transition } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const cancelled = options.isCancelled ?? (() => false);
  let reader: ReturnType<typeof createBatchReader> | undefined;
  let format: BatchFormat = options.format === 'auto' || !options.format ? 'jsonl' : options.format;
  const progress: BatchProgress = {
    bytes: 0,
    totalBytes: options.totalBytes,
    profiles: 0,
    sends: 0,
    badLines: 0,
  };

  const consume = async (out: ReturnType<NonNullable<typeof reader>['push']>): Promise<boolean> => {
    for (const bad of out.bad) {
      simulator.addBadLine(bad);
      progress.badLines++;
    }
    for (const profile of out.profiles) {
      if (cancelled()) return false;
      const outcome = await simulator.add(profile);
      progress.profiles++;
      progress.sends += outcome.customized.events.length + outcome.customized.rows.length;
      await options.onProfile?.(outcome);
    }
    return true;
  };

  // The format is guessed from the first line, which may span several small chunks: they wait
  // (at most 64 KiB of them) until the line is complete.
  const waiting: Array<Uint8Array | string> = [];
  const peekDecoder = new TextDecoder();
  let peek = '';
  const feed = async (chunk: Uint8Array | string): Promise<boolean> => {
    progress.bytes += typeof chunk === 'string' ? chunk.length : chunk.byteLength;
    return consume((reader as NonNullable<typeof reader>).push(chunk));
  };
  const startReader = async (): Promise<boolean> => {
    if (options.format === 'auto' || !options.format) format = detectFormat(firstLineOf(peek));
    reader = createBatchReader(format, {
      ...(options.grouping ? { grouping: options.grouping } : {}),
      ...(options.maxIdentitiesPerProfile !== undefined
        ? { maxIdentitiesPerProfile: options.maxIdentitiesPerProfile }
        : {}),
    });
    for (const chunk of waiting.splice(0)) if (!(await feed(chunk))) return false;
    return true;
  };
  const stopped = (): BatchRun => ({ format, cancelled: true, summary: simulator.summary() });

  for await (const chunk of chunks) {
    if (cancelled()) return stopped();
    if (!reader) {
      waiting.push(chunk);
      peek += typeof chunk === 'string' ? chunk : peekDecoder.decode(chunk, { stream: true });
      if (!peek.includes('\n') && peek.length < 65_536) continue;
      if (!(await startReader())) return stopped();
    } else if (!(await feed(chunk))) {
      return stopped();
    }
    options.onProgress?.({ ...progress });
    await options.pause?.();
  }
  if (!reader && !(await startReader())) return stopped();
  if (reader && !(await consume(reader.end()))) return stopped();
  options.onProgress?.({ ...progress });
  return { format, cancelled: false, summary: simulator.summary() };
}

function firstLineOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}

/** Splits a string into chunks of a given size: handy for tests and for in-memory input. */
export async function* chunksOf(
  text: string | Uint8Array,
  size: number,
): AsyncGenerator<string | Uint8Array> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
