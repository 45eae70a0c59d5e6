// ESLint: typescript-eslint's strict type-checked rules over our code (src, test, bench), less
// the few that cost more than they catch here (each says why).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The compiler already knows every name (and Mocha's and Node's globals).
      'no-undef': 'off',
      // Handlers and interface methods are async to return a promise even when they need no await.
      '@typescript-eslint/require-await': 'off',
      // Unused names fail the compile already (noUnusedLocals / noUnusedParameters); `_x` marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // A promise dropped on purpose is written `void p`; any other is an error.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // Numbers and booleans read fine in messages; undefined and objects do not.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true, allowNullish: false, allowAny: false },
      ],
      // `() => void promise` and arrow bodies that return a void call are our idiom for fire-and-forget.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      // Values from JSON, the Docker API and the Kubernetes API are typed wider than the compiler can prove;
      // the checks it calls unnecessary are the ones that guard against a peer sending less than its type says.
      '@typescript-eslint/no-unnecessary-condition': 'off',
      // The Kubernetes client's models are classes used as plain data: object literals stand for them, and
      // spreading one copies its fields, which is all a Pod spec is.
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      '@typescript-eslint/no-misused-spread': 'off',
      // Records keyed by name (desired state, labels, environment) drop entries by key.
      '@typescript-eslint/no-dynamic-delete': 'off',
      // What our promises reject with is an Error (our RPC client, dockerode, the Kubernetes client), and
      // `(err: Error) => …` in a catch callback says so where it is read.
      '@typescript-eslint/use-unknown-in-catch-callback-variable': 'off',
      // Prettier wraps code at 140; what it cannot wrap (long messages) is split by hand.
      // A translatable message is one literal (its key in the bundle), so long strings may run past the line.
      'max-len': ['error', { code: 160, ignoreUrls: true, ignoreStrings: true }],
    },
  },
  {
    // Tests may assert what they have just set up.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      // A test's message shows what it got, undefined included.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
