import { describe, expect, it } from 'vitest';
import { runDemo } from '../../scripts/demo/run-demo.js';

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
});
