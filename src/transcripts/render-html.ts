/**
 * A case transcript as one self-contained HTML page, readable offline.
 *
 * Everything that comes from users or Discord is escaped; only http(s) URLs
 * become links; the page carries no script and a CSP that lets nothing load
 * or run. Pure: no I/O.
 *
 * The format-neutral helpers at the top (facts, names, embeds, URLs, sizes)
 * are shared with the Markdown renderer, so both show the same content.
 */
import { CATEGORY_LABELS, OUTCOME_LABELS, ROLE_LABELS, STATUS_LABELS, TOPIC_LABELS } from '../messages/labels.js';
import type { StatementSource } from '../domain/types.js';
import type { CaseRecord, EventRecord, PartyRecord, StatementRecord } from '../ports.js';
import type { TranscriptAttachment, TranscriptDocument, TranscriptEvidence, TranscriptMessage } from './transcript-document.js';

// ---------- shared with render-markdown.ts ----------

export const STAFF_ONLY_NOTICE =
  'Staff only. This transcript contains private interviews and statements: do not share it with the parties or outside the moderation team.';

const SOURCE_LABELS: Record<StatementSource, string> = {
  moderator_entry: 'Entered by a moderator',
  thread_message: 'From the interview thread',
  report: 'From a report',
};

/** Times are always shown in UTC, ISO 8601. */
export const utc = (date: Date): string => date.toISOString();

/** "Name (id)" when the name is known, else the id. */
export const person = (doc: TranscriptDocument, userId: string): string => {
  const name = doc.names[userId];
  return name === undefined ? userId : `${name} (${userId})`;
};

function formatSize(bytes: number | null): string {
  if (bytes === null) return 'size unknown';
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  return bytes < 1024 ** 2 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;
}

/** The rounded size and, when rounded, the exact count: what evidence needs. */
const exactSize = (bytes: number): string => (bytes < 1024 ? formatSize(bytes) : `${formatSize(bytes)} (${bytes} bytes)`);

/** The URL to link to, when it is an http(s) URL; null for anything else (javascript:, data:, relative...). */
export function webHref(url: string): string | null {
  if (!/^https?:\/\//i.test(url)) return null;
  try {
    return new URL(url).href; // percent-encodes quotes, brackets and spaces
  } catch {
    return null;
  }
}

/** The legal hold is not part of CaseRecord yet; shown when the record carries it. */
const hasLegalHold = (c: CaseRecord): boolean => c.legalHold;

export const caseTitle = (c: CaseRecord): string => `Case #${c.number} — ${CATEGORY_LABELS[c.category]}`;

/** A label and its plain-text value; `code` asks for a monospace value (hashes). */
export type Fact = { readonly label: string; readonly value: string; readonly code?: boolean };

/** The header of the transcript, as label/value pairs of plain text. */
export function caseFacts(doc: TranscriptDocument): Fact[] {
  const c = doc.case;
  const yesNo = (flag: boolean): string => (flag ? 'Yes' : 'No');
  const facts: Fact[] = [
    { label: 'Community', value: doc.communityName },
    { label: 'Status', value: STATUS_LABELS[c.status] },
  ];
  if (c.outcome !== null) facts.push({ label: 'Outcome', value: OUTCOME_LABELS[c.outcome] });
  if (c.closeReason !== null) facts.push({ label: 'Close reason', value: c.closeReason });
  facts.push({ label: 'Opened', value: `${utc(c.createdAt)} by ${person(doc, c.openedById)}` });
  if (c.closedAt !== null || c.closedById !== null) {
    const by = c.closedById === null ? '' : ` by ${person(doc, c.closedById)}`;
    facts.push({ label: 'Closed', value: `${c.closedAt === null ? 'time unknown' : utc(c.closedAt)}${by}` });
  }
  facts.push({ label: TOPIC_LABELS.real_life, value: yesNo(c.realLife) }, { label: TOPIC_LABELS.off_platform, value: yesNo(c.offPlatform) });
  if (c.exposureLocation !== null) {
    facts.push({ label: 'Personal info exposed', value: c.exposureLocation === 'on_server' ? 'On this server' : 'Elsewhere' });
  }
  if (hasLegalHold(c)) facts.push({ label: 'Legal hold', value: 'Yes: this case is never deleted by the retention sweep' });
  facts.push({ label: 'Generated', value: utc(doc.generatedAt) });
  return facts;
}

export const partyTitle = (doc: TranscriptDocument, p: PartyRecord): string =>
  `Party ${p.position} — ${ROLE_LABELS[p.role]}: ${person(doc, p.userId)}`;

export const threadLine = (p: PartyRecord): string => (p.threadId === null ? 'No interview thread' : `Interview thread ${p.threadId}`);

export const oldestFirst = (messages: readonly TranscriptMessage[]): TranscriptMessage[] =>
  [...messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());

export const messageMeta = (m: TranscriptMessage): string =>
  `${utc(m.sentAt)} — ${m.authorName} (${m.authorId})${m.editedAt === null ? '' : ` (edited ${utc(m.editedAt)})`}`;

export const attachmentMeta = (a: TranscriptAttachment): string => `${formatSize(a.size)}${a.contentType === null ? '' : `, ${a.contentType}`}`;

/** Statements grouped by party, in party order; statements of no listed party come last. */
export function statementGroups(doc: TranscriptDocument): { title: string; statements: StatementRecord[] }[] {
  const groups = doc.parties.map(({ party }) => ({
    title: `${ROLE_LABELS[party.role]}: ${person(doc, party.userId)}`,
    statements: doc.statements.filter((s) => s.partyId === party.id),
  }));
  const known = new Set(doc.parties.map(({ party }) => party.id));
  const orphans = doc.statements.filter((s) => !known.has(s.partyId));
  if (orphans.length > 0) groups.push({ title: 'Party not in this case', statements: orphans });
  return groups;
}

export const statementMeta = (doc: TranscriptDocument, s: StatementRecord): string =>
  `${utc(s.createdAt)} — recorded by ${person(doc, s.recordedById)} — ${SOURCE_LABELS[s.source]}`;

export function evidenceFacts(doc: TranscriptDocument, e: TranscriptEvidence): Fact[] {
  return [
    { label: 'Kind', value: e.kind === 'file' ? 'File' : 'Message' },
    { label: 'Type', value: e.contentType },
    { label: 'Size', value: exactSize(e.size) },
    { label: 'SHA-256', value: e.sha256, code: true },
    { label: 'Added', value: `${utc(e.createdAt)} by ${person(doc, e.addedById)}` },
    ...(e.note === null ? [] : [{ label: 'Note', value: e.note }]),
  ];
}

export const eventData = (e: EventRecord): string => JSON.stringify(e.data);

export type EmbedText = {
  readonly title: string | null;
  readonly url: string | null;
  readonly author: string | null;
  readonly description: string | null;
  readonly fields: readonly { readonly name: string; readonly value: string }[];
  readonly footer: string | null;
};

const asText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const asObject = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The text of an embed as Discord gave it (API shape); anything else in it is ignored. */
export function readEmbed(raw: unknown): EmbedText {
  const e = asObject(raw);
  const fields = (Array.isArray(e.fields) ? e.fields : [])
    .map(asObject)
    .map((f) => ({ name: asText(f.name) ?? '', value: asText(f.value) ?? '' }))
    .filter((f) => f.name !== '' || f.value !== '');
  return {
    title: asText(e.title),
    url: asText(e.url),
    author: asText(asObject(e.author).name),
    description: asText(e.description),
    fields,
    footer: asText(asObject(e.footer).text),
  };
}

// ---------- HTML ----------

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
:root { color-scheme: light dark; }
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
h1, h2, h3, h4 { margin: 1.2em 0 .4em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.notice { border: 2px solid #c33; border-radius: 4px; padding: .5rem .75rem; font-weight: bold; }
.meta { color: GrayText; font-size: .9em; }
.empty { font-style: italic; }
dl.facts { display: grid; grid-template-columns: fit-content(40%) minmax(0, 1fr); gap: .2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
section { border-top: 3px double #888; margin-top: 2rem; }
section.party { border: 1px solid #888; border-radius: 6px; padding: 0 1rem 1rem; }
.message, .statement, .item { border-top: 1px solid #8884; padding: .5rem 0; }
.embed { border-left: 4px solid #88a; padding: .1rem .6rem; margin: .4rem 0; }
ul.attachments { margin: .3rem 0; }
code { font-family: ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #8886; padding: .25rem .4rem; text-align: left; vertical-align: top; }
`;

const p = (cls: string, html: string): string => `<p class="${cls}">${html}</p>`;
const textBlock = (text: string): string => `<div class="text">${escapeHtml(text)}</div>`;
const empty = (what: string): string => p('empty', escapeHtml(what));

/** An http(s) URL as a link showing the URL itself; anything else as plain text only. */
function urlHtml(url: string): string {
  const href = webHref(url);
  if (href === null) return `<span class="text">${escapeHtml(url)}</span> <span class="meta">(not a web link)</span>`;
  return `<a href="${escapeHtml(href)}" rel="noreferrer noopener">${escapeHtml(url)}</a>`;
}

const factHtml = (f: Fact): string =>
  `<dt>${escapeHtml(f.label)}</dt><dd>${f.code === true ? `<code>${escapeHtml(f.value)}</code>` : `<span class="text">${escapeHtml(f.value)}</span>`}</dd>`;

const factsHtml = (rows: readonly string[]): string => `<dl class="facts">\n${rows.join('\n')}\n</dl>`;

function headerHtml(doc: TranscriptDocument): string {
  return [
    '<header>',
    `<h1>${escapeHtml(caseTitle(doc.case))}</h1>`,
    p('notice', escapeHtml(STAFF_ONLY_NOTICE)),
    factsHtml(caseFacts(doc).map(factHtml)),
    '</header>',
  ].join('\n');
}

function summaryHtml(doc: TranscriptDocument): string {
  return ['<section>', '<h2>Summary</h2>', textBlock(doc.case.summary), '</section>'].join('\n');
}

function attachmentHtml(a: TranscriptAttachment): string {
  return `<li>${escapeHtml(a.name)} <span class="meta">(${escapeHtml(attachmentMeta(a))})</span><br>${urlHtml(a.url)}</li>`;
}

function embedHtml(raw: unknown): string {
  const e = readEmbed(raw);
  const parts = [
    e.author === null ? '' : p('meta', escapeHtml(e.author)),
    e.title === null ? '' : `<h4>${escapeHtml(e.title)}</h4>`,
    e.url === null ? '' : p('meta', urlHtml(e.url)),
    e.description === null ? '' : textBlock(e.description),
    e.fields.length === 0
      ? ''
      : factsHtml(e.fields.map((f) => factHtml({ label: f.name, value: f.value }))),
    e.footer === null ? '' : p('meta', escapeHtml(e.footer)),
  ].filter((part) => part !== '');
  return `<div class="embed">\n${parts.length === 0 ? empty('Embed without text') : parts.join('\n')}\n</div>`;
}

function messageHtml(m: TranscriptMessage): string {
  const parts = [
    p('meta', escapeHtml(messageMeta(m))),
    m.content === '' ? empty('No text') : textBlock(m.content),
    m.attachments.length === 0 ? '' : `<ul class="attachments">\n${m.attachments.map(attachmentHtml).join('\n')}\n</ul>`,
    ...m.embeds.map(embedHtml),
  ].filter((part) => part !== '');
  return `<article class="message">\n${parts.join('\n')}\n</article>`;
}

function partyHtml(doc: TranscriptDocument, entry: TranscriptDocument['parties'][number]): string {
  const messages = oldestFirst(entry.messages);
  return [
    '<section class="party">',
    `<h2>${escapeHtml(partyTitle(doc, entry.party))}</h2>`,
    p('meta', escapeHtml(threadLine(entry.party))),
    messages.length === 0 ? empty('No messages') : messages.map(messageHtml).join('\n'),
    '</section>',
  ].join('\n');
}

function statementHtml(doc: TranscriptDocument, s: StatementRecord): string {
  const source = s.sourceUrl === null ? '' : p('meta', `Source: ${urlHtml(s.sourceUrl)}`);
  return ['<article class="statement">', p('meta', escapeHtml(statementMeta(doc, s))), textBlock(s.text), source, '</article>']
    .filter((part) => part !== '')
    .join('\n');
}

function statementsHtml(doc: TranscriptDocument): string {
  const groups = statementGroups(doc).map((g) =>
    [`<h3>${escapeHtml(g.title)}</h3>`, g.statements.length === 0 ? empty('No statements') : g.statements.map((s) => statementHtml(doc, s)).join('\n')].join('\n'),
  );
  return ['<section>', '<h2>Statements</h2>', ...groups, '</section>'].join('\n');
}

function evidenceItemHtml(doc: TranscriptDocument, e: TranscriptEvidence): string {
  const rows = evidenceFacts(doc, e).map(factHtml);
  if (e.sourceUrl !== null) rows.push(`<dt>Source</dt><dd>${urlHtml(e.sourceUrl)}</dd>`);
  return ['<article class="item">', `<h3>E${e.number} — ${escapeHtml(e.fileName)}</h3>`, factsHtml(rows), '</article>'].join('\n');
}

function evidenceHtml(doc: TranscriptDocument): string {
  const items = doc.evidence.length === 0 ? [empty('No evidence items')] : doc.evidence.map((e) => evidenceItemHtml(doc, e));
  return ['<section>', '<h2>Evidence</h2>', ...items, '</section>'].join('\n');
}

function auditHtml(doc: TranscriptDocument): string {
  if (doc.events.length === 0) return ['<section>', '<h2>Audit log</h2>', empty('No events'), '</section>'].join('\n');
  const rows = doc.events.map((e) =>
    [
      '<tr>',
      `<td>${escapeHtml(utc(e.createdAt))}</td>`,
      `<td>${escapeHtml(person(doc, e.actorId))}</td>`,
      `<td>${escapeHtml(e.type)}</td>`,
      `<td><code class="text">${escapeHtml(eventData(e))}</code></td>`,
      '</tr>',
    ].join(''),
  );
  return [
    '<section>',
    '<h2>Audit log</h2>',
    '<table>',
    '<thead><tr><th>Time (UTC)</th><th>Actor</th><th>Type</th><th>Data</th></tr></thead>',
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

export function renderTranscriptHtml(doc: TranscriptDocument): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${caseTitle(doc.case)} — ${doc.communityName}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    headerHtml(doc),
    summaryHtml(doc),
    ...doc.parties.map((entry) => partyHtml(doc, entry)),
    statementsHtml(doc),
    evidenceHtml(doc),
    auditHtml(doc),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
