import { Initial1732600000000 } from './1732600000000-Initial';
import { Skrivningar1732800000000 } from './1732800000000-Skrivningar';

/** Every migration in order; a new one is appended here. */
export const migrations = [Initial1732600000000, Skrivningar1732800000000];
