// A real WebDAV server for the sync tests: Debian's Apache httpd with mod_dav and mod_dav_fs (installed by
// scripts/setup.sh), started on 127.0.0.1 with a generated config in its own temp dir and torn down by close().
// Several test files may start one at the same time: each gets its own port, ServerRoot, PidFile and lock DB.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, chown, constants, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface WebDavUser {
  user: string;
  password: string;
}

export interface StartWebDavOptions {
  /** Accounts allowed in (Basic auth). Default: one user `twofold` with a random password. */
  users?: WebDavUser[];
  /** Where the DAV folder is mounted, e.g. `/remote.php/dav/files/alice/`. Default `/dav/`. */
  basePath?: string;
  /**
   * Compress every answer with mod_deflate, as Nextcloud's Docker image does: the served ETag then carries
   * Apache's `-gzip` suffix when the client sent `Accept-Encoding: gzip` (docs/sync-research.md §3).
   */
  deflate?: boolean;
}

export interface WebDav {
  /** http://127.0.0.1:PORT */
  origin: string;
  /** The DAV folder's URL, ending in `/`. */
  url: string;
  /** The first user's name and password. */
  user: string;
  password: string;
  /** The folder on disk that `url` serves: tests read the server's files here. */
  dir: string;
  /** Apache's error log, for a failing test's diagnosis. */
  errorLog: string;
  /** `Authorization` header value for a user (the first by default). */
  authorization(user?: WebDavUser): string;
  close(): Promise<void>;
}

const APACHE = process.env.APACHE_PATH ?? '/usr/sbin/apache2';
const MODULES = process.env.APACHE_MODULES ?? '/usr/lib/apache2/modules';
const START_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 5;

export async function startWebDav(opts: StartWebDavOptions = {}): Promise<WebDav> {
  const users = opts.users ?? [{ user: 'twofold', password: randomBytes(12).toString('base64url') }];
  const first = users[0];
  if (!first) throw new Error('startWebDav: users must name at least one account');
  const basePath = normaliseBasePath(opts.basePath ?? '/dav/');
  await access(APACHE, constants.X_OK).catch(() => {
    throw new Error(`${APACHE} not found: run scripts/setup.sh (it installs Debian's apache2), or set APACHE_PATH`);
  });
  const root = await mkdtemp(join(tmpdir(), 'twofold-webdav-'));
  try {
    const docRoot = join(root, 'htdocs');
    const dir = join(docRoot, ...basePath.split('/').filter(Boolean));
    await mkdir(dir, { recursive: true });
    await mkdir(join(root, 'run'));
    // {SHA} entries: base64 of SHA-1, a format Apache's mod_authn_file reads (Apache docs, "Password Formats",
    // https://httpd.apache.org/docs/2.4/misc/password_encryptions.html). Weak, and fine for a throw-away server.
    const htpasswd = users
      .map(({ user, password }) => `${user}:{SHA}${createHash('sha1').update(password).digest('base64')}`)
      .join('\n');
    await writeFile(join(root, 'htpasswd'), `${htpasswd}\n`);
    const runAs = await childUser();
    if (runAs) await chownTree(root, runAs.uid, runAs.gid, [docRoot, dir, join(root, 'run')]);

    let lastError: unknown;
    for (let attempt = 0; attempt < PORT_ATTEMPTS; attempt++) {
      // A port another process takes between freePort() and Apache's bind makes Apache exit: try another one.
      const port = await freePort();
      const token = randomBytes(8).toString('hex');
      const conf = config({ root, docRoot, port, token, runAs, deflate: opts.deflate ?? false });
      const confPath = join(root, 'httpd.conf');
      await writeFile(confPath, conf);
      const child = spawn(APACHE, ['-f', confPath, '-DFOREGROUND'], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => {
        stderr += d.toString();
      });
      const origin = `http://127.0.0.1:${port}`;
      try {
        await waitUntilServing(child, origin, token, () => stderr);
      } catch (err) {
        lastError = err;
        await stopChild(child);
        continue;
      }
      const kill = () => child.kill('SIGKILL');
      process.once('exit', kill);
      const errorLog = join(root, 'error.log');
      return {
        origin,
        url: `${origin}${basePath}`,
        user: first.user,
        password: first.password,
        dir,
        errorLog,
        authorization: (u = first) => `Basic ${Buffer.from(`${u.user}:${u.password}`).toString('base64')}`,
        async close() {
          process.removeListener('exit', kill);
          await stopChild(child);
          await rm(root, { recursive: true, force: true });
        },
      };
    }
    throw new Error(`Apache did not start after ${PORT_ATTEMPTS} attempts: ${String(lastError)}`);
  } catch (err) {
    await rm(root, { recursive: true, force: true });
    throw err;
  }
}

function normaliseBasePath(p: string): string {
  const parts = p.split('/').filter(Boolean);
  return parts.length ? `/${parts.join('/')}/` : '/';
}

interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

/** As root, Apache's workers must run as another user (it refuses root): Debian's www-data, owner of the temp dir. */
async function childUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const passwd = await readFile('/etc/passwd', 'utf8');
  const line = passwd.split('\n').find((l) => l.startsWith('www-data:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (!uid || !gid) throw new Error('running as root needs the www-data user (created by Debian’s apache2 package)');
  return { uid: Number(uid), gid: Number(gid), name: 'www-data' };
}

async function chownTree(root: string, uid: number, gid: number, extra: string[]): Promise<void> {
  // The workers write the DAV files and the lock DB; the parent (root) keeps its logs and pid file.
  await chown(root, uid, gid);
  for (const p of extra) await chown(p, uid, gid);
}

function config(c: {
  root: string;
  docRoot: string;
  port: number;
  token: string;
  runAs?: RunAs;
  deflate: boolean;
}): string {
  const mods = [
    'mpm_event',
    'authn_core',
    'authn_file',
    'authz_core',
    'authz_user',
    'auth_basic',
    'dav',
    'dav_fs',
    'headers',
    ...(c.deflate ? ['deflate'] : []),
  ];
  return `# Generated by tests/webdav/server.ts
ServerRoot "${c.root}"
ServerName 127.0.0.1
Listen 127.0.0.1:${c.port}
PidFile "${c.root}/run/httpd.pid"
DefaultRuntimeDir "${c.root}/run"
Mutex file:${c.root}/run default
ErrorLog "${c.root}/error.log"
LogLevel warn
${mods.map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`).join('\n')}
${c.runAs ? `User ${c.runAs.name}\nGroup ${c.runAs.name}` : ''}
StartServers 1
ServerLimit 1
ThreadsPerChild 16
MaxRequestWorkers 16
KeepAlive On
# Proves to waitUntilServing that the answer comes from this instance, not whatever else holds the port.
Header always set X-Twofold-WebDav "${c.token}"
DocumentRoot "${c.docRoot}"
DavLockDB "${c.root}/run/DavLock"
<Directory "${c.docRoot}">
  Dav On
  AuthType Basic
  AuthName "twofold-test"
  AuthBasicProvider file
  AuthUserFile "${c.root}/htpasswd"
  Require valid-user
</Directory>
${c.deflate ? '# Every answer, whatever its type: mod_dav_fs stores no Content-Type to select by.\nSetOutputFilter DEFLATE' : ''}
`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(
  child: ChildProcess,
  origin: string,
  token: string,
  stderr: () => string,
): Promise<void> {
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => undefined);
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`apache2 exited: ${stderr().trim()}`);
    try {
      // Any HTTP answer (401 here) means the listener is ours and serving.
      const res = await Promise.race([fetch(`${origin}/`, { method: 'OPTIONS' }), spawnError]);
      await res.arrayBuffer();
      if (res.headers.get('x-twofold-webdav') === token) return;
      throw new Error(`another server answers on ${origin}`);
    } catch (err) {
      if (exited || (err as NodeJS.ErrnoException).code === 'ENOENT' || String(err).includes('another server'))
        throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error(`apache2 did not answer within ${START_TIMEOUT_MS} ms: ${stderr().trim()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // SIGTERM makes the foreground parent stop its workers and remove its pid file (httpd's "stop").
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
