import { SyncError, type SyncErrorCode } from '../../../lib/sync/errors';
import type { FolderListing, RemoteEntry, SyncFolder } from '../../../lib/sync/folder';

/*
 * An in-memory WebDAV folder (lib/sync/folder.ts) with the faults of docs/sync-format.md "Failures": the next call
 * of a kind fails with a given SyncError, a PUT is cut halfway (half the bytes stored, then `offline`), and a GET
 * serves the previous copy of a file.
 */

type Op = 'list' | 'ensure' | 'get' | 'put' | 'createOnce' | 'remove';

interface Stored {
  bytes: Uint8Array;
  etag: string;
  modified: number;
  /** The first copy ever written under this name, for `serveOldCopy`. */
  first?: Uint8Array;
}

export class MemoryFolder implements SyncFolder {
  readonly files = new Map<string, Stored>();
  /** Every call, in order: `put a.tfsync`, `get b.tfsync`, … */
  readonly calls: string[] = [];
  exists = true;
  private tags = 0;
  private faults: { op: Op; error: SyncError; name?: string }[] = [];
  private cuts = 0;
  private lostAnswers = 0;
  private oldCopies = new Set<string>();
  /** Runs before each GET (e.g. a local edit made while the round downloads). */
  onGet?: (name: string) => void | Promise<void>;

  /** The next call of `op` (for `name`, when given) fails with `code`. */
  failNext(op: Op, code: SyncErrorCode, name?: string): this {
    this.faults.push({ op, error: new SyncError(code, `injected ${code}`), ...(name === undefined ? {} : { name }) });
    return this;
  }

  /** The next PUT stores only the first half of its bytes, then fails as if the connection was lost. */
  cutNextPut(): this {
    this.cuts++;
    return this;
  }

  /** The next PUT is stored whole, but its answer is lost (a timeout after the server wrote it). */
  loseNextPutAnswer(): this {
    this.lostAnswers++;
    return this;
  }

  /** The next GET of `name` serves the first copy written under that name (the listing shows the latest). */
  serveOldCopy(name: string): this {
    this.oldCopies.add(name);
    return this;
  }

  /** Lists every write with the same weak tag and time, as Apache does for writes within one second. */
  sameSecond = false;

  private fault(op: Op, name?: string): void {
    this.calls.push(name === undefined ? op : `${op} ${name}`);
    const i = this.faults.findIndex((f) => f.op === op && (f.name === undefined || f.name === name));
    if (i >= 0) {
      const [f] = this.faults.splice(i, 1);
      throw (f as { error: SyncError }).error;
    }
  }

  private store(name: string, bytes: Uint8Array): void {
    const held = this.files.get(name);
    ++this.tags;
    this.files.set(name, {
      bytes: bytes.slice(),
      // Apache within one second of a write: a weak tag made of size and a whole-second time, so two writes of the
      // same size in that second list the same tag and time (docs/sync-research.md §3).
      etag: this.sameSecond ? `W/"${bytes.length}"` : `"${this.tags}"`,
      modified: this.sameSecond ? 1_000 : 1_000 * this.tags,
      first: held?.first ?? bytes.slice(),
    });
  }

  async list(): Promise<FolderListing> {
    this.fault('list');
    const entries: RemoteEntry[] = [...this.files].map(([name, f]) => ({
      name,
      etag: f.etag,
      size: f.bytes.length,
      modified: f.modified,
    }));
    return { entries };
  }

  async ensure(): Promise<void> {
    this.fault('ensure');
    this.exists = true;
  }

  async get(name: string): Promise<Uint8Array> {
    this.fault('get', name);
    await this.onGet?.(name);
    const f = this.files.get(name);
    if (f === undefined) throw new SyncError('not-found', 'not found');
    if (this.oldCopies.delete(name) && f.first !== undefined) return f.first.slice();
    return f.bytes.slice();
  }

  async put(name: string, body: Uint8Array): Promise<void> {
    this.fault('put', name);
    if (!this.exists) throw new SyncError('conflict', 'no folder');
    if (this.cuts > 0) {
      this.cuts--;
      this.store(name, body.slice(0, Math.floor(body.length / 2)));
      throw new SyncError('offline', 'connection lost');
    }
    this.store(name, body);
    if (this.lostAnswers > 0) {
      this.lostAnswers--;
      throw new SyncError('timeout', 'no answer');
    }
  }

  async createOnce(name: string, body: Uint8Array): Promise<'created' | 'exists'> {
    this.fault('createOnce', name);
    if (this.files.has(name)) return 'exists';
    this.store(name, body);
    return 'created';
  }

  async remove(name: string): Promise<void> {
    this.fault('remove', name);
    this.files.delete(name);
  }

  /** A snapshot of every file's bytes, to check that a failure changed nothing. */
  snapshot(): Map<string, string> {
    return new Map([...this.files].map(([n, f]) => [n, Buffer.from(f.bytes).toString('base64')]));
  }
}
