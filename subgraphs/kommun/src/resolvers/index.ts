import { idempotentMutations } from '#subgraph-kit/idempotency';
import { DateScalar, DateTimeScalar } from '#subgraph-kit/scalars';
import { Arende } from './Arende';
import { Dagordningspunkt } from './Dagordningspunkt';
import { Granskningspost } from './Granskningspost';
import { Handling } from './Handling';
import { Kommun } from './Kommun';
import { Ledamot, Ledamotskap } from './Ledamot';
import { Mutation } from './Mutation';
import { Organ } from './Organ';
import { OverklagbartBeslut } from './OverklagbartBeslut';
import { Paragraf } from './Paragraf';
import { Protokoll } from './Protokoll';
import { Query } from './Query';
import { Sammantrade } from './Sammantrade';
import { Statistik } from './Statistik';
import { Uppdrag } from './Uppdrag';

export const resolvers = {
  Query,
  // A retry with the same Idempotency-Key gets the first write's answer (RequestDb.idempotent).
  Mutation: idempotentMutations(Mutation),
  Kommun,
  Organ,
  Arende,
  Handling,
  Paragraf,
  Uppdrag,
  Granskningspost,
  Statistik,
  Sammantrade,
  Dagordningspunkt,
  Protokoll,
  Ledamot,
  Ledamotskap,
  OverklagbartBeslut,
  Date: DateScalar,
  DateTime: DateTimeScalar,
};
