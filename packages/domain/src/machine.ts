import type { ErrorCode } from './errors.ts';

/**
 * A lifecycle as data: for each action, the states it may start from, the state it leads to,
 * and pure guards that may refuse it. Guards never fetch: the caller loads everything first and
 * passes it as the context.
 */
export interface Transition<S extends string, C> {
  from: readonly S[];
  to: S;
  /** Each guard returns undefined to allow, or a refusal. Evaluated in order. */
  guards?: ReadonlyArray<(ctx: C) => Refusal | undefined>;
}

export interface Refusal {
  code: ErrorCode;
  details?: Record<string, unknown>;
}

export type TransitionTable<S extends string, A extends string, C> = Record<A, Transition<S, C>>;

export type Decision<S extends string> = { ok: true; to: S } | { ok: false; code: ErrorCode; details?: Record<string, unknown> };

/** Decides one action: INVALID_TRANSITION when the state does not allow it, else the first guard refusal, else the target state. */
export function decide<S extends string, A extends string, C>(table: TransitionTable<S, A, C>, action: A, state: S, ctx: C): Decision<S> {
  const t = table[action];
  if (!t || !t.from.includes(state)) return { ok: false, code: 'INVALID_TRANSITION', details: { action, state } };
  for (const guard of t.guards ?? []) {
    const refusal = guard(ctx);
    if (refusal) return { ok: false, ...refusal };
  }
  return { ok: true, to: t.to };
}

/** The actions `decide` would allow now, in table order: the UI offers exactly these. */
export function availableActions<S extends string, A extends string, C>(table: TransitionTable<S, A, C>, state: S, ctx: C): A[] {
  return (Object.keys(table) as A[]).filter((a) => decide(table, a, state, ctx).ok);
}
