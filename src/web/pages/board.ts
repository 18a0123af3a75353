import { CASE_CATEGORIES, CASE_STATUSES, type CaseCategory, type CaseStatus } from '../../domain/types.js';
import type { T } from '../../i18n/translate.js';
import type { CaseRecord } from '../../ports.js';
import { html, type Html } from '../html.js';

export const BOARD_FLAGS = ['real_life', 'off_platform'] as const;
export type BoardFlag = (typeof BOARD_FLAGS)[number];

/** The board's filters, as they are in its URL. */
export type BoardFilters = {
  readonly status: CaseStatus | null;
  readonly category: CaseCategory | null;
  readonly flag: BoardFlag | null;
  readonly unacknowledged: boolean;
  readonly stale: boolean;
  readonly member: string | null;
};

export type BoardView = {
  readonly guildId: string;
  readonly communityName: string;
  readonly items: readonly CaseRecord[];
  /** The number to page on from (the last shown), when there are older cases. */
  readonly older: number | null;
  /** Not the first page: offer the newest again. */
  readonly paged: boolean;
  readonly filters: BoardFilters;
  /** Cases the viewer is a party to: only their number is shown. */
  readonly recused: ReadonlySet<string>;
  readonly counts: Readonly<Record<CaseStatus, number>>;
};

const day = (d: Date): string => d.toISOString().slice(0, 10);
const FLAG_LABELS = { real_life: 'labels.flags.realLife', off_platform: 'labels.flags.offPlatform' } as const;

/** The board's URL with these filters (and a page), for links that keep them. */
export function boardUrl(guildId: string, f: BoardFilters, before: number | null): string {
  const q = new URLSearchParams();
  if (f.status) q.set('status', f.status);
  if (f.category) q.set('category', f.category);
  if (f.flag) q.set('flag', f.flag);
  if (f.unacknowledged) q.set('unacknowledged', '1');
  if (f.stale) q.set('stale', '1');
  if (f.member) q.set('member', f.member);
  if (before !== null) q.set('before', String(before));
  const query = q.toString();
  return `/g/${guildId}/cases${query ? `?${query}` : ''}`;
}

/** The board: counts per status, filters, a search by case number or member ID, the cases newest first, paged by number. */
export function boardPage(t: T, v: BoardView): Html {
  const base = `/g/${v.guildId}/cases`;
  const f = v.filters;
  const flagsOf = (c: CaseRecord) => [c.realLife ? t('labels.flags.realLife') : null, c.offPlatform ? t('labels.flags.offPlatform') : null].filter((x) => x !== null).join(', ');
  const rows = v.items.map((c) =>
    v.recused.has(c.id)
      ? html`<tr><td>#${c.number}</td><td colspan="4" class="muted">${t('desk.recused')}</td></tr>`
      : html`<tr><td><a href="${base}/${c.number}">#${c.number}</a></td><td>${t(`labels.category.${c.category}`)}</td><td>${t(`labels.status.${c.status}`)}</td><td>${day(c.createdAt)}</td><td>${flagsOf(c)}</td></tr>`,
  );
  const option = (value: string, label: string, selected: boolean) => html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<h1>${t('desk.board', { community: v.communityName })}</h1>
<nav><a href="/g/${v.guildId}/reports">${t('desk.reportsLink')}</a> · <a href="/g/${v.guildId}/stats">${t('desk.statsLink')}</a></nav>
<ul class="counts">${CASE_STATUSES.map((s) => html`<li>${t(`labels.status.${s}`)}: <strong>${v.counts[s]}</strong></li>`)}</ul>
<form class="filters" method="get" action="${base}">
<label>${t('desk.filterStatus')} <select name="status">${option('', t('desk.all'), f.status === null)}${CASE_STATUSES.map((s) => option(s, t(`labels.status.${s}`), f.status === s))}</select></label>
<label>${t('desk.category')} <select name="category">${option('', t('desk.all'), f.category === null)}${CASE_CATEGORIES.map((c) => option(c, t(`labels.category.${c}`), f.category === c))}</select></label>
<label>${t('desk.flags')} <select name="flag">${option('', t('desk.all'), f.flag === null)}${BOARD_FLAGS.map((x) => option(x, t(FLAG_LABELS[x]), f.flag === x))}</select></label>
<label><input type="checkbox" name="unacknowledged" value="1"${f.unacknowledged ? html` checked` : ''}> ${t('desk.unacknowledged')}</label>
<label><input type="checkbox" name="stale" value="1"${f.stale ? html` checked` : ''}> ${t('desk.stale')}</label>
${f.member ? html`<input type="hidden" name="member" value="${f.member}">` : ''}
<button type="submit">${t('desk.apply')}</button></form>
<form class="filters" method="get" action="${base}/find"><label>${t('desk.search')} <input name="q" inputmode="numeric" maxlength="20"></label><button type="submit">${t('desk.find')}</button></form>
${f.member ? html`<p>${t('desk.memberFilter', { member: f.member })} · <a href="${boardUrl(v.guildId, { ...f, member: null }, null)}">${t('desk.all')}</a></p>` : ''}
${
  v.items.length === 0
    ? html`<p>${t('desk.noCases')}</p>`
    : html`<table><thead><tr><th scope="col">${t('desk.number')}</th><th scope="col">${t('desk.category')}</th><th scope="col">${t('desk.status')}</th><th scope="col">${t('desk.opened')}</th><th scope="col">${t('desk.flags')}</th></tr></thead><tbody>${rows}</tbody></table>`
}
<nav><p>${v.paged ? html`<a href="${boardUrl(v.guildId, f, null)}">${t('desk.newest')}</a>` : ''}${v.paged && v.older !== null ? ' · ' : ''}${v.older !== null ? html`<a href="${boardUrl(v.guildId, f, v.older)}">${t('desk.older')}</a>` : ''}</p></nav>`;
}
