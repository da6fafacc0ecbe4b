/**
 * The explicit states of one asynchronous simulation run, in the manner of `@lit/task`: the panel
 * renders each state, so a slow or failing run never leaves a blank or stale panel behind.
 */
export type RunState<T> =
  | { status: 'initial' }
  | { status: 'pending'; previous?: T }
  | { status: 'complete'; value: T }
  | { status: 'error'; message: string; previous?: T };

/**
 * Runs `work` for each new input and keeps only the newest run's outcome, so results from an
 * older input can never overwrite a newer one. Errors become an `error` state, never a throw.
 */
export class LatestRun<T> {
  private current: RunState<T> = { status: 'initial' };

  private generation = 0;

  private waiters: Array<() => void> = [];

  constructor(private readonly onChange: () => void) {}

  get state(): RunState<T> {
    return this.current;
  }

  /** The last complete value, kept through a later pending or error state. */
  get lastValue(): T | undefined {
    const s = this.current;
    if (s.status === 'complete') return s.value;
    if (s.status === 'pending' || s.status === 'error') return s.previous;
    return undefined;
  }

  async run(work: () => Promise<T>): Promise<void> {
    const generation = ++this.generation;
    this.set({ status: 'pending', previous: this.lastValue });

    let next: RunState<T>;
    try {
      next = { status: 'complete', value: await work() };
    } catch (error) {
      next = {
        status: 'error',
        message: error instanceof Error ? error.message : String(error),
        previous: this.lastValue,
      };
    }

    if (generation !== this.generation) return;
    this.set(next);
  }

  /** Resolves once the newest run has settled (for hosts and tests that wait on results). */
  async settled(): Promise<void> {
    while (this.current.status === 'pending') {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private set(state: RunState<T>): void {
    this.current = state;
    this.onChange();

    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
