import { idempotentMutations } from '#subgraph-kit/idempotency';
import { DateScalar, DateTimeScalar } from '#subgraph-kit/scalars';
import { Arende } from './Arende';
import { Granskningspost } from './Granskningspost';
import { Handling } from './Handling';
import { Kommun } from './Kommun';
import { Mutation } from './Mutation';
import { Organ } from './Organ';
import { Paragraf } from './Paragraf';
import { Query } from './Query';
import { Statistik } from './Statistik';
import { Uppdrag } from './Uppdrag';

export const resolvers = {
  Query,
  // A retry with the same Idempotency-Key gets the first write's answer (RequestDb.idempotent).
  Mutation: idempotentMutations(Mutation),
  Kommun,
  Organ,
  Arende,
  Paragraf,
  Uppdrag,
  Granskningspost,
  Handling,
  Statistik,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
