import { escapeHtml } from '../transcripts/render-html.js';
import type { T } from '../i18n/translate.js';

export { escapeHtml };

/** Text made safe for HTML: every page builds its markup from these, never from raw strings. */
export type Html = { readonly __html: string };
export const raw = (html: string): Html => ({ __html: html });

/** A template tag: interpolated values are escaped unless they are Html already (or lists of it). */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return raw(out);
}

function render(v: unknown): string {
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(render).join('');
  if (typeof v === 'string') return escapeHtml(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return escapeHtml(`${v}`);
  if (typeof v === 'object' && '__html' in v) return (v as Html).__html;
  return escapeHtml(JSON.stringify(v) ?? '');
}

/** The page around a body: the desk's stylesheet (no script at all), the language, the signed-in bar. */
export function page(t: T, lang: string, title: string, body: Html, bar: { readonly userId: string; readonly csrf: string } | null): string {
  const logout = bar
    ? html`<form class="bar" method="post" action="/logout"><input type="hidden" name="_csrf" value="${bar.csrf}"><span>${t('desk.signedInAs', { user: bar.userId })}</span> <button type="submit">${t('desk.logout')}</button></form>`
    : raw('');
  return `<!DOCTYPE html>${
    html`<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${title} — ${t('desk.title')}</title><link rel="stylesheet" href="/assets/desk.css"></head><body><header><a class="home" href="/">${t('desk.title')}</a>${logout}</header><main>${body}</main></body></html>`.__html
  }`;
}

/** The desk's stylesheet, served from /assets/desk.css (the CSP allows styles from the desk itself only). */
export const DESK_CSS = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.45; }
body { margin: 0; }
header { display: flex; justify-content: space-between; align-items: center; padding: .6rem 1rem; border-bottom: 1px solid #8884; }
header .home { font-weight: 600; text-decoration: none; color: inherit; }
main { max-width: 70rem; margin: 0 auto; padding: 1rem; }
.bar { display: flex; gap: .5rem; align-items: center; margin: 0; }
form.inline { display: inline; }
.notice { padding: .4rem .6rem; border-left: 4px solid #2b6cb0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #8883; vertical-align: top; }
.counts { display: flex; gap: 1rem; flex-wrap: wrap; padding: 0; list-style: none; }
.filters { display: flex; gap: .5rem; flex-wrap: wrap; align-items: end; margin: 1rem 0; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.muted { opacity: .75; }
code { overflow-wrap: anywhere; }
a { color: #2b6cb0; }
@media (prefers-color-scheme: dark) { a { color: #90cdf4; } }
`;
