import { AvtalEntity } from './Avtal';
import { AvtalspartEntity } from './Avtalspart';
import { LikalydandeBeslutEntity } from './LikalydandeBeslut';
import { LikalydandePartEntity } from './LikalydandePart';
import { OmradeArendeEntity } from './OmradeArende';
import { OmradeBeslutEntity } from './OmradeBeslut';
import { OmradePartEntity } from './OmradePart';
import { OmradeStatusEntity } from './OmradeStatus';
import { SamverkanEntity } from './Samverkan';
import { SamverkansomradeEntity } from './Samverkansomrade';
import { SamverkanspartEntity } from './Samverkanspart';
import { UppfoljningEntity } from './Uppfoljning';

export const entities = [
  SamverkanEntity,
  SamverkanspartEntity,
  SamverkansomradeEntity,
  OmradeStatusEntity,
  OmradePartEntity,
  OmradeBeslutEntity,
  OmradeArendeEntity,
  AvtalEntity,
  AvtalspartEntity,
  UppfoljningEntity,
  LikalydandeBeslutEntity,
  LikalydandePartEntity,
];
