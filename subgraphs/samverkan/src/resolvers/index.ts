import { idempotentMutations } from '#subgraph-kit/idempotency';
import { DateScalar, DateTimeScalar } from '#subgraph-kit/scalars';
import { Arende } from './Arende';
import { Avtal } from './Avtal';
import { Avtalspart } from './Avtalspart';
import { Kommun } from './Kommun';
import { LikalydandeBeslut, LikalydandeBeslutspart } from './LikalydandeBeslut';
import { Mutation } from './Mutation';
import { Query } from './Query';
import { Samverkan } from './Samverkan';
import { SamverkanGranskningspost } from './SamverkanGranskningspost';
import { Samverkansomrade } from './Samverkansomrade';
import { Samverkanspart } from './Samverkanspart';
import { Statusandring } from './Statusandring';
import { Uppfoljning } from './Uppfoljning';

export const resolvers = {
  Query,
  // A retry with the same Idempotency-Key gets the first write's answer (RequestDb.idempotent).
  Mutation: idempotentMutations(Mutation),
  Samverkan,
  Samverkanspart,
  Samverkansomrade,
  Statusandring,
  Avtal,
  Avtalspart,
  Uppfoljning,
  LikalydandeBeslut,
  LikalydandeBeslutspart,
  Kommun,
  Arende,
  SamverkanGranskningspost,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
