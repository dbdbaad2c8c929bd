import { Initial1732700000000 } from './1732700000000-Initial';

/** Every migration in order; a new one is appended here. */
export const migrations = [Initial1732700000000];
