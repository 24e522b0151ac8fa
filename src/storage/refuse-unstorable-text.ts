/**
 * The store's own guard against text no database here keeps (core/storable-text.ts): every value a
 * query carries, written or looked up, is checked before the query reaches SQLite or PostgreSQL, and
 * a NUL character or a lone surrogate fails it with the port's UnstorableTextError. PostgreSQL would
 * otherwise answer with a driver error (`invalid byte sequence for encoding "UTF8": 0x00`) and SQLite
 * would keep it, so the two stores would disagree. The edges refuse such text first; this is the
 * second line.
 */
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { UnstorableTextError } from '../core/ports/store.js';
import { unstorableCharacter } from '../core/storable-text.js';

function check(value: unknown): void {
  if (typeof value !== 'string') return;
  const what = unstorableCharacter(value);
  if (what) throw new UnstorableTextError(what);
}

/** Walks a query's operation tree (plain frozen objects) without recursion, checking every bound value. */
function checkValues(root: RootOperationNode): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    const kind = (node as { kind?: unknown }).kind;
    if (kind === 'ValueNode') {
      check((node as { value: unknown }).value);
      continue;
    }
    if (kind === 'PrimitiveValueListNode') {
      for (const v of (node as { values: readonly unknown[] }).values) check(v);
      continue;
    }
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') stack.push(child);
  }
}

export const refuseUnstorableText: KyselyPlugin = {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    checkValues(args.node);
    return args.node;
  },
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  },
};
