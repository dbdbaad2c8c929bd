import { startTestStack, type TestStack } from '../helpers/stack';
import { contractSuite } from './readOnly/contractSuite';
import { hiveGatewaySuite } from './readOnly/hiveGatewaySuite';
import { overklagbaraBeslutSuite } from './readOnly/overklagbaraBeslutSuite';
import { syncFeedGatewaySuite } from './readOnly/syncFeedGatewaySuite';

/**
 * The read-only e2e suites, on one stack: each reads the seed and leaves the stack as it found
 * it, so they start the graph once instead of once each. Jest runs them in the order below.
 * After them come suites that add data none of the others reads, which saves each a stack of its
 * own. A suite that changes what others read, kills a service or needs other settings starts its
 * own stack in a file of its own. One suite alone: `npx jest test/e2e/readOnly -t 'Hive Gateway'`.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(() => stack?.stop());

contractSuite(() => stack);
hiveGatewaySuite(() => stack);
// Last: they write.
syncFeedGatewaySuite(() => stack);
overklagbaraBeslutSuite(() => stack);
