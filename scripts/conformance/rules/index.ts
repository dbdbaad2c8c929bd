import type { Rule } from '../kit';
import { codedErrors } from './codedErrors';
import { entities } from './entities';
import { exactAnswers } from './exactAnswers';
import { internalTokenRequired } from './internalToken';
import { paging } from './paging';
import { restrictedForbidden, restrictedWithheld } from './restricted';
import { routingOtherKommun, routingOwnKommun } from './routing';
import { sdlCompatible } from './sdlCompatible';
import { syncFeed, syncFeedChange } from './syncFeed';

/** The rules of the kommun contract, in the order the report prints them. */
export const rules: readonly Rule[] = [
  sdlCompatible,
  internalTokenRequired,
  entities,
  routingOwnKommun,
  routingOtherKommun,
  paging,
  syncFeed,
  syncFeedChange,
  codedErrors,
  restrictedWithheld,
  restrictedForbidden,
  exactAnswers,
];
