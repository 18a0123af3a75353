import type { T } from '../../i18n/translate.js';
import { html, type Html } from '../html.js';

/** The servers this user may see now (staff or admin there). */
export function serversPage(t: T, servers: readonly { readonly guildId: string; readonly name: string }[]): Html {
  const list =
    servers.length === 0
      ? html`<p>${t('desk.noServers')}</p>`
      : html`<ul>${servers.map((s) => html`<li><a href="/g/${s.guildId}/cases">${s.name}</a></li>`)}</ul>`;
  return html`<h1>${t('desk.servers')}</h1>${list}`;
}

export function loginPage(t: T, note: string | null): Html {
  return html`<h1>${t('desk.title')}</h1>${note === null ? '' : html`<p class="muted">${note}</p>`}<p>${t('desk.loginLead')}</p><p><a href="/login">${t('desk.login')}</a></p>`;
}

export function problemPage(t: T, title: string, lead: string): Html {
  return html`<h1>${title}</h1><p>${lead}</p><p><a href="/">${t('desk.home')}</a></p>`;
}
