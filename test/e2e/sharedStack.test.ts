import { startTestStack, type TestStack } from '../helpers/stack';
import { contractSuite } from './sharedStack/contractSuite';
import { directKommunReadsSuite } from './sharedStack/directKommunReadsSuite';
import { hiveGatewaySuite } from './sharedStack/hiveGatewaySuite';
import { mutationsSuite } from './sharedStack/mutationsSuite';
import { overklagbaraBeslutSuite } from './sharedStack/overklagbaraBeslutSuite';
import { syncFeedGatewaySuite } from './sharedStack/syncFeedGatewaySuite';

/**
 * e2e suites that need the graph as `npm start` runs it with its default settings, on one stack
 * instead of one each. Jest runs them in the order below: first those that only read the seed
 * and leave the stack as they found it, then those that write, each after every suite that reads
 * what it writes, and none disturbed by what those before it wrote (each suite's comment says
 * what it writes). A suite that kills a service or needs other settings starts its own stack in
 * a file of its own. One suite alone: `npx jest test/e2e/sharedStack -t 'Hive Gateway'`.
 */
let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});

afterAll(() => stack?.stop());

// Read only.
contractSuite(() => stack);
directKommunReadsSuite(() => stack);
hiveGatewaySuite(() => stack);
// They write.
mutationsSuite(() => stack);
syncFeedGatewaySuite(() => stack);
overklagbaraBeslutSuite(() => stack);
