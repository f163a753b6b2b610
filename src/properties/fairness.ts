/**
 * Fairness: which groups of protocol steps the scheduler may not neglect forever.
 *
 * A group is a set of steps named by a pattern:
 *
 *   process:P        every protocol step of process P: its actions (timeouts included) and
 *                    its receives. Not its restart, never a fault.
 *   action:P.A       action A of process P (every `ctx.choose` outcome of it)
 *   deliver:A->B     B receiving a message that A sent (the channel A→B; on a shared
 *                    mailbox, the messages from A in it). Not a rendezvous: that is an
 *                    action of the sender.
 *   restart:P        the restart of P after a crash
 *
 * `*` in place of a name means "each one, separately": `process:*` is one group per
 * process, `deliver:*` (or `deliver:*->*`) one group per channel, `deliver:*->B` one per
 * sender to B. A group is enabled in a state when one of its steps is enabled there, and
 * taken by a step that belongs to it.
 *
 * - weak fairness of a group: on an infinite run, if from some point on the group is
 *   enabled in every state, a step of it is taken infinitely often;
 * - strong fairness: if the group is enabled in infinitely many states, a step of it is
 *   taken infinitely often.
 *
 * Faults (lose, duplicate, reorder, crash, partition, heal) belong to no group: the
 * environment is never obliged to stop injecting them; only its budget bounds it.
 */

/** Fairness assumptions, as a spec or the CLI gives them. */
export interface FairnessSpec {
  readonly weak?: readonly string[];
  readonly strong?: readonly string[];
}

export type Strength = 'weak' | 'strong';

/** What of a step label fairness looks at (engine step labels fit this shape). */
export interface LabelLike {
  readonly kind: string;
  readonly process?: string;
  readonly from?: string;
  readonly action?: string;
}

/** One group instance a step belongs to, e.g. `{ strength: 'strong', group: 'deliver:a->b' }`. */
export interface GroupRef {
  readonly strength: Strength;
  readonly group: string;
}

type PatternKind = 'process' | 'action' | 'deliver' | 'restart';

interface Pattern {
  readonly strength: Strength;
  readonly kind: PatternKind;
  /** process / action owner / sender ('*' = each). */
  readonly a: string;
  /** action name / receiver ('*' = each); unused for process and restart. */
  readonly b: string;
}

const KINDS: readonly PatternKind[] = ['process', 'action', 'deliver', 'restart'];

/** The names a fairness pattern may refer to. */
export interface FairnessScope {
  readonly processes: readonly string[];
  actionsOf(process: string): readonly string[];
}

/** Thrown for a pattern that names an unknown kind, process or action. */
export class FairnessError extends Error {
  override readonly name = 'FairnessError';
}

/** Parsed fairness assumptions: maps a step label to the group instances it belongs to. */
export class Fairness {
  private readonly patterns: readonly Pattern[];

  constructor(
    readonly spec: FairnessSpec,
    scope: FairnessScope,
  ) {
    const parse = (strength: Strength) => (text: string) => parsePattern(strength, text, scope);
    this.patterns = [...(spec.weak ?? []).map(parse('weak')), ...(spec.strong ?? []).map(parse('strong'))];
  }

  get isNone(): boolean {
    return this.patterns.length === 0;
  }

  /** The group instances a step with this label belongs to (none for a fault). */
  groupsOf(l: LabelLike): GroupRef[] {
    const out: GroupRef[] = [];
    for (const p of this.patterns) {
      const g = instance(p, l);
      if (g !== null && !out.some((x) => x.strength === p.strength && x.group === g)) out.push({ strength: p.strength, group: g });
    }
    return out;
  }

  describe(): string {
    return describeFairness(this.spec);
  }
}

/** `none`, or `weak process:* · strong deliver:a->b`. */
export function describeFairness(spec: FairnessSpec | undefined): string {
  const parts: string[] = [];
  if (spec?.weak?.length) parts.push(`weak ${spec.weak.join(', ')}`);
  if (spec?.strong?.length) parts.push(`strong ${spec.strong.join(', ')}`);
  return parts.length ? parts.join(' · ') : 'none';
}

function instance(p: Pattern, l: LabelLike): string | null {
  const is = (want: string, got: string | undefined) => got !== undefined && (want === '*' || want === got);
  switch (p.kind) {
    case 'process':
      return (l.kind === 'action' || l.kind === 'deliver') && is(p.a, l.process) ? `process:${l.process}` : null;
    case 'action':
      return l.kind === 'action' && is(p.a, l.process) && is(p.b, l.action) ? `action:${l.process}.${l.action}` : null;
    case 'deliver':
      return l.kind === 'deliver' && is(p.a, l.from) && is(p.b, l.process) ? `deliver:${l.from}->${l.process}` : null;
    case 'restart':
      return l.kind === 'restart' && is(p.a, l.process) ? `restart:${l.process}` : null;
  }
}

function parsePattern(strength: Strength, text: string, scope: FairnessScope): Pattern {
  const fail = (why: string): never => {
    throw new FairnessError(`fairness '${text}': ${why}`);
  };
  const m = /^\s*(\w+)\s*:\s*(.+?)\s*$/.exec(text);
  if (!m) return fail(`expected kind:names, one of process:P, action:P.A, deliver:A->B, restart:P (* for each)`);
  const kind = m[1] as PatternKind;
  if (!KINDS.includes(kind)) return fail(`unknown kind '${m[1]}' (kinds: ${KINDS.join(', ')})`);
  const rest = m[2];
  const proc = (name: string): string => {
    if (name !== '*' && !scope.processes.includes(name)) fail(`unknown process '${name}' (processes: ${scope.processes.join(', ')})`);
    return name;
  };
  switch (kind) {
    case 'process':
    case 'restart':
      return { strength, kind, a: proc(rest), b: '*' };
    case 'deliver': {
      if (rest === '*') return { strength, kind, a: '*', b: '*' };
      const d = /^(.+?)\s*->\s*(.+)$/.exec(rest);
      if (!d) return fail('expected deliver:SENDER->RECEIVER');
      return { strength, kind, a: proc(d[1]), b: proc(d[2]) };
    }
    case 'action': {
      if (rest === '*') return { strength, kind, a: '*', b: '*' };
      const owner = rest.startsWith('*.') ? '*' : scope.processes.find((n) => rest.startsWith(n + '.'));
      if (owner === undefined) return fail(`expected action:PROCESS.ACTION with a known process (processes: ${scope.processes.join(', ')})`);
      const action = rest.slice(owner.length + 1);
      if (action === '') return fail('expected action:PROCESS.ACTION');
      if (owner !== '*' && action !== '*' && !scope.actionsOf(owner).includes(action)) {
        fail(`process '${owner}' has no action '${action}' (actions: ${scope.actionsOf(owner).join(', ') || 'none'})`);
      }
      return { strength, kind, a: owner, b: action };
    }
  }
}
