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
});
