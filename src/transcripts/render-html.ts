/**
 * A case transcript as one self-contained HTML page, readable offline.
 *
 * Everything that comes from users or Discord is escaped; only http(s) URLs
 * become links; the page carries no script and a CSP that lets nothing load
 * or run. Pure: no I/O.
 *
 * The format-neutral helpers at the top (facts, names, embeds, URLs, sizes)
 * are shared with the Markdown renderer, so both show the same content.
 * Every heading and label is written in the document's language (`t`).
 */
import { checkInDelivery } from '../messages/check-in-texts.js';
import type { StatementSource } from '../domain/types.js';
import { translator, type Key, type T } from '../i18n/translate.js';
import type { CaseRecord, CheckInRecord, EventRecord, PartyRecord, StatementRecord } from '../ports.js';
import type { TranscriptAttachment, TranscriptDocument, TranscriptEvidence, TranscriptMessage } from './transcript-document.js';

// ---------- shared with render-markdown.ts ----------

const SOURCE_KEYS = {
  moderator_entry: 'transcript.sourceModerator',
  thread_message: 'transcript.sourceThread',
  report: 'transcript.sourceReport',
} as const satisfies Record<StatementSource, Key>;

/** Times are always shown in UTC, ISO 8601. */
export const utc = (date: Date): string => date.toISOString();

/** "Name (id)" when the name is known, else the id. */
export const person = (doc: TranscriptDocument, userId: string): string => {
  const name = doc.names[userId];
  return name === undefined ? userId : `${name} (${userId})`;
};

function formatSize(t: T, bytes: number | null): string {
  if (bytes === null) return t('transcript.sizeUnknown');
  if (bytes < 1024) return t('transcript.bytes', { count: bytes });
  const oneDecimal = (n: number): string => new Intl.NumberFormat(t.language, { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }).format(n);
  return bytes < 1024 ** 2 ? t('transcript.kilobytes', { size: oneDecimal(bytes / 1024) }) : t('transcript.megabytes', { size: oneDecimal(bytes / 1024 ** 2) });
}

/** The rounded size and, when rounded, the exact count: what evidence needs. */
const exactSize = (t: T, bytes: number): string =>
  bytes < 1024 ? formatSize(t, bytes) : `${formatSize(t, bytes)} (${t('transcript.bytes', { count: bytes })})`;

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

export const caseTitle = (t: T, c: CaseRecord): string => t('transcript.title', { number: c.number, category: t(`labels.category.${c.category}`) });

/** A label and its plain-text value; `code` asks for a monospace value (hashes). */
export type Fact = { readonly label: string; readonly value: string; readonly code?: boolean };

/** The header of the transcript, as label/value pairs of plain text. */
export function caseFacts(t: T, doc: TranscriptDocument): Fact[] {
  const c = doc.case;
  const yesNo = (flag: boolean): string => (flag ? t('common.yes') : t('common.no'));
  const facts: Fact[] = [
    { label: t('transcript.community'), value: doc.communityName },
    { label: t('transcript.status'), value: t(`labels.status.${c.status}`) },
  ];
  if (c.outcome !== null) facts.push({ label: t('transcript.outcome'), value: t(`labels.outcome.${c.outcome}`) });
  if (c.closeReason !== null) facts.push({ label: t('transcript.closeReason'), value: c.closeReason });
  facts.push({ label: t('transcript.opened'), value: t('transcript.by', { when: utc(c.createdAt), user: person(doc, c.openedById) }) });
  if (c.closedAt !== null || c.closedById !== null) {
    const when = c.closedAt === null ? t('transcript.timeUnknown') : utc(c.closedAt);
    facts.push({ label: t('transcript.closed'), value: c.closedById === null ? when : t('transcript.by', { when, user: person(doc, c.closedById) }) });
  }
  facts.push(
    { label: t('labels.topic.real_life'), value: yesNo(c.realLife) },
    { label: t('labels.topic.off_platform'), value: yesNo(c.offPlatform) },
  );
  if (c.exposureLocation !== null) {
    facts.push({ label: t('transcript.exposed'), value: c.exposureLocation === 'on_server' ? t('transcript.onServer') : t('transcript.elsewhere') });
  }
  if (hasLegalHold(c)) facts.push({ label: t('transcript.legalHold'), value: t('transcript.legalHoldValue') });
  facts.push({ label: t('transcript.generated'), value: utc(doc.generatedAt) });
  return facts;
}

export const partyTitle = (t: T, doc: TranscriptDocument, p: PartyRecord): string =>
  t('transcript.party', { position: p.position, role: t(`labels.role.${p.role}`), user: person(doc, p.userId) });

export const threadLine = (t: T, p: PartyRecord): string =>
  p.threadId === null ? t('transcript.noThread') : t('transcript.thread', { id: p.threadId });

export const oldestFirst = (messages: readonly TranscriptMessage[]): TranscriptMessage[] =>
  [...messages].sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime());

export const messageMeta = (t: T, m: TranscriptMessage): string =>
  `${utc(m.sentAt)} — ${m.authorName} (${m.authorId})${m.editedAt === null ? '' : t('transcript.edited', { when: utc(m.editedAt) })}`;

export const attachmentMeta = (t: T, a: TranscriptAttachment): string =>
  `${formatSize(t, a.size)}${a.contentType === null ? '' : `, ${a.contentType}`}`;

/** Statements grouped by party, in party order; statements of no listed party come last. */
export function statementGroups(t: T, doc: TranscriptDocument): { title: string; statements: StatementRecord[] }[] {
  const groups = doc.parties.map(({ party }) => ({
    title: t('transcript.statementsOf', { role: t(`labels.role.${party.role}`), user: person(doc, party.userId) }),
    statements: doc.statements.filter((s) => s.partyId === party.id),
  }));
  const known = new Set(doc.parties.map(({ party }) => party.id));
  const orphans = doc.statements.filter((s) => !known.has(s.partyId));
  if (orphans.length > 0) groups.push({ title: t('transcript.orphans'), statements: orphans });
  return groups;
}

/** One check-in: when, to whom, how it went, and the answer (the same line in both formats). */
export function checkInLine(t: T, doc: TranscriptDocument, c: CheckInRecord): string {
  const party = doc.parties.find(({ party: p }) => p.id === c.partyId)?.party;
  const how = checkInDelivery(t, c);
  const answer = c.answer === null ? t('caseView.checkInWaiting') : t('transcript.checkInAnswered', { answer: t(`checkIn.answer.${c.answer}`), when: utc(c.answeredAt ?? c.createdAt) });
  return t('transcript.checkInLine', { when: utc(c.createdAt), role: party ? t(`labels.role.${party.role}`) : '', user: person(doc, c.userId), how, answer });
}

export const statementMeta = (t: T, doc: TranscriptDocument, s: StatementRecord): string =>
  t('transcript.recordedBy', { when: utc(s.createdAt), user: person(doc, s.recordedById), source: t(SOURCE_KEYS[s.source]) });

export function evidenceFacts(t: T, doc: TranscriptDocument, e: TranscriptEvidence): Fact[] {
  return [
    { label: t('transcript.kind'), value: e.kind === 'file' ? t('transcript.file') : t('transcript.message') },
    { label: t('transcript.type'), value: e.contentType },
    { label: t('transcript.size'), value: exactSize(t, e.size) },
    { label: 'SHA-256', value: e.sha256, code: true },
    { label: t('transcript.added'), value: t('transcript.by', { when: utc(e.createdAt), user: person(doc, e.addedById) }) },
    ...(e.note === null ? [] : [{ label: t('transcript.note'), value: e.note }]),
  ];
}

/** What a URL that is not http(s) is marked with, after it: "(not a web link)". */
export const notWebLink = (t: T): string => `(${t('transcript.notWebLink')})`;

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
const h2 = (heading: string): string => `<h2>${escapeHtml(heading)}</h2>`;

/** An http(s) URL as a link showing the URL itself; anything else as plain text only. */
function urlHtml(t: T, url: string): string {
  const href = webHref(url);
  if (href === null) return `<span class="text">${escapeHtml(url)}</span> <span class="meta">${escapeHtml(notWebLink(t))}</span>`;
  return `<a href="${escapeHtml(href)}" rel="noreferrer noopener">${escapeHtml(url)}</a>`;
}

const factHtml = (f: Fact): string =>
  `<dt>${escapeHtml(f.label)}</dt><dd>${f.code === true ? `<code>${escapeHtml(f.value)}</code>` : `<span class="text">${escapeHtml(f.value)}</span>`}</dd>`;

const factsHtml = (rows: readonly string[]): string => `<dl class="facts">\n${rows.join('\n')}\n</dl>`;

/** The page's lang attribute: the primary subtag of the document's language ('en' for en-US). */
const htmlLang = (doc: TranscriptDocument): string => doc.language.replace(/-.*$/, '');

function headerHtml(t: T, doc: TranscriptDocument): string {
  return [
    '<header>',
    `<h1>${escapeHtml(caseTitle(t, doc.case))}</h1>`,
    p('notice', escapeHtml(t('transcript.staffOnly'))),
    factsHtml(caseFacts(t, doc).map(factHtml)),
    '</header>',
  ].join('\n');
}

function summaryHtml(t: T, doc: TranscriptDocument): string {
  return ['<section>', h2(t('transcript.summary')), textBlock(doc.case.summary), '</section>'].join('\n');
}

function attachmentHtml(t: T, a: TranscriptAttachment): string {
  return `<li>${escapeHtml(a.name)} <span class="meta">(${escapeHtml(attachmentMeta(t, a))})</span><br>${urlHtml(t, a.url)}</li>`;
}

function embedHtml(t: T, raw: unknown): string {
  const e = readEmbed(raw);
  const parts = [
    e.author === null ? '' : p('meta', escapeHtml(e.author)),
    e.title === null ? '' : `<h4>${escapeHtml(e.title)}</h4>`,
    e.url === null ? '' : p('meta', urlHtml(t, e.url)),
    e.description === null ? '' : textBlock(e.description),
    e.fields.length === 0
      ? ''
      : factsHtml(e.fields.map((f) => factHtml({ label: f.name, value: f.value }))),
    e.footer === null ? '' : p('meta', escapeHtml(e.footer)),
  ].filter((part) => part !== '');
  return `<div class="embed">\n${parts.length === 0 ? empty(t('transcript.embedEmpty')) : parts.join('\n')}\n</div>`;
}

function messageHtml(t: T, m: TranscriptMessage): string {
  const parts = [
    p('meta', escapeHtml(messageMeta(t, m))),
    m.content === '' ? empty(t('transcript.noText')) : textBlock(m.content),
    m.attachments.length === 0 ? '' : `<ul class="attachments">\n${m.attachments.map((a) => attachmentHtml(t, a)).join('\n')}\n</ul>`,
    ...m.embeds.map((raw) => embedHtml(t, raw)),
  ].filter((part) => part !== '');
  return `<article class="message">\n${parts.join('\n')}\n</article>`;
}

function partyHtml(t: T, doc: TranscriptDocument, entry: TranscriptDocument['parties'][number]): string {
  const messages = oldestFirst(entry.messages);
  return [
    '<section class="party">',
    h2(partyTitle(t, doc, entry.party)),
    p('meta', escapeHtml(threadLine(t, entry.party))),
    messages.length === 0 ? empty(t('transcript.noMessages')) : messages.map((m) => messageHtml(t, m)).join('\n'),
    '</section>',
  ].join('\n');
}

function statementHtml(t: T, doc: TranscriptDocument, s: StatementRecord): string {
  const source = s.sourceUrl === null ? '' : p('meta', `${escapeHtml(t('transcript.source'))}: ${urlHtml(t, s.sourceUrl)}`);
  return ['<article class="statement">', p('meta', escapeHtml(statementMeta(t, doc, s))), textBlock(s.text), source, '</article>']
    .filter((part) => part !== '')
    .join('\n');
}

function statementsHtml(t: T, doc: TranscriptDocument): string {
  const groups = statementGroups(t, doc).map((g) =>
    [
      `<h3>${escapeHtml(g.title)}</h3>`,
      g.statements.length === 0 ? empty(t('transcript.noStatements')) : g.statements.map((s) => statementHtml(t, doc, s)).join('\n'),
    ].join('\n'),
  );
  return ['<section>', h2(t('transcript.statements')), ...groups, '</section>'].join('\n');
}

function evidenceItemHtml(t: T, doc: TranscriptDocument, e: TranscriptEvidence): string {
  const rows = evidenceFacts(t, doc, e).map(factHtml);
  if (e.sourceUrl !== null) rows.push(`<dt>${escapeHtml(t('transcript.source'))}</dt><dd>${urlHtml(t, e.sourceUrl)}</dd>`);
  return ['<article class="item">', `<h3>E${e.number} — ${escapeHtml(e.fileName)}</h3>`, factsHtml(rows), '</article>'].join('\n');
}

function checkInsHtml(t: T, doc: TranscriptDocument): string {
  const items = doc.checkIns.length === 0 ? empty(t('transcript.noCheckIns')) : ['<ul>', ...doc.checkIns.map((c) => `<li>${escapeHtml(checkInLine(t, doc, c))}</li>`), '</ul>'].join('\n');
  return ['<section>', h2(t('transcript.checkIns')), items, '</section>'].join('\n');
}

function evidenceHtml(t: T, doc: TranscriptDocument): string {
  const items = doc.evidence.length === 0 ? [empty(t('transcript.noEvidence'))] : doc.evidence.map((e) => evidenceItemHtml(t, doc, e));
  return ['<section>', h2(t('transcript.evidence')), ...items, '</section>'].join('\n');
}

/** The column headings of the audit log. The event column shows each entry's code (`case_opened`): the record keeps the exact kind. */
const auditColumns = (t: T): string[] => [`${t('transcript.time')} (UTC)`, t('transcript.actor'), t('transcript.eventType'), t('transcript.details')];

function auditHtml(t: T, doc: TranscriptDocument): string {
  if (doc.events.length === 0) return ['<section>', h2(t('transcript.auditLog')), empty(t('transcript.noEvents')), '</section>'].join('\n');
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
    h2(t('transcript.auditLog')),
    '<table>',
    `<thead><tr>${auditColumns(t).map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows,
    '</tbody>',
    '</table>',
    '</section>',
  ].join('\n');
}

export function renderTranscriptHtml(doc: TranscriptDocument): string {
  const t = translator(doc.language);
  return [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(htmlLang(doc))}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(`${caseTitle(t, doc.case)} — ${doc.communityName}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    headerHtml(t, doc),
    summaryHtml(t, doc),
    ...doc.parties.map((entry) => partyHtml(t, doc, entry)),
    statementsHtml(t, doc),
    checkInsHtml(t, doc),
    evidenceHtml(t, doc),
    auditHtml(t, doc),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
