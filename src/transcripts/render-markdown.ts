/**
 * A case transcript in Markdown, for a text editor or Discord: the same
 * content as the HTML page. User and Discord text is escaped so it shows
 * literally, and every @ is followed by a zero-width space so that pasting
 * the transcript into Discord pings nobody. Pure: no I/O.
 */
import { translator, type T } from '../i18n/translate.js';
import type { StatementRecord } from '../ports.js';
import {
  attachmentMeta,
  caseFacts,
  caseTitle,
  checkInLine,
  evidenceFacts,
  eventData,
  messageMeta,
  notWebLink,
  oldestFirst,
  partyTitle,
  person,
  readEmbed,
  statementGroups,
  statementMeta,
  threadLine,
  utc,
  webHref,
  type Fact,
} from './render-html.js';
import type { TranscriptAttachment, TranscriptDocument, TranscriptEvidence, TranscriptMessage } from './transcript-document.js';

const ZWSP = '\u200b';

/** Text shown literally: Markdown and Discord control characters escaped, mentions neutralised. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_~|<>#[\]&]/g, '\\$&')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*)(\d+)([.)])(?=\s|$)/gm, '$1$2\\$3')
    .replace(/@/g, `@${ZWSP}`);
}

/** Escaped text on one list line: continuation lines are indented. */
const inline = (text: string): string => escapeMarkdown(text).replace(/\r?\n/g, '\n  ');

/** Lines already in Markdown, as a block quote. */
const quoteLines = (markdown: string): string =>
  markdown
    .split(/\r?\n/)
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');

const quote = (text: string): string => quoteLines(escapeMarkdown(text));

/** An http(s) URL as an autolink (no @ left in it); anything else as escaped text, never a link. */
function mdUrl(t: T, url: string): string {
  const href = webHref(url);
  return href === null ? `${inline(url)} ${notWebLink(t)}` : `<${href.replace(/@/g, '%40')}>`;
}

/** An identifier (hash, event type) in a code span when it is plain, else escaped text. */
const code = (text: string): string => (/^[\w.-]+$/.test(text) ? `\`${text}\`` : inline(text));

const factLine = (f: Fact): string => `- **${f.label}:** ${f.code === true ? code(f.value) : inline(f.value)}`;

function headerMarkdown(t: T, doc: TranscriptDocument): string {
  return [`# ${caseTitle(t, doc.case)}`, `**${t('transcript.staffOnly')}**`, caseFacts(t, doc).map(factLine).join('\n')].join('\n\n');
}

const summaryMarkdown = (t: T, doc: TranscriptDocument): string => [`## ${t('transcript.summary')}`, quote(doc.case.summary)].join('\n\n');

const attachmentLine = (t: T, a: TranscriptAttachment): string =>
  `- ${t('transcript.attachment')}: ${inline(a.name)} (${inline(attachmentMeta(t, a))}) ${mdUrl(t, a.url)}`;


function embedMarkdown(t: T, raw: unknown): string {
  const e = readEmbed(raw);
  const lines = [
    e.author === null ? null : `*${inline(e.author)}*`,
    e.title === null ? null : `**${inline(e.title)}**`,
    e.url === null ? null : mdUrl(t, e.url),
    e.description === null ? null : escapeMarkdown(e.description),
    ...e.fields.map((f) => `**${inline(f.name)}:** ${escapeMarkdown(f.value)}`),
    e.footer === null ? null : `*${inline(e.footer)}*`,
  ].filter((line) => line !== null);
  return `${t('transcript.embed')}:\n${quoteLines(lines.length === 0 ? t('transcript.embedEmptyInline') : lines.join('\n'))}`;
}

function messageMarkdown(t: T, m: TranscriptMessage): string {
  const blocks = [`**${inline(messageMeta(t, m))}**`, m.content === '' ? `*${t('transcript.noTextInline')}*` : quote(m.content)];
  if (m.attachments.length > 0) blocks.push(m.attachments.map((a) => attachmentLine(t, a)).join('\n'));
  blocks.push(...m.embeds.map((raw) => embedMarkdown(t, raw)));
  return blocks.join('\n\n');
}

function partyMarkdown(t: T, doc: TranscriptDocument, entry: TranscriptDocument['parties'][number]): string {
  const messages = oldestFirst(entry.messages);
  return [
    '---',
    `## ${inline(partyTitle(t, doc, entry.party))}`,
    threadLine(t, entry.party),
    ...(messages.length === 0 ? [`*${t('transcript.noMessages')}*`] : messages.map((m) => messageMarkdown(t, m))),
  ].join('\n\n');
}

function statementMarkdown(t: T, doc: TranscriptDocument, s: StatementRecord): string {
  const blocks = [`**${inline(statementMeta(t, doc, s))}**`, quote(s.text)];
  if (s.sourceUrl !== null) blocks.push(`${t('transcript.source')}: ${mdUrl(t, s.sourceUrl)}`);
  return blocks.join('\n\n');
}

function statementsMarkdown(t: T, doc: TranscriptDocument): string {
  const groups = statementGroups(t, doc).map((g) =>
    [
      `### ${inline(g.title)}`,
      ...(g.statements.length === 0 ? [`*${t('transcript.noStatements')}*`] : g.statements.map((s) => statementMarkdown(t, doc, s))),
    ].join('\n\n'),
  );
  return ['---', `## ${t('transcript.statements')}`, ...groups].join('\n\n');
}

function evidenceItemMarkdown(t: T, doc: TranscriptDocument, e: TranscriptEvidence): string {
  const lines = evidenceFacts(t, doc, e).map(factLine);
  if (e.sourceUrl !== null) lines.push(`- **${t('transcript.source')}:** ${mdUrl(t, e.sourceUrl)}`);
  return [`### E${e.number} — ${inline(e.fileName)}`, lines.join('\n')].join('\n\n');
}

function checkInsMarkdown(t: T, doc: TranscriptDocument): string {
  const items = doc.checkIns.length === 0 ? `*${t('transcript.noCheckIns')}*` : doc.checkIns.map((c) => `- ${inline(checkInLine(t, doc, c))}`).join('\n');
  return ['---', `## ${t('transcript.checkIns')}`, items].join('\n\n');
}

function evidenceMarkdown(t: T, doc: TranscriptDocument): string {
  const items = doc.evidence.length === 0 ? [`*${t('transcript.noEvidence')}*`] : doc.evidence.map((e) => evidenceItemMarkdown(t, doc, e));
  return ['---', `## ${t('transcript.evidence')}`, ...items].join('\n\n');
}

function auditMarkdown(t: T, doc: TranscriptDocument): string {
  const lines = doc.events.map((e) => `- ${utc(e.createdAt)} — ${inline(person(doc, e.actorId))} — ${code(e.type)} — ${inline(eventData(e))}`);
  return ['---', `## ${t('transcript.auditLog')}`, lines.length === 0 ? `*${t('transcript.noEvents')}*` : lines.join('\n')].join('\n\n');
}

export function renderTranscriptMarkdown(doc: TranscriptDocument): string {
  const t = translator(doc.language);
  return `${[
    headerMarkdown(t, doc),
    summaryMarkdown(t, doc),
    ...doc.parties.map((entry) => partyMarkdown(t, doc, entry)),
    statementsMarkdown(t, doc),
    checkInsMarkdown(t, doc),
    evidenceMarkdown(t, doc),
    auditMarkdown(t, doc),
  ].join('\n\n')}\n`;
}
