import type { SqlJsStatic } from 'sql.js';
import type { SqliteLoader } from '../lib/import/sqlite';

/**
 * sql.js inside the extension's import worker (entrypoints/options/import-worker.ts). Its JavaScript is imported only
 * when a database is read, and its .wasm is the copy shipped in the package (wxt.config.ts copies
 * node_modules/sql.js/dist/sql-wasm.wasm to /sql-wasm.wasm): MV3 allows no remote code and Twofold makes no requests.
 * Any other file the library asks for is refused. The worker has no extension APIs; the package's root is its own
 * origin (`self.location`). The Node twin is scripts/node-sqlite-loader.ts.
 */
const WASM = '/sql-wasm.wasm';
let engine: Promise<SqlJsStatic> | undefined;

export const extensionSqliteLoader: SqliteLoader = () => {
  if (!engine) {
    engine = import('sql.js').then(({ default: initSqlJs }) =>
      initSqlJs({
        locateFile: (path: string) => {
          if (path.endsWith('.wasm')) return new URL(WASM, self.location.href).href;
          throw new Error(`sql.js asked for an unexpected file: ${path}`);
        },
      }),
    );
    // A failed start (the file missing, the policy refusing the compile) is tried again on the next database.
    engine.catch(() => {
      engine = undefined;
    });
  }
  return engine;
};
