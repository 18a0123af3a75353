import { CASE_STATUSES, type CaseStatus } from '../../domain/types.js';
import type { T } from '../../i18n/translate.js';
import type { CaseRecord } from '../../ports.js';
import { html, type Html } from '../html.js';

export type BoardView = {
  readonly guildId: string;
  readonly communityName: string;
  readonly items: readonly CaseRecord[];
  /** The number to page on from (the last shown), when there are older cases. */
  readonly older: number | null;
  /** Not the first page: offer the newest again. */
  readonly paged: boolean;
  readonly status: CaseStatus | null;
  /** Cases the viewer is a party to: only their number is shown. */
  readonly recused: ReadonlySet<string>;
  readonly counts: Readonly<Record<CaseStatus, number>>;
};

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The board: counts per status, a status filter, a search by number or member, the cases newest first, paged. */
export function boardPage(t: T, v: BoardView): Html {
  const base = `/g/${v.guildId}/cases`;
  const query = (before: number | null) => `${base}?${new URLSearchParams({ ...(v.status ? { status: v.status } : {}), ...(before === null ? {} : { before: String(before) }) }).toString()}`;
  const rows = v.items.map((c) =>
    v.recused.has(c.id)
      ? html`<tr><td>#${c.number}</td><td colspan="4" class="muted">${t('desk.recused')}</td></tr>`
      : html`<tr><td><a href="${base}/${c.number}">#${c.number}</a></td><td>${t(`labels.category.${c.category}`)}</td><td>${t(`labels.status.${c.status}`)}</td><td>${day(c.createdAt)}</td><td>${c.realLife ? t('labels.flags.realLife') : ''}</td></tr>`,
  );
  return html`<h1>${t('desk.board', { community: v.communityName })}</h1>
<nav><a href="/g/${v.guildId}/reports">${t('desk.reportsLink')}</a> · <a href="/g/${v.guildId}/stats">${t('desk.statsLink')}</a></nav>
<ul class="counts">${CASE_STATUSES.map((s) => html`<li>${t(`labels.status.${s}`)}: <strong>${v.counts[s]}</strong></li>`)}</ul>
<form class="filters" method="get" action="${base}">
<label>${t('desk.filterStatus')} <select name="status"><option value="">${t('desk.all')}</option>${CASE_STATUSES.map((s) => html`<option value="${s}"${v.status === s ? html` selected` : ''}>${t(`labels.status.${s}`)}</option>`)}</select></label>
<button type="submit">${t('desk.apply')}</button></form>
<form class="filters" method="get" action="${base}/find"><label>${t('desk.search')} <input name="q" inputmode="numeric" maxlength="20"></label><button type="submit">${t('desk.find')}</button></form>
${
  v.items.length === 0
    ? html`<p>${t('desk.noCases')}</p>`
    : html`<table><thead><tr><th>${t('desk.number')}</th><th>${t('desk.category')}</th><th>${t('desk.status')}</th><th>${t('desk.opened')}</th><th>${t('desk.flags')}</th></tr></thead><tbody>${rows}</tbody></table>`
}
<nav><p>${v.paged ? html`<a href="${query(null)}">${t('desk.newest')}</a>` : ''}${v.paged && v.older !== null ? ' · ' : ''}${v.older !== null ? html`<a href="${query(v.older)}">${t('desk.older')}</a>` : ''}</p></nav>`;
}
