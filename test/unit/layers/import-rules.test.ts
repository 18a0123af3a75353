import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layers' import rules (eslint.config.js), tried on code that breaks
 * them: lint must refuse it. The text stands in for a real file of that
 * folder, so the folder's rules apply.
 */
const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message.replace(/^.* import is restricted from being used by a pattern\. /, ''));
}

// Type-aware lint loads the whole TypeScript project first: seconds, and more on a slow machine.
describe('the import rules between layers', { timeout: 120_000 }, () => {
  it('a service may not import discord.js', async () => {
    expect(await problems('src/services/deps.ts', "import { Client } from 'discord.js';\nexport const c = Client;\n")).toEqual([
      'Only src/discord and commands/ talk to Discord; use the ports.',
    ]);
  });

  it('a service may not import a repository', async () => {
    expect(await problems('src/services/deps.ts', "import { PrismaCaseRepository } from '../persistence/case-repository.js';\nexport const r = PrismaCaseRepository;\n")).toEqual([
      'This layer depends on the ports, not on their implementations.',
    ]);
  });

  it('a command may not reach persistence or the database', async () => {
    const code = "import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';\nimport pg from 'pg';\nexport const r = [PrismaCaseRepository, pg];\n";
    expect(await problems('commands/case/view.ts', code)).toEqual([
      'Commands do not reach persistence; call a service.',
      'Commands do not talk to the database; call a service.',
    ]);
  });

  it('the catalogues import nothing of the project but themselves', async () => {
    expect(await problems('src/i18n/translate.ts', "import { Client } from 'discord.js';\nimport { CASE_STATUSES } from '../domain/types.js';\nexport const c = [Client, CASE_STATUSES];\n")).toEqual([
      'The catalogues import i18next only.',
      'The catalogues depend on nothing else of the project.',
    ]);
  });

  it('the domain stays pure', async () => {
    expect(await problems('src/domain/rank.ts', "import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n")).toEqual(['The domain layer does no I/O.']);
  });

  it('the adapters may import what they adapt', async () => {
    expect(await problems('src/discord/client.ts', "import { Client } from 'discord.js';\nexport const c = Client;\n")).toEqual([]);
  });
});
