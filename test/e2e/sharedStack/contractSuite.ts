import { contractFacts } from '../../helpers/contractFacts';
import { postGraphQL } from '../../helpers/graphql';
import { contractOperation, type TestStack } from '../../helpers/stack';

/** Every contract operation through the gateway, against the seed. Read-only: it shares the stack of test/e2e/sharedStack.test.ts. */
export function contractSuite(stack: () => TestStack): void {
  const run = async (file: string, name: string, variables: Record<string, unknown> = {}) => {
    const response = await postGraphQL(stack().gateway.url, contractOperation(file, name), variables, name);
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
    return response.data!;
  };

  describe('contract through the gateway', () => contractFacts(run));
}
