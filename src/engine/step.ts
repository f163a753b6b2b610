import type { Message, Value } from '../spec/index.ts';
import type { ServiceEvent, SendOutcome } from '../properties/index.ts';
import type { GlobalState } from './state.ts';

/** What happened in one step, enough to replay it: found again among the successors of the state before. */
export type StepLabel =
  | { readonly kind: 'action'; readonly process: string; readonly action: string; readonly timeout?: boolean; readonly choices?: readonly number[] }
  | {
      readonly kind: 'deliver';
      readonly process: string;
      readonly from: string;
      readonly msg: Message;
      readonly queue: number;
      readonly index: number;
      readonly choices?: readonly number[];
    }
  | { readonly kind: 'lose' | 'duplicate' | 'reorder'; readonly from: string; readonly to: string; readonly msg: Message; readonly queue: number; readonly index: number }
  | { readonly kind: 'crash' | 'restart'; readonly process: string }
  | { readonly kind: 'partition' | 'heal'; readonly a: string; readonly b: string };

export interface SendRecord {
  readonly from: string;
  readonly to: string;
  readonly msg: Message;
  readonly outcome: SendOutcome;
}

export interface StepViolation {
  /** Index into model.properties. */
  readonly property: number;
  readonly message: string;
}

/** One enabled step and the state it leads to. */
export interface Step {
  readonly label: StepLabel;
  readonly next: GlobalState;
  readonly sends: readonly SendRecord[];
  readonly events: readonly ServiceEvent[];
  /** Values picked by ctx.choose, in call order. */
  readonly chosen: readonly Value[];
  readonly violations: readonly StepViolation[];
  /** An environment fault (loss, duplicate, reorder, crash, partition) rather than a protocol step. */
  readonly fault: boolean;
}

/** Short human-readable form of a label, used in charts and messages. */
export function describeLabel(l: StepLabel): string {
  const ch = 'choices' in l && l.choices && l.choices.length ? ` [choice ${l.choices.join(',')}]` : '';
  switch (l.kind) {
    case 'action':
      return `${l.process}: ${l.timeout ? 'timeout ' : ''}${l.action}${ch}`;
    case 'deliver':
      return `${l.process}: receive ${l.msg.type} from ${l.from}${ch}`;
    case 'lose':
    case 'duplicate':
    case 'reorder':
      return `${l.kind} ${l.msg.type} ${l.from}->${l.to}`;
    case 'crash':
    case 'restart':
      return `${l.kind} ${l.process}`;
    case 'partition':
    case 'heal':
      return `${l.kind} ${l.a}<->${l.b}`;
  }
}
