import type { TranscriptOutcome } from '../actions/types.js';
import { ok } from '../domain/result.js';
import type { CaseWithParties, DiscordFailureReason, GuildSettings } from '../ports.js';
import { renderTranscriptHtml } from '../transcripts/render-html.js';
import { renderTranscriptMarkdown } from '../transcripts/render-markdown.js';
import type { TranscriptDocument, TranscriptMessage } from '../transcripts/transcript-document.js';
import { caseForAction } from './case-lookup.js';
import type { Actor, ServiceDeps } from './deps.js';
import type { ServiceResult } from './service-result.js';
import { translator } from '../i18n/translate.js';


/** The transcript document of a case as stored now: messages, statements, evidence and the whole audit log. */
export async function transcriptDocument(deps: ServiceDeps, settings: GuildSettings, theCase: CaseWithParties): Promise<TranscriptDocument> {
  const [detail, messages, evidence, events] = await Promise.all([
    deps.cases.forGuild(theCase.guildId).detail(theCase.number, 0),
    deps.caseRecords.forGuild(theCase.guildId).transcript(theCase.id),
    deps.caseRecords.forGuild(theCase.guildId).evidenceOf(theCase.id),
    deps.caseRecords.forGuild(theCase.guildId).allEvents(theCase.id),
  ]);
  const names: Record<string, string> = {};
  for (const m of messages) names[m.authorId] = m.authorName;
  return {
    communityName: settings.communityName,
    language: settings.language,
    case: detail ?? theCase,
    parties: theCase.parties.map((party) => ({ party, messages: messages.filter((m) => m.threadId === party.threadId) })),
    statements: detail?.statements ?? [],
    checkIns: detail?.checkIns ?? [],
    evidence: evidence.map((e) => ({
      number: e.number,
      kind: e.kind,
      fileName: e.fileName,
      contentType: e.contentType,
      size: e.size,
      sha256: e.sha256,
      addedById: e.addedById,
      note: e.note,
      sourceUrl: e.sourceUrl,
      createdAt: e.createdAt,
    })),
    events,
    generatedAt: deps.clock.now(),
    names,
  };
}

/**
 * Copies every interview thread's messages into the record, then posts the
 * transcript (HTML and Markdown) in the case-log channel. What could not be
 * read or posted is recorded, and the rest still done.
 */
export async function captureTranscript(
  deps: ServiceDeps,
  settings: GuildSettings,
  theCase: CaseWithParties,
  actorId: string,
  /** The post's nonce, when taken for an owed action (the same in every try). */
  nonce?: string,
): Promise<TranscriptOutcome> {
  const messages: TranscriptMessage[] = [];
  const failedThreads: { threadId: string; reason: DiscordFailureReason }[] = [];
  for (const party of theCase.parties) {
    if (party.threadId === null) continue;
    const read = await deps.recordDiscord.threadMessages(party.threadId);
    if (!read.ok) {
      failedThreads.push({ threadId: party.threadId, reason: read.reason });
      continue;
    }
    for (const m of read.value) {
      messages.push({ ...m, messageId: m.id, threadId: party.threadId, partyId: party.id });
    }
  }
  await deps.caseRecords.forGuild(theCase.guildId).saveTranscript(theCase.id, messages, {
    type: 'transcript_recorded',
    actorId,
    data: { messages: messages.length, failedThreads },
  });

  const document = await transcriptDocument(deps, settings, theCase);
  const html = renderTranscriptHtml(document);
  const markdown = renderTranscriptMarkdown(document);
  let posted: TranscriptOutcome['posted'];
  if (settings.caseLogChannelId === null) {
    posted = { ok: false, reason: 'no-case-log-channel' };
  } else {
    const sent = await deps.recordDiscord.postFiles(settings.caseLogChannelId, translator(settings.language)('transcriptReply.postMessage', { number: theCase.number }), [
      { name: `case-${theCase.number}-transcript.html`, data: html },
      { name: `case-${theCase.number}-transcript.md`, data: markdown },
    ], nonce);
    posted = sent.ok ? { ok: true, channelId: settings.caseLogChannelId } : { ok: false, reason: sent.reason };
    if (!sent.ok) {
      await deps.cases.forGuild(theCase.guildId).appendEvent(theCase.id, { type: 'transcript_not_posted', actorId, data: { reason: sent.reason } });
    }
  }
  return {
    caseNumber: theCase.number,
    messages: messages.length,
    failedThreads,
    posted,
    htmlBytes: Buffer.byteLength(html),
    markdownBytes: Buffer.byteLength(markdown),
  };
}

/** /case transcript: on demand, whatever the case's status. */
export async function recordTranscript(deps: ServiceDeps, input: { guildId: string; actor: Actor; caseNumber: number }): Promise<ServiceResult<TranscriptOutcome>> {
  const access = await caseForAction(deps, input.guildId, input.caseNumber, input.actor, 'record_transcript');
  if (!access.ok) return access;
  return ok(await captureTranscript(deps, access.value.settings, access.value.case, input.actor.id));
}
