export type FaultKind =
  | 'rate-limit'
  | 'server-error'
  | 'dms-closed'
  | 'missing-permissions'
  | 'unknown-channel'
  | 'unknown-message'
  | 'delay';

export interface FaultSpec {
  /** HTTP method (any when omitted). */
  method?: string;
  /** Spec path template, e.g. '/channels/{channel_id}/threads' (any when omitted). */
  route?: string;
  /** Only when a path parameter has this value, e.g. { channel_id: '123' }. */
  params?: Record<string, string>;
  /** How many matching requests it affects (default 1; Infinity for all). */
  times?: number;
  kind: FaultKind;
  /** rate-limit: seconds for retry_after (default 0.2). */
  retryAfter?: number;
  /** delay: milliseconds (default 200). The request then proceeds normally. */
  ms?: number;
}

export interface FaultResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  remaining: number;
  hits: number;
}

export class Faults {
  private nextId = 1;
  private readonly active: ActiveFault[] = [];

  add(spec: FaultSpec): ActiveFault {
    const fault: ActiveFault = { ...spec, id: this.nextId++, remaining: spec.times ?? 1, hits: 0 };
    this.active.push(fault);
    return fault;
  }

  remove(fault: ActiveFault): void {
    const i = this.active.indexOf(fault);
    if (i >= 0) this.active.splice(i, 1);
  }

  clear(): void {
    this.active.length = 0;
  }

  list(): readonly ActiveFault[] {
    return this.active;
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, route: string | null, params: Record<string, string>): ActiveFault | undefined {
    const fault = this.active.find(
      (f) =>
        f.remaining > 0 &&
        (!f.method || f.method.toUpperCase() === method.toUpperCase()) &&
        (!f.route || f.route === route) &&
        (!f.params || Object.entries(f.params).every(([k, v]) => params[k] === v)),
    );
    if (!fault) return undefined;
    fault.remaining--;
    fault.hits++;
    if (fault.remaining <= 0) this.remove(fault);
    return fault;
  }
}

export function faultResponse(fault: ActiveFault): FaultResponse | undefined {
  switch (fault.kind) {
    case 'rate-limit': {
      const retryAfter = fault.retryAfter ?? 0.2;
      return {
        status: 429,
        body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
        headers: {
          'retry-after': String(retryAfter),
          'x-ratelimit-scope': 'user',
          'x-ratelimit-limit': '1',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset-after': String(retryAfter),
        },
      };
    }
    case 'server-error':
      return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
    case 'dms-closed':
      return { status: 403, body: { message: 'Cannot send messages to this user', code: 50007 } };
    case 'missing-permissions':
      return { status: 403, body: { message: 'Missing Permissions', code: 50013 } };
    case 'unknown-channel':
      return { status: 404, body: { message: 'Unknown Channel', code: 10003 } };
    case 'unknown-message':
      return { status: 404, body: { message: 'Unknown Message', code: 10008 } };
    case 'delay':
      return undefined;
  }
}
