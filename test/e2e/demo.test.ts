import { describe, expect, it } from 'vitest';
import { runDemo } from '../../scripts/demo/run-demo.js';
import { translator } from '../../src/i18n/translate.js';

/** `npm run demo` plays a whole case on the embedded database; this runs the same code and reads its transcript. */
describe('npm run demo', () => {
  it('plays a whole case on the embedded database and prints what every person saw, with no spec violation', async () => {
    const lines: string[] = [];
    const summary = await runDemo((line) => lines.push(line));
    const transcript = lines.join('\n');

    expect(transcript).toContain('embedded PostgreSQL (PGlite)');
    for (const step of ['Settings saved.', 'Case #1 opened.', 'by DM', 'Recorded this message as a statement in case #1', 'Case #1 is escalated', 'Acknowledged: by @Ada', 'Sides heard: 2 of 2', 'Case #1 is closed']) {
      expect(transcript).toContain(step);
    }
    expect(transcript).toContain("Neither ever saw the other's name, words or thread.");
    expect(summary.violations).toBe(0);
    expect(summary.requestsValidated).toBeGreaterThan(25);
    // Each party saw their introduction, their advice and the closing message, nothing of the other side.
    expect(summary.seenBy.alex).toHaveLength(3);
    expect(summary.seenBy.sam).toHaveLength(3);
    expect(JSON.stringify(summary.seenBy.sam.map((m) => m.json))).not.toContain('Sam turns up');
  });

  it('plays it in another language with --lang: the commands as a French moderator types them, the bot\'s words in French', async () => {
    const lines: string[] = [];
    const summary = await runDemo((line) => lines.push(line), { language: 'fr' });
    const transcript = lines.join('\n');
    const fr = translator('fr');
    expect(transcript).toContain(`/${fr('commands.case.name')} ${fr('commands.case.open.name')} `);
    // Choices are shown by their name, as Discord shows them, not by their value.
    expect(transcript).toContain(`${fr('commands.case.open.category.name')}:"${fr('labels.categoryChoice.harassment')}"`);
    expect(transcript).not.toContain('"advised_self_help"');
    for (const text of [fr('setup.saved'), fr('caseOpen.opened', { number: 1 }), fr('caseRecord.statementRecorded', { number: 1 })]) expect(transcript).toContain(text);
    expect(summary.violations).toBe(0);
  });

  it('with --web, serves the case desk and prints a login link that works with the local Discord API', async () => {
    const lines: string[] = [];
    let board = '';
    await runDemo((line) => lines.push(line), {
      web: {
        keepOpen: async (deskUrl) => {
          // What a browser opening the printed link does: follow it through the local Discord API's OAuth2.
          const link = /open (http:\/\/\S+\/login) in a browser/.exec(lines.join('\n'))?.[1];
          expect(link).toBe(`${deskUrl}/login`);
          let cookie = '';
          let next = link!;
          for (let i = 0; i < 5; i++) {
            const res = await fetch(next, { redirect: 'manual', headers: cookie ? { cookie } : {} });
            for (const c of res.headers.getSetCookie()) cookie = [cookie, c.split(';')[0]].filter(Boolean).join('; ');
            const location = res.headers.get('location');
            if (location === null) break;
            next = new URL(location, next).toString();
          }
          const guild = /href="(\/g\/\d+\/cases)"/.exec(await (await fetch(`${deskUrl}/`, { headers: { cookie } })).text())?.[1];
          board = await (await fetch(`${deskUrl}${guild}`, { headers: { cookie } })).text();
        },
      },
    });
    expect(board).toContain('Cases of Example Town');
    expect(board).toContain('#1');
  });
});
