import { RESTEvents, type REST } from 'discord.js';

/** Reports every REST response (by route bucket and status) and every rate-limit wait of the bot's client. */
export function watchRest(rest: REST, sink: { restResponse(route: string, status: number): void; rateLimited(route: string, global: boolean): void }): void {
  rest.on(RESTEvents.Response, (request, response) => sink.restResponse(request.route, response.status));
  rest.on(RESTEvents.RateLimited, (info) => sink.rateLimited(info.route, info.global));
}
