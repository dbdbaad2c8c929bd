// ESLint (flat config) for the TypeScript sources; Prettier owns formatting, so every rule that
// would argue with it is turned off by eslint-config-prettier.
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const importCommonByName = {
  group: ['**/common/*'],
  message: 'Import common/ by name: #platform/…, #subgraph-kit/… or #dev-tools/….',
};
const noDevTools = { regex: '^#dev-tools/', message: 'Development-only: production code must not import #dev-tools/….' };
const productionPatterns = [importCommonByName, noDevTools];

/**
 * The kommun router's files, by depth below gateway/src/kommunRouter/, and the import that leaves
 * the folder from there: only to gateway/src/subgraphCalls/, the parts of every subgraph call.
 */
const routerLevels = [
  ['gateway/src/kommunRouter/*.ts', '../*', '!../subgraphCalls'],
  ['gateway/src/kommunRouter/*/*.ts', '../../*', '!../../subgraphCalls'],
  ['gateway/src/kommunRouter/*/*/*.ts', '../../../*', '!../../../subgraphCalls'],
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', '.data/', '**/dist/', 'dashboard/src/generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  comments.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A disable without a reason on the same line hides a decision from the next reader.
      '@eslint-community/eslint-comments/require-description': ['error', { ignore: [] }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [importCommonByName],
        },
      ],
    },
  },
  // Production code never imports development-only modules: tools, tests and the bench wire them in.
  {
    files: ['gateway/src/**/*.ts', 'subgraphs/**/*.ts', 'common/platform/**/*.ts', 'common/subgraph-kit/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: productionPatterns }] },
  },
  // The kommun router is a library with one public face: the gateway and the bench import its index.ts only.
  ...[
    { files: ['gateway/src/**/*.ts'], patterns: productionPatterns },
    { files: ['bench/**/*.ts'], patterns: [importCommonByName] },
  ].map(({ files, patterns }) => ({
    files,
    ignores: ['gateway/src/kommunRouter/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...patterns,
            { regex: 'kommunRouter/', message: 'Import the kommun router from its public face, …/kommunRouter (its index.ts).' },
            { regex: 'subgraphCalls/', message: 'Import the parts of subgraph calls from …/subgraphCalls (its index.ts).' },
          ],
        },
      ],
    },
  })),
  // …and the router imports nothing of the gateway around it: what it needs is passed in, or lives in it or in common/.
  ...routerLevels.map(([files, upward, subgraphCalls]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...productionPatterns,
            {
              group: [upward, subgraphCalls],
              message:
                'The kommun router imports nothing from outside its folder but ../subgraphCalls and common/ (#platform/…).',
            },
            { regex: 'subgraphCalls/', message: 'Import the parts of subgraph calls from …/subgraphCalls (its index.ts).' },
          ],
        },
      ],
    },
  })),
  // The parts of every subgraph call are the bottom layer: they import nothing of the gateway.
  {
    files: ['gateway/src/subgraphCalls/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...productionPatterns,
            {
              group: ['../*'],
              message: 'gateway/src/subgraphCalls imports nothing from outside its folder but common/ (#platform/…).',
            },
          ],
        },
      ],
    },
  },
  // Tests and the bench read GraphQL answers as untyped JSON and check them by shape.
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['jest.config.js'], languageOptions: { sourceType: 'commonjs' } },
  // The web apps (Vite, React) run in the browser.
  { files: ['explorer/**', 'dashboard/**'], languageOptions: { globals: { ...globals.browser } } },
  prettier,
);
