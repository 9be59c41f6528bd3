import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import type { SqliteLoader } from '../lib/import/sqlite';

/**
 * sql.js for Node tools and tests (eval:import, unit tests): the .wasm comes from node_modules, never from a network.
 * Started once, on the first database read. The extension's twin is platform/sqlite-loader.ts.
 */
let engine: Promise<SqlJsStatic> | undefined;

export const nodeSqliteLoader: SqliteLoader = () => {
  if (!engine) {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('sql.js/dist/sql-wasm.wasm'));
    engine = initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) });
  }
  return engine;
};
