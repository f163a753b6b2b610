import { atMostOnceGuarantee } from './at-most-once.ts';
import { deliveredAtEndGuarantee } from './delivered-at-end.ts';
import { both, guaranteeProperty } from './guarantee.ts';
import type { GuaranteeOptions } from './guarantee.ts';
import type { Property } from './types.ts';

/**
 * exactlyOnce = atMostOnce + deliveredAtEnd, as one property: no process delivers a message
 * twice, and wherever no protocol step is enabled every message submitted to a live process
 * was delivered. Both parts are safety checks; runs that never end are not judged (that is
 * liveness: see atLeastOnce under fairness).
 */
export function exactlyOnce(opts: GuaranteeOptions = {}): Property<unknown> {
  return guaranteeProperty(
    'exactlyOnce',
    'exactlyOnce: atMostOnce, and deliveredAtEnd (wherever no protocol step is enabled, every message submitted to a live process was delivered)',
    both(atMostOnceGuarantee(), deliveredAtEndGuarantee()),
    opts,
  );
}
