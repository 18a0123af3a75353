import type { T } from '../../i18n/translate.js';
import { NOTE_MAX } from '../../domain/text-limits.js';
import type { RelatedCase } from '../../domain/patterns.js';
import type { SidesHeard } from '../../domain/neutrality.js';
import { patternHint, relatedLines } from '../../messages/related-texts.js';
import type { CaseDetail, EventRecord, EvidenceRecord, TranscriptMessage } from '../../ports.js';
import type { VerifiedItem } from '../../services/evidence.js';
import { html, type Html } from '../html.js';

/** What the case page shows besides the case's own detail. */
export type CaseContext = {
  readonly evidence: readonly EvidenceRecord[];
  readonly events: readonly EventRecord[];
  readonly sides: SidesHeard;
  readonly related: readonly RelatedCase[];
  /** The interview threads' messages as copied into the record (at close, or by /case transcript). */
  readonly transcript: readonly TranscriptMessage[];
};

export type CasePageExtras = {
  readonly csrf: string;
  /** Admins get the Acknowledge button on escalations nobody has acknowledged. */
  readonly admin: boolean;
  /** A line saying what the last action did (a note added), or why it was refused. */
  readonly notice?: string | null;
  /** The result of "Verify", when it was just pressed. */
  readonly verified?: readonly VerifiedItem[] | null;
};

const when = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** A case, read-only: its parties (with links to their threads), statements, check-ins, escalations, notes, evidence and the whole audit log. */
export function casePage(t: T, guildId: string, d: CaseDetail, ctx: CaseContext, extras: CasePageExtras): Html {
  const { evidence, events } = ctx;
  const here = `/g/${guildId}/cases/${d.number}`;
  const open = d.status !== 'closed';
  const roleOf = (partyId: string) => {
    const p = d.parties.find((x) => x.id === partyId);
    return p ? t(`labels.role.${p.role}`) : '';
  };
  const section = (title: string, body: Html | null) => html`<section><h2>${title}</h2>${body ?? html`<p class="muted">${t('desk.none')}</p>`}</section>`;
  const list = <X>(items: readonly X[], line: (x: X) => Html): Html | null => (items.length === 0 ? null : html`<ul>${items.map((x) => html`<li>${line(x)}</li>`)}</ul>`);
  const noteForm = open
    ? html`<form method="post" action="${here}/notes"><input type="hidden" name="_csrf" value="${extras.csrf}"><label for="note">${t('desk.addNote')}</label><br><textarea id="note" name="text" rows="3" cols="60" maxlength="${NOTE_MAX}" required></textarea><br><button type="submit">${t('desk.addNoteButton')}</button></form>`
    : '';
  const verifyForm =
    evidence.length === 0 ? '' : html`<form method="post" action="${here}/verify"><input type="hidden" name="_csrf" value="${extras.csrf}"><button type="submit">${t('desk.verify')}</button></form>`;
  const verified = extras.verified
    ? html`<ul class="verified">${extras.verified.map((v) => html`<li>E${v.number} · ${v.fileName}: <strong>${t(`desk.verified.${v.result}`)}</strong></li>`)}</ul>`
    : '';
  const adminForms = extras.admin
    ? html`<section><h2>${t('desk.adminActions')}</h2><form class="inline" method="post" action="${here}/hold"><input type="hidden" name="_csrf" value="${extras.csrf}"><input type="hidden" name="hold" value="${d.legalHold ? '0' : '1'}"><button type="submit">${t(d.legalHold ? 'desk.liftHold' : 'desk.setHold')}</button></form> <form class="inline" method="post" action="${here}/export"><input type="hidden" name="_csrf" value="${extras.csrf}"><button type="submit">${t('desk.export')}</button></form></section>`
    : '';
  return html`<p><a href="/g/${guildId}/cases">${t('desk.back')}</a></p>
${extras.notice ? html`<p role="status" class="notice">${extras.notice}</p>` : ''}
<h1>${t('desk.caseTitle', { number: d.number })}: ${t(`labels.category.${d.category}`)} (${t(`labels.status.${d.status}`)})</h1>
<p>${t('caseView.sidesHeard')}: ${t('caseView.sidesHeardValue', { heard: ctx.sides.heard, of: ctx.sides.of })}${d.legalHold ? html` · <strong>${t('desk.onHold')}</strong>` : ''}${d.realLife ? html` · <strong>${t('labels.flags.realLife')}</strong>` : ''}${d.offPlatform ? html` · ${t('labels.flags.offPlatform')}` : ''}</p>
${section(t('desk.summary'), html`<p class="text">${d.summary}</p>`)}
${section(
  t('desk.parties'),
  list(d.parties, (p) =>
    html`${t(`labels.role.${p.role}`)}: <code>${p.userId}</code> · ${p.threadId ? html`<a href="https://discord.com/channels/${guildId}/${p.threadId}">${t('desk.thread')}</a>` : t('desk.noThread')}`,
  ),
)}
${section(t('desk.statements'), list(d.statements, (s) => html`<span class="muted">${when(s.createdAt)} · ${roleOf(s.partyId)}</span><div class="text">${s.text}</div>`))}
${section(
  t('desk.checkIns'),
  list(d.checkIns, (c) => html`${when(c.createdAt)} · ${roleOf(c.partyId)} <code>${c.userId}</code>: ${c.answer === null ? t('caseView.checkInWaiting') : t(`checkIn.answer.${c.answer}`)}`),
)}
${section(
  t('desk.escalations'),
  list(
    d.escalations,
    (e) =>
      html`${when(e.createdAt)} · ${t(`labels.urgency.${e.urgency}`)} · <span class="text">${e.reason}</span> · ${
        e.acknowledgedById ? t('caseView.acknowledgedBy', { user: e.acknowledgedById }) : t('caseView.notAcknowledged')
      }${
        e.acknowledgedById === null && extras.admin
          ? html` <form class="inline" method="post" action="${here}/escalations/${e.id}/acknowledge"><input type="hidden" name="_csrf" value="${extras.csrf}"><button type="submit">${t('desk.acknowledge')}</button></form>`
          : ''
      }`,
  ),
)}
${section(t('desk.notes'), list(d.notes, (n) => html`<span class="muted">${when(n.createdAt)} · <code>${n.authorId}</code></span><div class="text">${n.text}</div>`))}
${noteForm}
${section(t('desk.evidence'), list(evidence, (e) => html`E${e.number} · ${e.fileName} · ${e.size} B · SHA-256 <code>${e.sha256}</code>`))}
${verifyForm}${verified}
${section(
  t('desk.related'),
  ctx.related.length === 0
    ? null
    : html`${patternHint(t, ctx.related) ? html`<p>${patternHint(t, ctx.related)}</p>` : ''}<ul>${relatedLines(t, ctx.related).map((line, i) => html`<li><a href="/g/${guildId}/cases/${ctx.related[i]!.number}">${line}</a></li>`)}</ul>`,
)}
${section(
  t('desk.transcript'),
  ctx.transcript.length === 0
    ? html`<p class="muted">${t('desk.noTranscript')}</p>`
    : html`${d.parties.map((p) => {
        const messages = ctx.transcript.filter((m) => m.partyId === p.id);
        return messages.length === 0
          ? ''
          : html`<h3>${t(`labels.role.${p.role}`)} <code>${p.userId}</code></h3><ol class="transcript">${messages.map((m) => html`<li><span class="muted">${when(m.sentAt)} · ${m.authorName}</span><div class="text">${m.content}</div></li>`)}</ol>`;
      })}`,
)}
${adminForms}
${section(t('desk.timeline'), list(events, (e) => html`<span class="muted">${when(e.createdAt)}</span> · ${e.type} · <code>${e.actorId}</code>`))}`;
}
