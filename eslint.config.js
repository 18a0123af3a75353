// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'src/generated/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through src/config only.' },
      ],
    },
  },
  {
    // The domain layer is pure: no Discord, no database, no I/O.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['discord.js', '@discordjs/*'], message: 'The domain layer must not import discord.js.' },
            { group: ['@prisma/*', 'prisma', '**/generated/**', 'pg'], message: 'The domain layer must not import the database.' },
            { group: ['node:*', 'fs', 'net', 'http', 'https'], message: 'The domain layer does no I/O.' },
            { group: ['**/persistence/**', '**/discord/**', '**/db/**', '**/services/**'], message: 'The domain layer depends on nothing outside it.' },
          ],
        },
      ],
    },
  },
  {
    // Use cases, owed work and texts speak through the ports (src/ports.ts): no Discord, no database.
    files: ['src/services/**/*.ts', 'src/actions/**/*.ts', 'src/messages/**/*.ts', 'src/transcripts/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['discord.js', '@discordjs/*'], message: 'Only src/discord and commands/ talk to Discord; use the ports.' },
            { group: ['@prisma/*', 'prisma', '**/generated/**', 'pg', '@electric-sql/*'], message: 'Only src/persistence and src/db talk to the database; use the ports.' },
            { group: ['**/persistence/**', '**/db/**', '**/discord/**', '**/commands/**'], message: 'This layer depends on the ports, not on their implementations.' },
          ],
        },
      ],
    },
  },
  {
    // The case desk is an edge of its own: HTTP in, the services' ports and its DeskStore; Discord only through ports.
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['discord.js', '@discordjs/*'], message: 'The desk reaches Discord through the ports (MemberRoles) and OAuth2 over fetch.' },
            { group: ['@prisma/*', 'prisma', '**/generated/**', 'pg', '@electric-sql/*'], message: 'The desk reads the database through the repositories and DeskStore.' },
          ],
        },
      ],
    },
  },
  {
    // The catalogues and the translator: i18next and nothing else of the project.
    files: ['src/i18n/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['discord.js', '@discordjs/*', '@prisma/*', 'prisma', '**/generated/**', 'pg', '@electric-sql/*'], message: 'The catalogues import i18next only.' },
            { group: ['**/persistence/**', '**/db/**', '**/discord/**', '**/commands/**', '**/services/**', '**/messages/**', '**/domain/**'], message: 'The catalogues depend on nothing else of the project.' },
          ],
        },
      ],
    },
  },
  {
    // Commands turn interactions into use cases: they never reach the database.
    files: ['commands/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@prisma/*', 'prisma', '**/generated/**', 'pg', '@electric-sql/*'], message: 'Commands do not talk to the database; call a service.' },
            { group: ['**/src/persistence/**', '**/src/db/**'], message: 'Commands do not reach persistence; call a service.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/config/**/*.ts', 'scripts/**', 'test/**', 'prisma.config.ts', 'vitest.config.ts', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
