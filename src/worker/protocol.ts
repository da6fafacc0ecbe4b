/**
 * Messages between the page and the batch Web Worker. Everything is structured-clone safe: a
 * `File` crosses without copying its bytes, and the summary is plain data.
 */
import type { BatchFormat, BatchProgress, BatchSummary, CsvGrouping } from '../core/batch/index.js';
import type { IdSyncConfig, SimulationSettings } from '../core/types.js';

export interface BatchStartMessage {
  type: 'start';
  file: File;
  config: IdSyncConfig;
  transition?: 'entered' | 'exited';
  settings?: Partial<SimulationSettings>;
  format?: BatchFormat | 'auto';
  grouping?: CsvGrouping;
}

export interface BatchCancelMessage {
  type: 'cancel';
}

export type BatchRequest = BatchStartMessage | BatchCancelMessage;

export interface BatchProgressMessage {
  type: 'progress';
  progress: BatchProgress;
}

export interface BatchDoneMessage {
  type: 'done';
  format: BatchFormat | 'json';
  cancelled: boolean;
  summary: BatchSummary;
}

export interface BatchErrorMessage {
  type: 'error';
  message: string;
}

export type BatchResponse = BatchProgressMessage | BatchDoneMessage | BatchErrorMessage;
