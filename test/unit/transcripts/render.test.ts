import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CaseRecord, EventRecord, PartyRecord, StatementRecord } from '../../../src/ports.js';
import { escapeHtml, renderTranscriptHtml } from '../../../src/transcripts/render-html.js';
import { escapeMarkdown, renderTranscriptMarkdown } from '../../../src/transcripts/render-markdown.js';
import type { TranscriptDocument, TranscriptMessage } from '../../../src/transcripts/transcript-document.js';

// ---------- golden files ----------

const GOLDEN_DIR = fileURLToPath(new URL('../../golden/', import.meta.url));
const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Compares with test/golden/<name>; with UPDATE_GOLDEN=1, writes the file instead. */
function expectGolden(name: string, actual: string): void {
  const path = `${GOLDEN_DIR}${name}`;
  if (UPDATE) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  let expected: string;
  try {
    expected = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`Golden file ${path} is missing: run UPDATE_GOLDEN=1 npx vitest run test/unit/transcripts`);
  }
  expect(actual, `${name} differs from its golden file (UPDATE_GOLDEN=1 regenerates it)`).toBe(expected);
}

// ---------- documents ----------

const at = (minute: number): Date => new Date(Date.UTC(2026, 10, 25, 16, minute, 0));

const GUILD = '900000000000000000';
const MOD = '100000000000000001';
const BOT = '100000000000000002';
const ALICE = '200000000000000001';
const BOB = '200000000000000002';
const WENDY = '200000000000000003';
const THREAD_1 = '300000000000000001';
const THREAD_2 = '300000000000000002';
const THREAD_3 = '300000000000000003';

const baseCase: CaseRecord = {
  id: 'case-1',
  guildId: GUILD,
  number: 12,
  category: 'stalking',
  status: 'interviewing',
  realLife: false,
  offPlatform: true,
  exposureLocation: null,
  summary: 'Alice says Bob follows her into every voice channel she joins,\nand has messaged her on another app after being asked to stop.',
  openedById: MOD,
  outcome: null,
  closeReason: null,
  closedById: null,
  legalHold: false,
  createdAt: at(0),
  closedAt: null,
};

const party = (n: number, userId: string, role: PartyRecord['role'], threadId: string | null): PartyRecord => ({
  id: `party-${n}`,
  caseId: 'case-1',
  userId,
  role,
  position: n,
  threadId,
});

function message(threadId: string, partyId: string | null, authorId: string, authorName: string, minute: number, content: string, extra: Partial<TranscriptMessage> = {}): TranscriptMessage {
  return {
    messageId: `${threadId}-${minute}`,
    threadId,
    partyId,
    authorId,
    authorName,
    content,
    attachments: [],
    embeds: [],
    sentAt: at(minute),
    editedAt: null,
    ...extra,
  };
}

const statement = (n: number, partyId: string, minute: number, text: string, extra: Partial<StatementRecord> = {}): StatementRecord => ({
  id: `statement-${n}`,
  partyId,
  recordedById: MOD,
  text,
  source: 'moderator_entry',
  sourceUrl: null,
  createdAt: at(minute),
  ...extra,
});

const event = (n: number, minute: number, type: string, data: Record<string, unknown>, actorId = MOD): EventRecord => ({
  id: `event-${n}`,
  caseId: 'case-1',
  actorId,
  type,
  data,
  createdAt: at(minute),
});

const SHA = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';
const INTRO = 'Hello. A moderator of Quiet Harbour has opened case #12 and would like to hear from you.\n\nThis thread is private.';

function basicDocument(): TranscriptDocument {
  const alice = party(1, ALICE, 'complainant', THREAD_1);
  const bob = party(2, BOB, 'accused', THREAD_2);
  return {
    communityName: 'Quiet Harbour',
    language: 'en-US',
    case: baseCase,
    parties: [
      {
        party: alice,
        messages: [
          message(THREAD_1, alice.id, BOT, 'Bothsides', 1, INTRO),
          message(THREAD_1, alice.id, ALICE, 'alice', 5, 'It started two weeks ago.\nHe joins every voice channel I am in, within a minute.', {
            editedAt: at(6),
            attachments: [{ name: 'voice-log.png', url: 'https://cdn.discordapp.com/attachments/1/2/voice-log.png', size: 48213, contentType: 'image/png' }],
          }),
          message(THREAD_1, alice.id, MOD, 'mod.mia', 8, 'Thank you. Has he contacted you anywhere else?'),
          message(THREAD_1, alice.id, ALICE, 'alice', 9, 'Yes, on another app, last Sunday.'),
        ],
      },
      {
        party: bob,
        messages: [
          message(THREAD_2, bob.id, BOT, 'Bothsides', 2, INTRO),
          message(THREAD_2, bob.id, BOB, 'bob', 20, 'We just play the same games. I did not know it bothered her.'),
        ],
      },
    ],
    checkIns: [
      { id: 'k1', caseId: baseCase.id, partyId: alice.id, userId: ALICE, trigger: 'opened' as const, status: 'sent' as const, channel: 'dm' as const, failureReason: null, answer: 'still' as const, answeredAt: at(31), requestedById: MOD, createdAt: at(30) },
      { id: 'k2', caseId: baseCase.id, partyId: bob.id, userId: BOB, trigger: 'opened' as const, status: 'sent' as const, channel: 'interview_thread' as const, failureReason: 'dm: cannot-dm', answer: null, answeredAt: null, requestedById: MOD, createdAt: at(30) },
    ],
    statements: [
      statement(1, alice.id, 10, 'He joins every voice channel I am in and messaged me on another app after I asked him to stop.', {
        source: 'thread_message',
        sourceUrl: `https://discord.com/channels/${GUILD}/${THREAD_1}/400000000000000002`,
      }),
      statement(2, bob.id, 21, 'We play the same games; I did not know it bothered her. I will keep away.'),
    ],
    evidence: [
      {
        number: 1,
        kind: 'file',
        fileName: 'voice-log.png',
        contentType: 'image/png',
        size: 48213,
        sha256: SHA,
        addedById: MOD,
        note: 'Screenshot Alice posted in her thread.',
        sourceUrl: `https://discord.com/channels/${GUILD}/${THREAD_1}/400000000000000002`,
        createdAt: at(11),
      },
    ],
    events: [
      event(1, 0, 'case_opened', { number: 12, category: 'stalking', parties: [ALICE, BOB] }),
      event(2, 1, 'thread_created', { partyId: alice.id, threadId: THREAD_1 }),
      event(3, 2, 'thread_created', { partyId: bob.id, threadId: THREAD_2 }),
      event(4, 10, 'statement_recorded', { partyId: alice.id, source: 'thread_message' }),
      event(5, 11, 'evidence_added', { number: 1, sha256: SHA }),
      event(6, 21, 'statement_recorded', { partyId: bob.id, source: 'moderator_entry' }),
    ],
    generatedAt: at(30),
    names: { [MOD]: 'mod.mia', [ALICE]: 'alice', [BOB]: 'bob' },
  };
}

const SCRIPT = '<script>alert(1)</script>';
const IMG = '<img src=x onerror=alert(1)>';
const BREAKOUT = '"><a href="javascript:alert(1)">x</a>';
const JS_URL = 'javascript:alert(1)';
const CDN_URL = 'https://cdn.discordapp.com/a.png?x=<y>&z="w"';
const MARKDOWN = '**bold** [link](http://evil)';
const MENTIONS = '@everyone <@123>';
const EMBED_TITLE = '<h1>Free nitro</h1><script>steal()</script>';
const EMBED_FIELD = '<b onclick="alert(1)">field</b>';
const LONG_MESSAGE = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit '.repeat(200).slice(0, 10_000);
const LONG_WORD = 'W'.repeat(3000);
/** Hostile strings that contain characters HTML must escape. */
const HTML_HOSTILE = [SCRIPT, IMG, BREAKOUT, CDN_URL, EMBED_TITLE, EMBED_FIELD, "it's <b>'quoted'</b> & \"so\""];

function hostileDocument(): TranscriptDocument {
  const alice = party(1, ALICE, 'complainant', THREAD_1);
  const bob = party(2, BOB, 'accused', THREAD_2);
  return {
    communityName: `Harbour ${SCRIPT}`,
    language: 'en-US',
    case: { ...baseCase, number: 13, category: 'harassment', summary: `Summary with ${IMG} and ${MARKDOWN} and ${MENTIONS}` },
    parties: [
      {
        party: alice,
        messages: [
          message(THREAD_1, alice.id, ALICE, IMG, 1, SCRIPT),
          message(THREAD_1, alice.id, ALICE, IMG, 2, `${BREAKOUT}\n${MARKDOWN}\n${MENTIONS}\n# not a heading\n- not a list\n1. not a list\n> not a quote\n\`code\` ~~strike~~ ||spoiler|| _it_ \\ |table|`, {
            attachments: [
              { name: SCRIPT, url: JS_URL, size: null, contentType: null },
              { name: 'a.png', url: CDN_URL, size: 2_500_000, contentType: 'image/png' },
              { name: 'data.html', url: 'data:text/html,<script>alert(1)</script>', size: 10, contentType: 'text/html' },
              { name: 'tab.png', url: 'java\tscript:alert(1)', size: 10, contentType: null },
              { name: 'at.png', url: 'https://example.com/@everyone/at.png', size: 1, contentType: null },
            ],
          }),
          message(THREAD_1, alice.id, ALICE, 'alice', 3, '', {
            embeds: [
              {
                title: EMBED_TITLE,
                url: JS_URL,
                author: { name: IMG },
                description: `${SCRIPT}\n${MENTIONS}`,
                fields: [
                  { name: EMBED_FIELD, value: BREAKOUT, inline: true },
                  { name: 'plain', value: MARKDOWN },
                ],
                footer: { text: `</div></section>${SCRIPT}` },
              },
              42,
              null,
              { fields: 'not a list' },
            ],
          }),
          message(THREAD_1, alice.id, ALICE, 'alice', 4, LONG_MESSAGE),
          message(THREAD_1, alice.id, ALICE, 'alice', 5, `Look: ${LONG_WORD} end`),
          message(THREAD_1, alice.id, ALICE, 'alice', 6, "it's <b>'quoted'</b> & \"so\""),
        ],
      },
      { party: bob, messages: [message(THREAD_2, bob.id, BOB, `bob ${MENTIONS}`, 7, `${MENTIONS} @here`)] },
    ],
    checkIns: [],
    statements: [
      statement(1, alice.id, 10, `${SCRIPT} ${MENTIONS}`, { source: 'thread_message', sourceUrl: JS_URL }),
      statement(2, bob.id, 11, MARKDOWN, { sourceUrl: CDN_URL }),
    ],
    evidence: [
      {
        number: 1,
        kind: 'message',
        fileName: IMG,
        contentType: 'text/plain',
        size: 120,
        sha256: SHA,
        addedById: MOD,
        note: BREAKOUT,
        sourceUrl: JS_URL,
        createdAt: at(12),
      },
    ],
    events: [event(1, 0, 'case_opened', { summary: SCRIPT, note: BREAKOUT, mention: MENTIONS }), event(2, 12, 'evidence_added', { fileName: IMG })],
    generatedAt: at(30),
    names: { [MOD]: `mod ${SCRIPT}`, [ALICE]: IMG, [BOB]: `bob ${MENTIONS}` },
  };
}

function closedDocument(): TranscriptDocument {
  const alice = party(1, ALICE, 'complainant', THREAD_1);
  const bob = party(2, BOB, 'accused', THREAD_2);
  const wendy = party(3, WENDY, 'witness', THREAD_3);
  const closed: CaseRecord = Object.assign(
    {
      ...baseCase,
      number: 14,
      category: 'personal_info_exposed' as const,
      status: 'closed' as const,
      realLife: true,
      exposureLocation: 'elsewhere' as const,
      outcome: 'referred_to_authorities' as const,
      closeReason: 'Alice was advised to contact the police.\nBob was banned from the server.',
      closedById: MOD,
      closedAt: at(120),
    },
    { legalHold: true },
  );
  return {
    communityName: 'Quiet Harbour',
    language: 'en-US',
    case: closed,
    parties: [
      { party: alice, messages: [message(THREAD_1, alice.id, ALICE, 'alice', 5, 'He posted my home address in another server.')] },
      { party: bob, messages: [] },
      { party: wendy, messages: [message(THREAD_3, wendy.id, WENDY, 'wendy', 40, 'I saw the post before it was deleted.')] },
    ],
    checkIns: [{ id: 'k3', caseId: closed.id, partyId: alice.id, userId: ALICE, trigger: 'opened' as const, status: 'not_delivered' as const, channel: null, failureReason: 'dm: cannot-dm; no interview thread', answer: null, answeredAt: null, requestedById: MOD, createdAt: at(60) }],
    statements: [statement(1, alice.id, 10, 'He posted my home address.'), statement(2, wendy.id, 41, 'I saw the post.')],
    evidence: [],
    events: [
      event(1, 0, 'case_opened', { number: 14 }),
      event(2, 100, 'party_added', { userId: WENDY, role: 'witness' }),
      event(3, 120, 'case_closed', { outcome: 'referred_to_authorities' }),
    ],
    generatedAt: at(121),
    names: { [MOD]: 'mod.mia', [ALICE]: 'alice', [WENDY]: 'wendy' },
  };
}

// ---------- property helpers ----------

const hrefs = (html: string): string[] => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1] ?? '');
const tags = (html: string): string[] => html.match(/<[^>]*>/g) ?? [];
const ALLOWED_TAGS = new Set(['!DOCTYPE', 'html', 'head', 'meta', 'title', 'style', 'body', 'header', 'h1', 'h2', 'h3', 'h4', 'p', 'dl', 'dt', 'dd', 'span', 'div', 'section', 'article', 'ul', 'li', 'br', 'a', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const CSP_META = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`;

// ---------- tests ----------

describe('transcript renderers: golden files', () => {
  it('basic two-party case', () => {
    expectGolden('transcript-basic.html', renderTranscriptHtml(basicDocument()));
    expectGolden('transcript-basic.md', renderTranscriptMarkdown(basicDocument()));
  });

  it('hostile content', () => {
    expectGolden('transcript-hostile.html', renderTranscriptHtml(hostileDocument()));
    expectGolden('transcript-hostile.md', renderTranscriptMarkdown(hostileDocument()));
  });

  it('closed case with a witness and a thread without messages', () => {
    expectGolden('transcript-closed.html', renderTranscriptHtml(closedDocument()));
    expectGolden('transcript-closed.md', renderTranscriptMarkdown(closedDocument()));
  });
});

describe('HTML transcript', () => {
  const html = renderTranscriptHtml(hostileDocument());

  it('is one page with the strict CSP, inline style only, and no script or external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(CSP_META);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed|base|form|svg)/i);
    expect(html).toMatch(/white-space: pre-wrap; overflow-wrap: anywhere;/);
    for (const tag of tags(html)) {
      const name = /^<\/?([!a-zA-Z0-9]+)/.exec(tag)?.[1] ?? tag;
      expect(ALLOWED_TAGS, `unexpected tag ${tag}`).toContain(name);
      expect(tag, 'no event handler attribute').not.toMatch(/\son\w+\s*=/i);
      expect(tag, 'nothing loaded').not.toMatch(/\ssrc\s*=/i);
    }
  });

  it('links only http(s) URLs, with rel="noreferrer noopener"', () => {
    const links = hrefs(html);
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/^https?:\/\//);
    expect(links.join(' ')).not.toMatch(/javascript:|data:/i);
    const anchors = tags(html).filter((t) => t.startsWith('<a '));
    expect(anchors.length).toBe(links.length);
    for (const a of anchors) expect(a).toContain('rel="noreferrer noopener"');
    expect(links).toContain('https://cdn.discordapp.com/a.png?x=%3Cy%3E&amp;z=%22w%22');
  });

  it('shows every hostile string only escaped', () => {
    for (const hostile of HTML_HOSTILE) {
      expect(html).not.toContain(hostile);
      expect(html).toContain(escapeHtml(hostile));
    }
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
    expect(html).toContain(`${JS_URL}</span> <span class="meta">(not a web link)</span>`);
  });

  it('keeps long messages whole and line breaks as they are', () => {
    expect(html).toContain(`<div class="text">${LONG_MESSAGE}</div>`);
    expect(html).toContain(LONG_WORD);
    expect(html).toContain('<div class="text">&quot;&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;\n**bold**');
  });

  it('shows a thread without messages, the witness, the close and the legal hold', () => {
    const closed = renderTranscriptHtml(closedDocument());
    expect(closed).toContain('Party 3 — Witness: wendy');
    expect(closed).toContain('No messages');
    expect(closed).toContain('Referred to the authorities');
    expect(closed).toContain('Legal hold');
    expect(closed).toContain(`Party 2 — Accused: ${BOB}`); // no name known: the id
  });

  it('shows messages oldest first and leaves the document untouched', () => {
    const doc = basicDocument();
    const first = doc.parties[0];
    if (first === undefined) throw new Error('no party');
    const reversed = { ...doc, parties: [{ ...first, messages: [...first.messages].reverse() }, ...doc.parties.slice(1)] };
    const snapshot = JSON.stringify(reversed);
    expect(renderTranscriptHtml(reversed)).toBe(renderTranscriptHtml(doc));
    expect(JSON.stringify(reversed)).toBe(snapshot);
  });
});

describe('Markdown transcript', () => {
  const md = renderTranscriptMarkdown(hostileDocument());

  it('pings nobody: no raw @everyone, @here or user mention', () => {
    expect(md).not.toMatch(/@everyone|@here|<@\d/);
    expect(md).toContain('@\u200beveryone');
  });

  it('has no unescaped < except http(s) autolinks, so no raw HTML', () => {
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/(?<!\\)<(?!https?:\/\/)/);
    expect(md).not.toMatch(/<javascript:|<data:|\]\(javascript:/i);
    expect(md).toContain('<https://cdn.discordapp.com/a.png?x=%3Cy%3E&z=%22w%22>');
    expect(md).toContain('javascript:alert(1) (not a web link)');
    expect(md).toContain('<https://example.com/%40everyone/at.png>');
  });

  it('escapes Markdown so user text shows literally', () => {
    expect(md).toContain('\\*\\*bold\\*\\* \\[link\\](http://evil)');
    expect(md).toContain('> \\# not a heading\n> \\- not a list\n> 1\\. not a list\n> \\> not a quote');
    expect(escapeMarkdown('\\ * _ ` ~ | > # [ ]')).toBe('\\\\ \\* \\_ \\` \\~ \\| \\> \\# \\[ \\]');
    expect(escapeMarkdown('+ a\n  - b\n3) c')).toBe('\\+ a\n  \\- b\n3\\) c');
  });

  it('keeps long messages whole', () => {
    expect(md).toContain(`> ${LONG_MESSAGE}\n`);
    expect(md).toContain(LONG_WORD);
  });

  it('shows a thread without messages and the closed case', () => {
    const closed = renderTranscriptMarkdown(closedDocument());
    expect(closed).toContain('## Party 3 — Witness: wendy');
    expect(closed).toContain('*No messages*');
    expect(closed).toContain('- **Close reason:** Alice was advised to contact the police.\n  Bob was banned from the server.');
  });
});

describe('catalogue texts', () => {
  it('shows user text that looks like a placeholder or a nested key literally', () => {
    const tricky = '{{user}} $t(transcript.staffOnly) {{count}}';
    const doc: TranscriptDocument = { ...basicDocument(), communityName: tricky, names: { [MOD]: tricky, [ALICE]: tricky } };
    for (const out of [renderTranscriptHtml(doc), renderTranscriptMarkdown(doc)]) {
      expect(out).toContain(`${tricky} (${MOD})`);
      expect(out).toContain(`Party 1 — Complainant: ${tricky} (${ALICE})`);
      expect(out.split('Staff only.').length - 1, 'the notice only where it belongs').toBe(1);
    }
  });
});
