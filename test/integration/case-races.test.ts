import { testGuild } from '../support/repository-subjects.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseStateConflict } from '../../src/domain/lifecycle.js';
import { PrismaCaseRepository } from '../../src/persistence/case-repository.js';
import { MOD, ROBIN, newCase } from '../support/case-fixtures.js';
import { createTestDatabase, hasRealPostgres, type DatabaseKind, type TestDatabase } from '../support/test-databases.js';

/**
 * /case close racing every other change to a case (a side, a new party, an
 * escalation, a note), in random orders and with random head starts, on the
 * real repositories: the close always wins in the end. A closed case stays
 * closed with its outcome; a change that lost the race saved nothing and was
 * refused as "case closed"; a change that won committed before the close.
 */
const RUNS = 200;
const SEED = Number(process.env.RACE_SEED ?? 20261202);


type Rival = 'side' | 'party' | 'escalate' | 'note';
const RIVAL_EVENTS: Record<Rival, string> = { side: 'statement_recorded', party: 'party_added', escalate: 'case_escalated', note: 'note_added' };

const kinds: { kind: DatabaseKind; run: boolean }[] = [
  { kind: 'postgresql', run: hasRealPostgres() },
  { kind: 'embedded', run: true },
];

for (const { kind, run } of kinds) {
  describe.runIf(run)(`close racing the other changes of a case, on the ${kind} database`, () => {
    let db: TestDatabase;
    let cases: PrismaCaseRepository;
    beforeAll(async () => {
      db = await createTestDatabase(kind);
      cases = new PrismaCaseRepository(db.prisma);
    });
    afterAll(async () => {
      await db?.drop();
    });

    it(`keeps a closed case closed with its outcome, in ${RUNS} random interleavings (seed ${SEED})`, async () => {
      console.info(`case races on ${kind}: ${RUNS} runs, seed ${SEED} (RACE_SEED replays)`);
      const guildId = testGuild(`g-race-${kind}`);
      let lost = 0;
      let won = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.subarray<Rival>(['side', 'party', 'escalate', 'note', 'side'], { minLength: 1 }),
          fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }),
          fc.constantFrom('advised_self_help', 'no_action', 'unfounded' as const),
          async (rivals, delays, outcome) => {
            const c = await cases.forGuild(guildId).open(newCase());
            const [complainant] = c.parties;
            const wait = (i: number) => new Promise((r) => setTimeout(r, delays[i % delays.length]));
            const rival = async (r: Rival, i: number): Promise<void> => {
              await wait(i + 1);
              if (r === 'side') {
                await cases.forGuild(guildId).addSide(c.id, { party: { id: complainant!.id }, statement: { recordedById: MOD, text: 'My side', source: 'moderator_entry' } }, (p) => ({
                  events: [{ type: 'statement_recorded', actorId: MOD, data: { partyId: p.id } }],
                  owed: [],
                }));
              } else if (r === 'party') {
                await cases.forGuild(guildId).addSide(c.id, { party: { userId: ROBIN, role: 'witness' }, statement: null }, () => ({ events: [{ type: 'party_added', actorId: MOD }], owed: [] }));
              } else if (r === 'escalate') {
                await cases.forGuild(guildId).addEscalation(c.id, { escalatedById: MOD, reason: 'Unsure', urgency: 'normal' }, { type: 'case_escalated', actorId: MOD });
              } else {
                await cases.forGuild(guildId).addNote(c.id, { authorId: MOD, text: 'Note' }, { type: 'note_added', actorId: MOD });
              }
            };
            const closing = (async () => {
              await wait(0);
              return cases.forGuild(guildId).close(c.id, { outcome, reason: 'Done', closedById: MOD, at: new Date() }, { type: 'case_closed', actorId: MOD });
            })();
            const results = await Promise.allSettled([closing, ...rivals.map((r, i) => rival(r, i))]);

            expect(results[0].status).toBe('fulfilled');
            const stored = await db.prisma.case.findUniqueOrThrow({ where: { id: c.id }, include: { events: { orderBy: { id: 'asc' } } } });
            expect(stored.status).toBe('closed');
            expect(stored.outcome).toBe(outcome);
            const closedAt = stored.events.findIndex((e) => e.type === 'case_closed');
            rivals.forEach((r, i) => {
              const result = results[i + 1]!;
              if (result.status === 'rejected') {
                // Lost the race: refused as closed, nothing of it stored after the close.
                expect(result.reason).toBeInstanceOf(CaseStateConflict);
                expect((result.reason as CaseStateConflict).reason).toBe('case-closed');
                lost += 1;
              } else won += 1;
            });
            // Whatever was stored committed before the close: no change of a closed case.
            for (const e of stored.events.slice(closedAt + 1)) expect(Object.values(RIVAL_EVENTS)).not.toContain(e.type);
            const stored2 = await db.prisma.statement.count({ where: { caseId: c.id } });
            expect(stored2).toBe(stored.events.filter((e) => e.type === 'statement_recorded').length);
          },
        ),
        { numRuns: RUNS, seed: SEED },
      );
      console.info(`case races on ${kind}: ${won} rival changes committed before the close, ${lost} refused after it`);
      expect(won + lost).toBeGreaterThan(RUNS);
    }, 120_000);
  });
}
