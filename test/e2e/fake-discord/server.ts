import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, discordFormErrors, Errors } from './errors.js';
import { faultResponse, type Faults } from './faults.js';
import type { OpenApiValidator } from './openapi-validator.js';
import type { RestApi } from './rest-routes.js';
import { matchTemplate } from './routes.js';

export const API_PREFIX = '/api/v10';

export interface RecordedRequest {
  method: string;
  /** Path relative to /api/v10, e.g. '/channels/123/messages'. */
  path: string;
  /** Spec/fake route template, e.g. '/channels/{channel_id}/messages' (null when unknown). */
  route: string | null;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON body (for multipart: the payload_json part). */
  body: unknown;
  /** Number of file parts in a multipart body. */
  files: number;
  status: number;
  response: unknown;
  /** Which fault, if any, answered. */
  fault?: string;
  /** The User-Agent header (the bot names its shard in it). */
  userAgent: string;
  at: number;
}

export interface Violation {
  method: string;
  path: string;
  route: string | null;
  reason: 'not-in-spec' | 'invalid-body' | 'not-implemented' | 'bad-json';
  errors: unknown;
  body: unknown;
  at: number;
}

interface PipelineDeps {
  rest: RestApi;
  validator: OpenApiValidator;
  faults: Faults;
  token: () => string;
  requests: RecordedRequest[];
  violations: Violation[];
  onValidated: () => void;
  onActivity: (delta: number) => void;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function parseBody(
  raw: Buffer,
  contentType: string,
): Promise<{ body: unknown; files: number; hasBody: boolean; error?: string }> {
  if (raw.length === 0) return { body: undefined, files: 0, hasBody: false };
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    let files = 0;
    let body: unknown;
    let hasBody = false;
    for (const [name, value] of form.entries()) {
      if (name === 'payload_json' && typeof value === 'string') {
        try {
          body = JSON.parse(value);
          hasBody = true;
        } catch {
          return { body: value, files, hasBody: true, error: 'payload_json is not valid JSON' };
        }
      } else if (typeof value !== 'string') {
        files++;
      }
    }
    return { body, files, hasBody };
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text), files: 0, hasBody: true };
  } catch {
    return { body: text, files: 0, hasBody: true, error: 'body is not valid JSON' };
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status === 200 ? 204 : status, headers);
    res.end();
    return;
  }
  const json = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json), ...headers });
  res.end(json);
}

/** The REST request pipeline: record, validate against the spec, route, inject faults, run the handler. */
export async function handleRest(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  deps.onActivity(1);
  try {
    await handleRestInner(deps, req, res);
  } finally {
    deps.onActivity(-1);
  }
}

async function handleRestInner(deps: PipelineDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const method = (req.method ?? 'GET').toUpperCase();
  const raw = await readBody(req);
  const path = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length) : url.pathname;
  const parsed = await parseBody(raw, String(req.headers['content-type'] ?? ''));
  const entry: RecordedRequest = {
    method,
    path,
    route: null,
    params: {},
    query: Object.fromEntries(url.searchParams),
    body: parsed.body,
    files: parsed.files,
    status: 0,
    response: undefined,
    userAgent: String(req.headers['user-agent'] ?? ''),
    at: Date.now(),
  };
  deps.requests.push(entry);
  const reply = (status: number, body: unknown, headers?: Record<string, string>): void => {
    entry.status = status === 200 && body === undefined ? 204 : status;
    entry.response = body;
    send(res, status, body, headers);
  };
  const violation = (v: Omit<Violation, 'method' | 'path' | 'at' | 'body'>): void => {
    deps.violations.push({ method, path, body: parsed.body, at: Date.now(), ...v });
  };

  if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
    violation({ route: null, reason: 'not-in-spec', errors: `not under ${API_PREFIX}` });
    reply(404, Errors.notFound().body());
    return;
  }
  if (parsed.error) {
    violation({ route: null, reason: 'bad-json', errors: parsed.error });
    reply(400, { code: 50109, message: 'The request body contains invalid JSON.' });
    return;
  }

  // 1. The spec: the operation must exist, and its JSON body must validate.
  const check = deps.validator.check(method, path, parsed.body, parsed.hasBody && method !== 'GET' && method !== 'DELETE');
  entry.route = check.template;
  if (!check.ok) {
    violation({ route: check.template, reason: check.reason, errors: check.errors });
    if (check.reason === 'not-in-spec') reply(404, Errors.notFound().body());
    else reply(400, Errors.invalidFormBody(discordFormErrors(check.errors)).body());
    return;
  }
  if (check.validated) deps.onValidated();

  // 2. The fake's own routes.
  const match = matchTemplate(
    deps.rest.compiled.filter((c) => deps.rest.find(method, c.template)),
    path,
  );
  const route = match ? deps.rest.find(method, match.template) : undefined;
  if (!match || !route) {
    violation({ route: check.template, reason: 'not-implemented', errors: `the fake does not implement ${method} ${check.template}` });
    reply(404, Errors.notFound().body());
    return;
  }
  entry.route = match.template;
  entry.params = match.params;

  if (route.auth === 'bot' && req.headers.authorization !== `Bot ${deps.token()}`) {
    reply(401, Errors.unauthorized().body());
    return;
  }

  // 3. Faults.
  for (;;) {
    const fault = deps.faults.take(method, match.template, match.params);
    if (!fault) break;
    entry.fault = fault.kind;
    if (fault.kind === 'delay') {
      await new Promise((resolve) => setTimeout(resolve, fault.ms ?? 200));
      continue;
    }
    const response = faultResponse(fault);
    if (response) {
      reply(response.status, response.body, response.headers);
      return;
    }
  }

  // 4. The handler.
  try {
    const result = route.handler({ method, path, template: match.template, params: match.params, query: url.searchParams, body: parsed.body });
    reply(result.status, result.body);
  } catch (error) {
    if (error instanceof ApiError) {
      reply(error.status, error.body());
      return;
    }
    const message = error instanceof Error ? error.stack ?? error.message : String(error);
    reply(500, { code: 0, message: `fake-discord handler error: ${message}` });
  }
}

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

export async function startServer(
  onRequest: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onGateway: (ws: WebSocket, url: URL) => void,
): Promise<RunningServer> {
  const wss = new WebSocketServer({ noServer: true });
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ code: 0, message: String(error) }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.replace(/\/+$/, '') !== '/gateway') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onGateway(ws, url));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
