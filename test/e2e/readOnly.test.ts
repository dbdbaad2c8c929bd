import { startTestStack, type TestStack } from '../helpers/stack';
import { contractSuite } from './readOnly/contractSuite';
import { hiveGatewaySuite } from './readOnly/hiveGatewaySuite';
import { mutationsSuite } from './readOnly/mutationsSuite';
import { overklagbaraBeslutSuite } from './readOnly/overklagbaraBeslutSuite';
import { syncFeedGatewaySuite } from './readOnly/syncFeedGatewaySuite';

/**
 * The read-only e2e suites, on one stack: each reads the seed and leaves the stack as it found
 * it, so they start the graph once instead of once each. Jest runs them in the order below.
 * After them come suites that write, which saves each a stack of its own: each runs after every
 * suite that reads what it writes, and none is disturbed by what those before it wrote (each
 * suite's comment says what it writes). A suite that kills a service or needs other settings
 * starts its own stack in a file of its own. One suite alone:
 * `npx jest test/e2e/readOnly -t 'Hive Gateway'`.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(() => stack?.stop());

contractSuite(() => stack);
hiveGatewaySuite(() => stack);
// Last: they write.
mutationsSuite(() => stack);
syncFeedGatewaySuite(() => stack);
overklagbaraBeslutSuite(() => stack);
