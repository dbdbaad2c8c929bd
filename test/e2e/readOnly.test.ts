import { startTestStack, type TestStack } from '../helpers/stack';
import { contractSuite } from './readOnly/contractSuite';
import { hiveGatewaySuite } from './readOnly/hiveGatewaySuite';
import { overklagbaraBeslutSuite } from './readOnly/overklagbaraBeslutSuite';

/**
 * The read-only e2e suites, on one stack: each reads the seed and leaves the stack as it found
 * it, so they start the graph once instead of once each. Jest runs them in the order below. Last
 * comes one suite that adds data none of the others reads, which saves it a stack of its own; a
 * suite that changes what the others read, kills a service or needs other settings starts its
 * own stack in a file of its own. One suite alone: `npx jest test/e2e/readOnly -t 'Hive Gateway'`.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(() => stack?.stop());

contractSuite(() => stack);
hiveGatewaySuite(() => stack);
// Last: it writes.
overklagbaraBeslutSuite(() => stack);
