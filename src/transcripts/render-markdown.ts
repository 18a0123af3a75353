/**
 * A case transcript in Markdown, for a text editor or Discord: the same
 * content as the HTML page. User and Discord text is escaped so it shows
 * literally, and every @ is followed by a zero-width space so that pasting
 * the transcript into Discord pings nobody. Pure: no I/O.
 */
import type { StatementRecord } from '../ports.js';
import {
  STAFF_ONLY_NOTICE,
  attachmentMeta,
  caseFacts,
  caseTitle,
  evidenceFacts,
  eventData,
  messageMeta,
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
function mdUrl(url: string): string {
  const href = webHref(url);
  return href === null ? `${inline(url)} (not a web link)` : `<${href.replace(/@/g, '%40')}>`;
}

/** An identifier (hash, event type) in a code span when it is plain, else escaped text. */
const code = (text: string): string => (/^[\w.-]+$/.test(text) ? `\`${text}\`` : inline(text));

const factLine = (f: Fact): string => `- **${f.label}:** ${f.code === true ? code(f.value) : inline(f.value)}`;

function headerMarkdown(doc: TranscriptDocument): string {
  return [`# ${caseTitle(doc.case)}`, `**${STAFF_ONLY_NOTICE}**`, caseFacts(doc).map(factLine).join('\n')].join('\n\n');
}

const summaryMarkdown = (doc: TranscriptDocument): string => ['## Summary', quote(doc.case.summary)].join('\n\n');

const attachmentLine = (a: TranscriptAttachment): string => `- Attachment: ${inline(a.name)} (${inline(attachmentMeta(a))}) ${mdUrl(a.url)}`;

function embedMarkdown(raw: unknown): string {
  const e = readEmbed(raw);
  const lines = [
    e.author === null ? null : `*${inline(e.author)}*`,
    e.title === null ? null : `**${inline(e.title)}**`,
    e.url === null ? null : mdUrl(e.url),
    e.description === null ? null : escapeMarkdown(e.description),
    ...e.fields.map((f) => `**${inline(f.name)}:** ${escapeMarkdown(f.value)}`),
    e.footer === null ? null : `*${inline(e.footer)}*`,
  ].filter((line) => line !== null);
  return `Embed:\n${quoteLines(lines.length === 0 ? '(embed without text)' : lines.join('\n'))}`;
}

function messageMarkdown(m: TranscriptMessage): string {
  const blocks = [`**${inline(messageMeta(m))}**`, m.content === '' ? '*(no text)*' : quote(m.content)];
  if (m.attachments.length > 0) blocks.push(m.attachments.map(attachmentLine).join('\n'));
  blocks.push(...m.embeds.map(embedMarkdown));
  return blocks.join('\n\n');
}

function partyMarkdown(doc: TranscriptDocument, entry: TranscriptDocument['parties'][number]): string {
  const messages = oldestFirst(entry.messages);
  return [
    '---',
    `## ${inline(partyTitle(doc, entry.party))}`,
    threadLine(entry.party),
    ...(messages.length === 0 ? ['*No messages*'] : messages.map(messageMarkdown)),
  ].join('\n\n');
}

function statementMarkdown(doc: TranscriptDocument, s: StatementRecord): string {
  const blocks = [`**${inline(statementMeta(doc, s))}**`, quote(s.text)];
  if (s.sourceUrl !== null) blocks.push(`Source: ${mdUrl(s.sourceUrl)}`);
  return blocks.join('\n\n');
}

function statementsMarkdown(doc: TranscriptDocument): string {
  const groups = statementGroups(doc).map((g) =>
    [`### ${inline(g.title)}`, ...(g.statements.length === 0 ? ['*No statements*'] : g.statements.map((s) => statementMarkdown(doc, s)))].join('\n\n'),
  );
  return ['---', '## Statements', ...groups].join('\n\n');
}

function evidenceItemMarkdown(doc: TranscriptDocument, e: TranscriptEvidence): string {
  const lines = evidenceFacts(doc, e).map(factLine);
  if (e.sourceUrl !== null) lines.push(`- **Source:** ${mdUrl(e.sourceUrl)}`);
  return [`### E${e.number} — ${inline(e.fileName)}`, lines.join('\n')].join('\n\n');
}

function evidenceMarkdown(doc: TranscriptDocument): string {
  const items = doc.evidence.length === 0 ? ['*No evidence items*'] : doc.evidence.map((e) => evidenceItemMarkdown(doc, e));
  return ['---', '## Evidence', ...items].join('\n\n');
}

function auditMarkdown(doc: TranscriptDocument): string {
  const lines = doc.events.map((e) => `- ${utc(e.createdAt)} — ${inline(person(doc, e.actorId))} — ${code(e.type)} — ${inline(eventData(e))}`);
  return ['---', '## Audit log', lines.length === 0 ? '*No events*' : lines.join('\n')].join('\n\n');
}

export function renderTranscriptMarkdown(doc: TranscriptDocument): string {
  return `${[
    headerMarkdown(doc),
    summaryMarkdown(doc),
    ...doc.parties.map((entry) => partyMarkdown(doc, entry)),
    statementsMarkdown(doc),
    evidenceMarkdown(doc),
    auditMarkdown(doc),
  ].join('\n\n')}\n`;
}
