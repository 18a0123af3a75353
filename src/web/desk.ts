import { randomBytes } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { CASE_CATEGORIES, CASE_STATUSES } from '../domain/types.js';
import { DEFAULT_LANGUAGE, languageOf, type Language } from '../i18n/languages.js';
import { translator, type T } from '../i18n/translate.js';
import type { Logger } from '../logging/logger.js';
import type { Registry as MetricsRegistry } from 'prom-client';
import type { BoardQuery, CaseDetail, MemberRoles } from '../ports.js';
import type { DeskStore } from '../persistence/desk-store.js';
import type { ServiceDeps } from '../services/deps.js';
import { DeskAccess, ACCESS_TTL_MS, type DeskGrant } from './desk-access.js';
import { authorizeUrl, userOfCode, type LoginConfig } from './discord-login.js';
import { DESK_CSS, page, type Html } from './html.js';
import { BOARD_FLAGS, boardPage, type BoardFilters } from './pages/board.js';
import { SNOWFLAKE } from '../domain/snowflake.js';
import { DAY_MS } from '../domain/durations.js';
import { DEFAULT_STALE_DAYS } from '../services/setup.js';
import { casePage, type CasePageExtras } from './pages/case-page.js';
import { failureText } from '../messages/failure-texts.js';
import { addNote } from '../services/case-notes.js';
import type { ServiceFail } from '../services/service-result.js';
import { verifyEvidence } from '../services/evidence.js';
import { exportCase, setLegalHold } from '../services/case-admin.js';
import { acknowledgeEscalation } from '../services/escalation.js';
import { caseStatsOf } from '../services/case-stats.js';
import { relatedCasesOf } from '../services/related-cases.js';
import { sidesHeard } from '../domain/neutrality.js';
import { statsPage } from './pages/stats-page.js';
import { reportsPage } from './pages/reports-page.js';
import { loginPage, problemPage, serversPage } from './pages/servers.js';

/** Who is asking, and what they may do on the server of the URL. */
type Viewer = { readonly userId: string; readonly grant: DeskGrant };

/** Sessions end after this long without a request. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;
const SESSION_COOKIE = 'bs_session';
const STATE_COOKIE = 'bs_oauth_state';
const PAGE_SIZE = 25;

/** No script, nothing from elsewhere: the desk's own stylesheet, forms to itself. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export type DeskOptions = {
  readonly deps: ServiceDeps;
  readonly store: DeskStore;
  readonly memberRoles: MemberRoles;
  readonly login: Omit<LoginConfig, 'redirectUri'> & { readonly publicUrl: string };
  /** Signs the cookies; when undefined, the one kept in the database. */
  readonly sessionSecret: string | undefined;
  readonly health: () => Promise<DeskHealth>;
  readonly logger: Logger;
  /** How long roles are trusted (a minute; tests shorten it). */
  readonly accessTtlMs?: number;
  /** The process's metrics, served at /metrics (Prometheus text). */
  readonly metrics?: MetricsRegistry;
};

/** What /healthz reports: the database, and the gateway where this process has one (the desk on its own has none). */
export type DeskHealth = { readonly database: boolean; readonly gateway?: boolean };

/** The reader's language from Accept-Language, among ours (de-AT → de, pt → pt-BR, es-MX → es-ES). */
export function languageOfRequest(header: string | undefined): Language {
  const tags = (header ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag !== '' && x.q > 0)
    .sort((a, b) => b.q - a.q);
  const primary: Readonly<Record<string, Language>> = { en: 'en-US', de: 'de', fr: 'fr', es: 'es-ES', pt: 'pt-BR' };
  for (const { tag } of tags) {
    const found = languageOf(tag) ?? primary[tag.split('-')[0]?.toLowerCase() ?? ''];
    if (found) return found;
  }
  return DEFAULT_LANGUAGE;
}

/**
 * The case desk: Fastify, server-rendered HTML, no script. Login with
 * Discord (OAuth2 code flow, a state bound to the browser by a signed
 * cookie), sessions in the database (12 h idle), CSRF tokens on every POST,
 * and a strict Content-Security-Policy. A server's pages need its staff or
 * admin role right now (DeskAccess); recusal holds as in Discord.
 */
export async function createDesk(o: DeskOptions): Promise<FastifyInstance> {
  const secure = o.login.publicUrl.startsWith('https:');
  const login: LoginConfig = { ...o.login, redirectUri: `${o.login.publicUrl}/oauth/callback` };
  const access = new DeskAccess(o.deps.settings, o.memberRoles, o.accessTtlMs ?? ACCESS_TTL_MS);
  const secret = o.sessionSecret ?? (await o.store.secret('session-cookie'));
  const cookie = { httpOnly: true, sameSite: 'lax' as const, secure, path: '/', signed: true };

  // Fastify's own request log is off: URLs carry OAuth codes and states.
  const app = Fastify({ logger: false, trustProxy: true });
  await app.register(fastifyCookie, { secret });
  await app.register(fastifyFormbody);
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/cookie', cookieOpts: cookie, cookieKey: 'bs_csrf' });

  app.addHook('onSend', async (_req, reply) => {
    reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('cache-control', 'no-store');
  });

  const words = (req: FastifyRequest): { t: T; lang: Language } => {
    const lang = languageOfRequest(req.headers['accept-language']);
    return { t: translator(lang), lang };
  };

  /** The logged-in user of this request, or null (a forged, expired or ended session is no session). */
  const viewer = async (req: FastifyRequest): Promise<string | null> => {
    const signed = req.cookies[SESSION_COOKIE];
    if (signed === undefined) return null;
    const unsigned = req.unsignCookie(signed);
    if (!unsigned.valid || unsigned.value === null) return null;
    return (await o.store.session(unsigned.value, SESSION_IDLE_MS))?.userId ?? null;
  };

  const send = (req: FastifyRequest, reply: FastifyReply, status: number, title: string, body: Html, userId: string | null) => {
    const { t, lang } = words(req);
    const bar = userId === null ? null : { userId, csrf: reply.generateCsrf() };
    return reply.code(status).type('text/html; charset=utf-8').send(page(t, lang, title, body, bar));
  };
  const forbidden = (req: FastifyRequest, reply: FastifyReply, userId: string | null) => {
    const { t } = words(req);
    return send(req, reply, 403, t('desk.forbidden'), problemPage(t, t('desk.forbidden'), t('desk.forbiddenLead')), userId);
  };

  /** The user and their grant on this server, or the answer already sent (login, or 403 without any case data). */
  const guarded = async (req: FastifyRequest<{ Params: { guildId: string } }>, reply: FastifyReply): Promise<Viewer | null> => {
    const userId = await viewer(req);
    if (userId === null) {
      await reply.redirect('/login');
      return null;
    }
    const grant = await access.grant(req.params.guildId, userId);
    if (grant === null) {
      await forbidden(req, reply, userId);
      return null;
    }
    return { userId, grant };
  };

  app.get('/assets/desk.css', (_req, reply) => reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').send(DESK_CSS));

  app.get('/healthz', async (_req, reply) => {
    const h = await o.health().catch((): DeskHealth => ({ database: false, gateway: false }));
    const up = (ok: boolean) => (ok ? 'up' : 'down');
    const healthy = h.database && h.gateway !== false;
    return reply.code(healthy ? 200 : 503).send({ database: up(h.database), ...(h.gateway === undefined ? {} : { gateway: up(h.gateway) }) });
  });

  app.get('/metrics', async (_req, reply) => {
    if (!o.metrics) return reply.code(404).send('');
    return reply.type(o.metrics.contentType).send(await o.metrics.metrics());
  });

  app.get('/login', async (_req, reply) => {
    const state = randomBytes(16).toString('base64url');
    reply.setCookie(STATE_COOKIE, state, { ...cookie, maxAge: 600 });
    return reply.redirect(authorizeUrl(login, state));
  });

  app.get<{ Querystring: { code?: string; state?: string } }>('/oauth/callback', async (req, reply) => {
    const { t } = words(req);
    const signed = req.cookies[STATE_COOKIE];
    const expected = signed === undefined ? null : req.unsignCookie(signed);
    reply.clearCookie(STATE_COOKIE, { path: '/' });
    const bad = () => send(req, reply, 400, t('desk.badLogin'), problemPage(t, t('desk.badLogin'), t('desk.badLoginLead')), null);
    if (!expected?.valid || expected.value === null || req.query.state !== expected.value || typeof req.query.code !== 'string') return bad();
    const user = await userOfCode(login, req.query.code).catch((error: unknown) => {
      o.logger.warn({ err: error }, 'desk login: Discord did not answer the token exchange');
      return null;
    });
    if (user === null) return bad();
    const token = await o.store.createSession(user.id);
    reply.setCookie(SESSION_COOKIE, token, cookie);
    return reply.redirect('/');
  });

  /** Every POST: its CSRF token checked before anything else runs. */
  const csrf = { preHandler: (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => app.csrfProtection(req, reply, done) };

  app.post('/logout', csrf, async (req, reply) => {
    const signed = req.cookies[SESSION_COOKIE];
    const unsigned = signed === undefined ? null : req.unsignCookie(signed);
    if (unsigned?.valid && unsigned.value !== null) await o.store.endSession(unsigned.value);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/?out=1');
  });

  app.get<{ Querystring: { out?: string } }>('/', async (req, reply) => {
    const { t } = words(req);
    const userId = await viewer(req);
    if (userId === null) return send(req, reply, 200, t('desk.title'), loginPage(t, req.query.out === '1' ? t('desk.loggedOut') : null), null);
    const servers: { guildId: string; name: string }[] = [];
    for (const guildId of await o.store.guildsActedIn(userId)) {
      const grant = await access.grant(guildId, userId);
      if (grant) servers.push({ guildId, name: grant.settings.communityName });
    }
    return send(req, reply, 200, t('desk.servers'), serversPage(t, servers), userId);
  });

  app.get<{ Params: { guildId: string }; Querystring: Record<string, string | undefined> }>('/g/:guildId/cases', async (req, reply) => {
    const who = await guarded(req, reply);
    if (who === null) return reply;
    const { t } = words(req);
    const cases = o.deps.cases.forGuild(req.params.guildId);
    const q = req.query;
    const oneOf = <V extends string>(values: readonly V[], value: string | undefined): V | null => (values as readonly (string | undefined)[]).includes(value) ? (value as V) : null;
    const filters: BoardFilters = {
      status: oneOf(CASE_STATUSES, q.status),
      category: oneOf(CASE_CATEGORIES, q.category),
      flag: oneOf(BOARD_FLAGS, q.flag),
      unacknowledged: q.unacknowledged === '1',
      stale: q.stale === '1',
      member: SNOWFLAKE.test(q.member ?? '') ? (q.member ?? null) : null,
    };
    const before = /^[1-9]\d{0,9}$/.test(q.before ?? '') ? Number(q.before) : null;
    const staleDays = who.grant.settings.staleDays > 0 ? who.grant.settings.staleDays : DEFAULT_STALE_DAYS;
    const query: BoardQuery = {
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.category ? { category: filters.category } : {}),
      ...(filters.flag ? { flag: filters.flag } : {}),
      ...(filters.unacknowledged ? { unacknowledged: true } : {}),
      ...(filters.stale ? { idleSince: new Date(o.deps.clock.now().getTime() - staleDays * DAY_MS) } : {}),
      ...(filters.member ? { partyUserId: filters.member } : {}),
      before,
      // One more than a page: whether there are older ones.
      take: PAGE_SIZE + 1,
    };
    const [listed, counts] = await Promise.all([cases.board(query), cases.statusCounts()]);
    const items = listed.slice(0, PAGE_SIZE);
    const recused = await cases.casesWithParty(who.userId, items.map((c) => c.id));
    const body = boardPage(t, {
      guildId: req.params.guildId,
      communityName: who.grant.settings.communityName,
      items,
      older: listed.length > PAGE_SIZE ? (items.at(-1)?.number ?? null) : null,
      paged: before !== null,
      filters,
      recused,
      counts,
    });
    return send(req, reply, 200, t('desk.board', { community: who.grant.settings.communityName }), body, who.userId);
  });

  app.get<{ Params: { guildId: string }; Querystring: { page?: string } }>('/g/:guildId/reports', async (req, reply) => {
    const who = await guarded(req, reply);
    if (who === null) return reply;
    const { t } = words(req);
    const pageNo = Math.max(0, Math.min(100_000, Number.parseInt(req.query.page ?? '0', 10) || 0));
    const open = await o.deps.reports.forGuild(req.params.guildId).listOpen(pageNo, PAGE_SIZE);
    const community = who.grant.settings.communityName;
    return send(req, reply, 200, t('desk.reportsTitle', { community }), reportsPage(t, req.params.guildId, community, open.items, open.total), who.userId);
  });

  app.get<{ Params: { guildId: string } }>('/g/:guildId/stats', async (req, reply) => {
    const who = await guarded(req, reply);
    if (who === null) return reply;
    const { t } = words(req);
    const result = await caseStatsOf(o.deps, { guildId: req.params.guildId, actor: { id: who.userId, roleIds: who.grant.roleIds } });
    if (!result.ok) return forbidden(req, reply, who.userId);
    const community = who.grant.settings.communityName;
    return send(req, reply, 200, t('desk.statsTitle', { community }), statsPage(t, req.params.guildId, community, result.value.windows), who.userId);
  });

  app.get<{ Params: { guildId: string }; Querystring: { q?: string } }>('/g/:guildId/cases/find', async (req, reply) => {
    const who = await guarded(req, reply);
    if (who === null) return reply;
    const q = (req.query.q ?? '').trim().replace(/^#/, '').replace(/^<@!?(\d+)>$/, '$1');
    if (/^[1-9]\d{0,8}$/.test(q)) return reply.redirect(`/g/${req.params.guildId}/cases/${q}`);
    // A member ID: the cases they are a party to.
    return reply.redirect(SNOWFLAKE.test(q) ? `/g/${req.params.guildId}/cases?member=${q}` : `/g/${req.params.guildId}/cases`);
  });

  app.get<{ Params: { guildId: string; number: string }; Querystring: { done?: string } }>('/g/:guildId/cases/:number', async (req, reply) => {
    const who = await guarded(req, reply);
    if (who === null) return reply;
    const { t } = words(req);
    const detail = await caseOf(req.params.guildId, req.params.number);
    if (detail === null) return send(req, reply, 404, t('desk.notFound'), problemPage(t, t('desk.notFound'), t('desk.notFoundLead')), who.userId);
    // Recusal: a moderator who is a party sees nothing of the case.
    if (detail.parties.some((p) => p.userId === who.userId)) return forbidden(req, reply, who.userId);
    const notice = req.query.done === 'note' ? t('desk.noteAdded') : req.query.done === 'acknowledged' ? t('desk.acknowledged') : null;
    return showCase(req, reply, who, detail, { notice });
  });

  /** The case page (already checked: staff, not a party), with what an action just did. */
  const showCase = async (req: FastifyRequest, reply: FastifyReply, who: Viewer, detail: CaseDetail, extras: Omit<CasePageExtras, 'csrf' | 'admin'>, status = 200) => {
    const { t } = words(req);
    const guildId = detail.guildId;
    const records = o.deps.caseRecords.forGuild(guildId);
    const [evidence, events, statements, related, transcript] = await Promise.all([
      records.evidenceOf(detail.id),
      records.allEvents(detail.id),
      o.deps.cases.forGuild(guildId).sideStatements(detail.id),
      relatedCasesOf(o.deps, detail),
      records.transcript(detail.id),
    ]);
    const context = { evidence, events, sides: sidesHeard(detail.parties, statements), related, transcript };
    const body = casePage(t, guildId, detail, context, { ...extras, admin: who.grant.rank === 'admin', csrf: reply.generateCsrf() });
    return send(req, reply, status, t('desk.caseTitle', { number: detail.number }), body, who.userId);
  };

  /** A case action the service refused: the case page again, saying why (403 when it takes an admin). */
  const refused = (req: FastifyRequest, reply: FastifyReply, who: Viewer, detail: CaseDetail, result: ServiceFail) =>
    showCase(req, reply, who, detail, { notice: failureText(words(req).t, result) }, result.reason === 'not-admin' ? 403 : 400);

  /** A POST on a case: CSRF checked first, then the same checks as its page, then the same service as the command. */
  const caseOf = async (guildId: string, number: string): Promise<CaseDetail | null> =>
    /^[1-9]\d{0,8}$/.test(number) ? o.deps.cases.forGuild(guildId).detail(Number(number), 0) : null;

  /** A case action's checks, the same as its page's: logged in, staff or admin here now, the case exists, and the viewer is not a party to it. */
  const guardedCase = async (
    req: FastifyRequest<{ Params: { guildId: string; number: string } }>,
    reply: FastifyReply,
  ): Promise<{ who: Viewer; detail: CaseDetail; actor: { id: string; roleIds: readonly string[] } } | null> => {
    const who = await guarded(req, reply);
    if (who === null) return null;
    const detail = await caseOf(req.params.guildId, req.params.number);
    if (detail === null || detail.parties.some((p) => p.userId === who.userId)) {
      await forbidden(req, reply, who.userId);
      return null;
    }
    return { who, detail, actor: { id: who.userId, roleIds: who.grant.roleIds } };
  };

  app.post<{ Params: { guildId: string; number: string }; Body: { text?: string } }>('/g/:guildId/cases/:number/notes', csrf, async (req, reply) => {
    const who = await guarded(req, reply);
    if (who === null) return reply;
    const actor = { id: who.userId, roleIds: who.grant.roleIds };
    const result = await addNote(o.deps, { guildId: req.params.guildId, actor, caseNumber: Number(req.params.number), text: String(req.body.text ?? ''), via: 'web' });
    if (result.ok) return reply.redirect(`/g/${req.params.guildId}/cases/${result.value.caseNumber}?done=note`, 303);
    const detail = await caseOf(req.params.guildId, req.params.number);
    // Recusal and a case of no such number: the same answers as the page.
    if (detail === null || detail.parties.some((p) => p.userId === who.userId)) return forbidden(req, reply, who.userId);
    return refused(req, reply, who, detail, result);
  });

  app.post<{ Params: { guildId: string; number: string; escalationId: string } }>('/g/:guildId/cases/:number/escalations/:escalationId/acknowledge', csrf, async (req, reply) => {
    const on = await guardedCase(req, reply);
    if (on === null) return reply;
    const { who, detail, actor } = on;
    if (!detail.escalations.some((e) => e.id === req.params.escalationId)) return forbidden(req, reply, who.userId);
    // The admin role is checked again by the service, on the roles Discord gave for this request.
    const result = await acknowledgeEscalation(o.deps, { guildId: req.params.guildId, actor, escalationId: req.params.escalationId, via: 'web' });
    if (result.ok) return reply.redirect(`/g/${req.params.guildId}/cases/${detail.number}?done=acknowledged`, 303);
    return refused(req, reply, who, detail, result);
  });

  app.post<{ Params: { guildId: string; number: string }; Body: { hold?: string } }>('/g/:guildId/cases/:number/hold', csrf, async (req, reply) => {
    const on = await guardedCase(req, reply);
    if (on === null) return reply;
    const { who, detail, actor } = on;
    const result = await setLegalHold(o.deps, { guildId: req.params.guildId, actor, caseNumber: detail.number, hold: req.body.hold === '1', via: 'web' });
    if (result.ok) return reply.redirect(`/g/${req.params.guildId}/cases/${detail.number}`, 303);
    return refused(req, reply, who, detail, result);
  });

  app.post<{ Params: { guildId: string; number: string } }>('/g/:guildId/cases/:number/export', csrf, async (req, reply) => {
    const on = await guardedCase(req, reply);
    if (on === null) return reply;
    const { who, detail, actor } = on;
    const result = await exportCase(o.deps, { guildId: req.params.guildId, actor, caseNumber: detail.number, via: 'web' });
    if (!result.ok) return refused(req, reply, who, detail, result);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="case-${detail.number}.json"`)
      .send(JSON.stringify(result.value, null, 2));
  });

  app.post<{ Params: { guildId: string; number: string } }>('/g/:guildId/cases/:number/verify', csrf, async (req, reply) => {
    const on = await guardedCase(req, reply);
    if (on === null) return reply;
    const { who, detail, actor } = on;
    const result = await verifyEvidence(o.deps, { guildId: req.params.guildId, actor, caseNumber: detail.number, via: 'web' });
    return result.ok ? showCase(req, reply, who, detail, { verified: result.value.items }) : refused(req, reply, who, detail, result);
  });

  app.setNotFoundHandler(async (req, reply) => {
    const { t } = words(req);
    return send(req, reply, 404, t('desk.notFound'), problemPage(t, t('desk.notFound'), t('desk.notFoundLead')), await viewer(req));
  });
  app.setErrorHandler(async (error: { statusCode?: number; code?: string }, req, reply) => {
    const { t } = words(req);
    if (error.statusCode === 403 || error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') {
      return send(req, reply, 403, t('desk.forbidden'), problemPage(t, t('desk.forbidden'), t('desk.csrfLead')), null);
    }
    o.logger.error({ err: error, url: req.routeOptions.url }, 'desk request failed');
    return send(req, reply, 500, t('desk.failed'), problemPage(t, t('desk.failed'), t('desk.failedLead')), null);
  });
  return app;
}
