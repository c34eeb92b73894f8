// What a learner does before their recorder exists (a host page still fetching its learner for
// a `no-join` player), kept in memory and handed to the recorder when it comes, so that nothing
// is lost and the course need not wait for it. Not for offline: the Recorder's outbox is that.
import type { RecorderLike } from '../shared/types.js';

type Call = (r: RecorderLike) => Promise<void>;

export class PendingRecorder implements RecorderLike {
  /** The statement calls made so far, in order, to make again on the real recorder. */
  readonly calls: Call[] = [];
  readonly state = new Map<string, unknown>();

  #push(call: Call): Promise<void> {
    this.calls.push(call);
    return Promise.resolve();
  }

  initialized(...a: Parameters<RecorderLike['initialized']>) {
    return this.#push((r) => r.initialized(...a));
  }
  experienced(...a: Parameters<RecorderLike['experienced']>) {
    return this.#push((r) => r.experienced(...a));
  }
  answered(...a: Parameters<RecorderLike['answered']>) {
    return this.#push((r) => r.answered(...a));
  }
  scored(...a: Parameters<RecorderLike['scored']>) {
    return this.#push((r) => r.scored(...a));
  }
  completed(...a: Parameters<RecorderLike['completed']>) {
    return this.#push((r) => r.completed(...a));
  }
  terminated(...a: Parameters<RecorderLike['terminated']>) {
    return this.#push((r) => r.terminated(...a));
  }
  async getState<T>(key: string): Promise<T | undefined> {
    return this.state.get(key) as T | undefined;
  }
  async setState<T>(key: string, value: T): Promise<void> {
    this.state.set(key, value);
  }
}
