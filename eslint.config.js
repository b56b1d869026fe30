// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/** Packages the pure core (model, graph, rules, sim) must never import: DESIGN.md §1. */
const uiPackages = [
  { name: 'react', message: 'The pure core never imports React (DESIGN.md §1).' },
  { name: 'react-dom', message: 'The pure core never imports React (DESIGN.md §1).' },
  { name: '@xyflow/react', message: 'React Flow types stop at canvas/ (DESIGN.md §1).' },
  { name: '@xyflow/system', message: 'React Flow types stop at canvas/ (DESIGN.md §1).' },
  { name: 'zustand', message: 'The pure core never imports the store (DESIGN.md §1).' },
];
const uiPatterns = ['react/*', 'react-dom/*', 'zustand/*', '@xyflow/*'];

/** Folders a layer may not import from, by layer. */
const layerBans = {
  model: ['graph', 'rules', 'sim', 'store', 'canvas', 'panels', 'io', 'app', 'cli'],
  graph: ['rules', 'sim', 'store', 'canvas', 'panels', 'io', 'app', 'cli'],
  rules: ['sim', 'store', 'canvas', 'panels', 'io', 'app', 'cli'],
  sim: ['rules', 'store', 'canvas', 'panels', 'io', 'app', 'cli'],
  store: ['canvas', 'panels', 'io', 'app', 'cli'],
  canvas: ['panels', 'io', 'app', 'cli'],
  panels: ['io', 'app', 'cli'],
  io: ['canvas', 'panels', 'app', 'cli'],
  cli: ['sim', 'store', 'canvas', 'panels', 'io', 'app'],
};

const pure = new Set(['model', 'graph', 'rules', 'sim', 'cli']);

const layerConfigs = Object.entries(layerBans).map(([layer, banned]) => ({
  files: [`src/${layer}/**/*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: pure.has(layer) ? uiPackages : [],
        patterns: [
          ...(pure.has(layer)
            ? [{ group: uiPatterns, message: 'The pure core stays free of UI packages.' }]
            : []),
          {
            group: banned.flatMap((f) => [`../${f}`, `../${f}/*`, `../../${f}/*`]),
            message: `src/${layer} may not import from these layers (DESIGN.md §1).`,
          },
        ],
      },
    ],
  },
}));

const pureGlobals = Object.entries(layerBans)
  .filter(([layer]) => pure.has(layer) && layer !== 'cli')
  .map(([layer]) => ({
    files: [`src/${layer}/**/*.ts`],
    ignores: [`src/${layer}/**/*.test.ts`],
    languageOptions: { globals: { ...globals.es2022 } },
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'navigator', 'localStorage', 'indexedDB', 'HTMLElement'].map(
          (name) => ({ name, message: 'The pure core never touches the DOM (DESIGN.md §1).' }),
        ),
      ],
    },
  }));

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-bench',
      'node_modules',
      'test-results',
      'playwright-report',
      'reports',
      'coverage',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Labels are text, never markup.',
        },
        {
          selector: 'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML)$/]',
          message: 'Labels are text, never markup.',
        },
      ],
    },
  },
  {
    files: ['src/**/*.tsx', 'src/**/use*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
  ...layerConfigs,
  ...pureGlobals,
);
