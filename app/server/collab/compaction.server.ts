import { Worker } from 'node:worker_threads';

interface Job {
  resolve: (state: Uint8Array) => void;
  reject: (error: Error) => void;
}

/** One worker thread that merges snapshot + tail into a new snapshot, so the event loop keeps serving. */
export class Compactor {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./compaction-worker.mjs', import.meta.url));
    worker.unref();
    worker.on(
      'message',
      (message: { id: number; state?: Uint8Array; error?: string; hasPending?: boolean }) => {
        const job = this.jobs.get(message.id);
        if (!job) return;
        this.jobs.delete(message.id);
        if (message.error || !message.state)
          job.reject(new Error(message.error ?? 'compaction failed'));
        else if (message.hasPending)
          job.reject(new Error('stored updates do not form a complete document'));
        else job.resolve(message.state);
      },
    );
    worker.on('error', (error) => {
      for (const job of this.jobs.values()) job.reject(error);
      this.jobs.clear();
      this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  merge(snapshot: Uint8Array | null, updates: Uint8Array[]): Promise<Uint8Array> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      this.ensureWorker().postMessage({ id, snapshot, updates });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }
}
