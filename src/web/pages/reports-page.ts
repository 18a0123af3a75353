import type { T } from '../../i18n/translate.js';
import type { ReportWithSubmissions } from '../../ports.js';
import { html, type Html } from '../html.js';

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The reports waiting for staff, oldest first, read-only: who reported whom, when, the flags, what they wrote. */
export function reportsPage(t: T, guildId: string, community: string, items: readonly ReportWithSubmissions[], total: number): Html {
  const rows = items.map((r) => {
    const first = r.submissions[0];
    const flags = [r.realLife ? t('labels.flags.realLife') : null, r.offPlatform ? t('labels.flags.offPlatform') : null].filter((f) => f !== null).join(', ');
    return html`<tr><td>R${r.number}</td><td>${day(r.createdAt)}</td><td><code>${r.reporterId}</code></td><td><code>${r.reportedUserId}</code></td><td>${flags}</td><td>${r.submissions.length}</td><td class="text">${first?.whatHappened ?? ''}</td></tr>`;
  });
  return html`<p><a href="/g/${guildId}/cases">${t('desk.back')}</a></p><h1>${t('desk.reportsTitle', { community })}</h1>
<p>${t('desk.reportsWaiting', { count: total })}</p>
${
  items.length === 0
    ? html`<p>${t('desk.none')}</p>`
    : html`<table><thead><tr><th scope="col">${t('desk.reportNumber')}</th><th scope="col">${t('desk.opened')}</th><th scope="col">${t('desk.reporter')}</th><th scope="col">${t('desk.reported')}</th><th scope="col">${t('desk.flags')}</th><th scope="col">${t('desk.forms')}</th><th scope="col">${t('desk.whatHappened')}</th></tr></thead><tbody>${rows}</tbody></table>`
}`;
}
