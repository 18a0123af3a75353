import { beforeEach, describe, expect, it } from 'vitest';
import type { CaseWithParties } from '../../../src/ports.js';
import { addNote } from '../../../src/services/case-notes.js';
import { closeCase } from '../../../src/services/case-closing.js';
import { escalate } from '../../../src/services/escalation.js';
import { addSide } from '../../../src/services/side-recording.js';
import { ACTORS, createHarness, IDS, type Harness } from '../../support/fakes/service-harness.js';
import { patchGuild } from '../../support/fakes/patch-guild.js';

/**
 * A case closed by another moderator between a command's checks and its
 * write: the checks read the case open, the repository's re-check under the
 * lock finds it closed. The command is refused as "case closed", saves
 * nothing and owes Discord nothing.
 */
let h: Harness;
let number = 0;

beforeEach(async () => {
  h = createHarness();
  await h.configure();
  number = (await h.open()).case.number;
  // The checks see the case as it was before the close (what a concurrent close looks like to them).
  const stale = (await h.cases.forGuild(IDS.GUILD).find(number))!;
  const close = await closeCase(h.deps, { guildId: IDS.GUILD, actor: ACTORS.mod2, caseNumber: number, outcome: 'no_action', reason: 'Done', oneSidedReason: 'Not heard.' });
  if (!close.ok) throw new Error(close.reason);
  patchGuild(h.cases, (_, guildId) => ({ find: (n: number): Promise<CaseWithParties | null> => Promise.resolve(guildId === IDS.GUILD && n === number ? stale : null) }));
});

describe('a command whose case was closed after its checks', () => {
  const commands = {
    'a side (with a new party)': () => addSide(h.deps, { guildId: IDS.GUILD, actor: ACTORS.mod, caseNumber: number, user: { id: IDS.ROBIN, isBot: false }, statement: 'I saw it.', role: null }),
    'a side of a party already there': () => addSide(h.deps, { guildId: IDS.GUILD, actor: ACTORS.mod, caseNumber: number, user: { id: IDS.ALEX, isBot: false }, statement: 'My side.', role: null }),
    'an escalation': () => escalate(h.deps, { guildId: IDS.GUILD, actor: ACTORS.mod, caseNumber: number, reason: 'Unsure', urgency: 'normal' }),
    'a note': () => addNote(h.deps, { guildId: IDS.GUILD, actor: ACTORS.mod, caseNumber: number, text: 'Later.' }),
    'a second close': () => closeCase(h.deps, { guildId: IDS.GUILD, actor: ACTORS.mod, caseNumber: number, outcome: 'unfounded', reason: 'Again', oneSidedReason: 'Not heard.' }),
  };

  for (const [what, run] of Object.entries(commands)) {
    it(`${what}: refused as closed, nothing saved, nothing owed`, async () => {
      const before = { ...h.snapshot(), actions: h.actions.all.length };
      const result = await run();
      expect(result).toEqual({ ok: false, reason: 'case-closed' });
      expect({ ...h.snapshot(), actions: h.actions.all.length }).toEqual(before);
      const stored = (await h.cases.forGuild(IDS.GUILD).findById((await h.cases.forGuild(IDS.GUILD).find(number))!.id))!;
      expect(stored).toMatchObject({ status: 'closed', outcome: 'no_action' });
    });
  }
});
