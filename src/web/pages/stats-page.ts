import type { CaseStats, Spread } from '../../domain/case-stats.js';
import { CASE_CATEGORIES, CASE_OUTCOMES, CHECK_IN_ANSWERS } from '../../domain/types.js';
import type { T } from '../../i18n/translate.js';
import { duration } from '../../messages/text-format.js';
import { html, type Html } from '../html.js';

type Bar = { readonly label: string; readonly value: number };

const BAR_HEIGHT = 22;
const LABEL_WIDTH = 190;
const CHART_WIDTH = 520;

/**
 * A horizontal bar chart as SVG, drawn on the server: no script, no chart
 * library, no style attribute (the CSP allows the desk's stylesheet only),
 * with a title and the figures as text for screen readers.
 */
export function barChart(title: string, bars: readonly Bar[]): Html {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * BAR_HEIGHT + 8;
  const span = CHART_WIDTH - LABEL_WIDTH - 50;
  return html`<figure><figcaption>${title}</figcaption><svg role="img" aria-label="${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ')}" width="${CHART_WIDTH}" height="${height}" viewBox="0 0 ${CHART_WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">${bars.map((b, i) => {
    const y = i * BAR_HEIGHT + 4;
    const w = Math.round((b.value / max) * span);
    return html`<text x="0" y="${y + 15}" font-size="13" fill="currentColor">${b.label}</text><rect x="${LABEL_WIDTH}" y="${y + 3}" width="${Math.max(w, b.value > 0 ? 2 : 0)}" height="${BAR_HEIGHT - 8}" fill="#3b82c4"></rect><text x="${LABEL_WIDTH + w + 6}" y="${y + 15}" font-size="13" fill="currentColor">${b.value}</text>`;
  })}</svg></figure>`;
}

const spreadRow = (t: T, name: string, s: Spread): Html =>
  html`<tr><th scope="row">${name}</th><td>${duration(t, s.median)}</td><td>${duration(t, s.p90)}</td><td>${s.count}</td></tr>`;

function windowSection(t: T, days: number, s: CaseStats): Html {
  return html`<section><h2>${t('stats.window', { days })}</h2>
<p>${t('stats.openedClosed', { opened: s.opened, closed: s.closed })} · ${t('stats.escalations', { count: s.escalations, median: duration(t, s.toAcknowledge.median) })}</p>
${barChart(t('desk.chartCategories'), CASE_CATEGORIES.map((c) => ({ label: t(`labels.category.${c}`), value: s.byCategory[c] ?? 0 })))}
${barChart(t('desk.chartOutcomes'), CASE_OUTCOMES.map((o) => ({ label: t(`labels.outcome.${o}`), value: s.byOutcome[o] ?? 0 })))}
${barChart(t('desk.chartCheckIns', { sent: s.checkIns.sent, answered: s.checkIns.answered }), CHECK_IN_ANSWERS.map((a) => ({ label: t(`checkIn.answer.${a}`), value: s.checkIns.answers[a] })))}
<table><thead><tr><th scope="col">${t('desk.timeTo')}</th><th scope="col">${t('desk.median')}</th><th scope="col">p90</th><th scope="col">n</th></tr></thead><tbody>
${spreadRow(t, t('desk.toFirstSide'), s.toFirstSide)}${spreadRow(t, t('desk.toBothSides'), s.toBothSides)}${spreadRow(t, t('desk.toClose'), s.toClose)}${spreadRow(t, t('desk.toAcknowledge'), s.toAcknowledge)}
</tbody></table></section>`;
}

/** The figures of /case stats, as charts: the last 30 and 90 days. */
export function statsPage(t: T, guildId: string, community: string, windows: readonly { readonly days: number; readonly stats: CaseStats }[]): Html {
  return html`<p><a href="/g/${guildId}/cases">${t('desk.back')}</a></p><h1>${t('desk.statsTitle', { community })}</h1>${windows.map((w) => windowSection(t, w.days, w.stats))}`;
}
