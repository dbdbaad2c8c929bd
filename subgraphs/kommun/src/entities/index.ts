import { ArendeEntity, ArendeInnehallEntity } from './Arende';
import { ArendeStatusEntity } from './ArendeStatus';
import { BeslutspunktEntity } from './Beslutspunkt';
import { HandlingEntity } from './Handling';
import { KommunEntity } from './Kommun';
import { OrganEntity } from './Organ';
import { ParagrafEntity } from './Paragraf';
import { UppdragEntity } from './Uppdrag';
import { LedamotEntity, LedamotskapEntity } from './Ledamot';
import {
  DagordningspunktEntity,
  NarvaroEntity,
  ProtokollEntity,
  ProtokollJusterareEntity,
  ProtokollsutdragEntity,
  SammantradeEntity,
} from './Sammantrade';

export const entities = [
  KommunEntity,
  OrganEntity,
  ArendeEntity,
  ArendeInnehallEntity,
  ArendeStatusEntity,
  BeslutspunktEntity,
  ParagrafEntity,
  HandlingEntity,
  UppdragEntity,
  SammantradeEntity,
  DagordningspunktEntity,
  ProtokollEntity,
  ProtokollsutdragEntity,
  LedamotEntity,
  LedamotskapEntity,
  ProtokollJusterareEntity,
  NarvaroEntity,
];
