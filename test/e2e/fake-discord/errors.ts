import type { ErrorObject } from 'ajv/dist/2020.js';

/** An error response in Discord's shape: { code, message, errors? }. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: unknown,
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    return { message: this.message, code: this.code, ...(this.errors === undefined ? {} : { errors: this.errors }) };
  }
}

export const Errors = {
  unknownChannel: () => new ApiError(404, 10003, 'Unknown Channel'),
  unknownGuild: () => new ApiError(404, 10004, 'Unknown Guild'),
  unknownMember: () => new ApiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => new ApiError(404, 10008, 'Unknown Message'),
  unknownUser: () => new ApiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => new ApiError(404, 10015, 'Unknown Webhook'),
  unknownInteraction: () => new ApiError(404, 10062, 'Unknown interaction'),
  missingAccess: () => new ApiError(403, 50001, 'Missing Access'),
  cannotEditOthers: () => new ApiError(403, 50005, 'Cannot edit a message authored by another user'),
  emptyMessage: () => new ApiError(400, 50006, 'Cannot send an empty message'),
  dmsClosed: () => new ApiError(403, 50007, 'Cannot send messages to this user'),
  missingPermissions: () => new ApiError(403, 50013, 'Missing Permissions'),
  wrongChannelType: () => new ApiError(400, 50024, 'Cannot execute action on this channel type'),
  invalidRecipient: () => new ApiError(400, 50033, 'Invalid Recipient(s)'),
  threadArchived: () => new ApiError(400, 50083, 'Thread is archived'),
  alreadyAcknowledged: () => new ApiError(400, 40060, 'Interaction has already been acknowledged.'),
  unauthorized: () => new ApiError(401, 0, '401: Unauthorized'),
  notFound: () => new ApiError(404, 0, '404: Not Found'),
  invalidFormBody: (errors: unknown) => new ApiError(400, 50035, 'Invalid Form Body', errors),
};

/** Converts ajv errors into Discord's nested `errors` object ({ field: { _errors: [{ code, message }] } }). */
export function discordFormErrors(errors: ErrorObject[] | string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const list = typeof errors === 'string' ? [{ instancePath: '', message: errors, keyword: 'route' }] : errors;
  for (const e of list) {
    const parts = e.instancePath.split('/').filter(Boolean);
    if ('params' in e && e.keyword === 'required' && typeof e.params.missingProperty === 'string') {
      parts.push(e.params.missingProperty);
    }
    let node = root;
    for (const part of parts) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    const list2 = (node._errors ??= []) as { code: string; message: string }[];
    list2.push({ code: `SCHEMA_${e.keyword.toUpperCase()}`, message: e.message ?? e.keyword });
  }
  return root;
}
