import { Routes, type REST } from 'discord.js';
import type { APIMessage, RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { CaseRecordDiscord, DiscordOutcome, FetchedMessage } from '../ports.js';
import { attempt } from './discord-errors.js';
import { retrySafe } from './message-nonce.js';
import { postInParts } from './post-in-parts.js';

const PAGE = 100;

function fetched(m: APIMessage): FetchedMessage {
  return {
    id: m.id,
    channelId: m.channel_id,
    authorId: m.author.id,
    authorName: m.author.global_name ?? m.author.username,
    content: m.content,
    sentAt: new Date(m.timestamp),
    editedAt: m.edited_timestamp ? new Date(m.edited_timestamp) : null,
    attachments: m.attachments.map((a) => ({ name: a.filename, url: a.url, size: a.size, contentType: a.content_type ?? null })),
    embeds: m.embeds,
    raw: m,
  };
}

/** What the case record reads from and posts to Discord. */
export class DiscordCaseRecord implements CaseRecordDiscord {
  constructor(private readonly rest: REST) {}

  threadMessages(threadId: string): Promise<DiscordOutcome<readonly FetchedMessage[]>> {
    return attempt(async () => {
      const all: APIMessage[] = [];
      let before: string | undefined;
      for (;;) {
        const query = new URLSearchParams({ limit: String(PAGE), ...(before ? { before } : {}) });
        const page = (await this.rest.get(Routes.channelMessages(threadId), { query })) as APIMessage[];
        all.push(...page);
        if (page.length < PAGE) break;
        before = page.at(-1)?.id;
      }
      return all.map(fetched).sort((a, b) => a.sentAt.getTime() - b.sentAt.getTime() || (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    });
  }

  message(channelId: string, messageId: string): Promise<DiscordOutcome<FetchedMessage>> {
    return attempt(async () => fetched((await this.rest.get(Routes.channelMessage(channelId, messageId))) as APIMessage));
  }

  async download(url: string, maxBytes: number): ReturnType<CaseRecordDiscord['download']> {
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    } catch (error) {
      return { ok: false, reason: 'unavailable', detail: error instanceof Error ? error.message : String(error) };
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { ok: false, reason: response.status === 404 ? 'unknown-message' : 'unavailable', detail: `HTTP ${response.status}` };
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await response.body.cancel();
      return { ok: false, reason: 'too-large', detail: `${declared} bytes` };
    }
    // Read at most maxBytes + 1: a file without (or lying about) its length is still held to the limit.
    const chunks: Uint8Array[] = [];
    let size = 0;
    // Leaving the loop early cancels the download.
    for await (const value of response.body as unknown as AsyncIterable<Uint8Array>) {
      size += value.byteLength;
      if (size > maxBytes) return { ok: false, reason: 'too-large', detail: `more than ${maxBytes} bytes` };
      chunks.push(value);
    }
    const bytes = new Uint8Array(size);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return { ok: true, value: { bytes, contentType: response.headers.get('content-type') } };
  }

  deleteMessage(channelId: string, messageId: string): Promise<DiscordOutcome<void>> {
    return attempt(async () => {
      await this.rest.delete(Routes.channelMessage(channelId, messageId));
    });
  }

  postText(channelId: string, content: string, nonce?: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(() => postInParts(this.rest, channelId, content, nonce));
  }

  async postFiles(channelId: string, content: string, files: readonly { name: string; data: string }[], nonce?: string): Promise<DiscordOutcome<{ messageId: string }>> {
    return attempt(async () => {
      const body: RESTPostAPIChannelMessageJSONBody = {
        content,
        allowed_mentions: { parse: [] },
        // The spec declares the attachment id a string (a snowflake); Discord's docs show the index as a number.
        attachments: files.map((f, i) => ({ id: String(i), filename: f.name })),
        ...retrySafe(nonce),
      };
      const message = (await this.rest.post(Routes.channelMessages(channelId), {
        body,
        files: files.map((f) => ({ name: f.name, data: Buffer.from(f.data, 'utf8') })),
      })) as APIMessage;
      return { messageId: message.id };
    });
  }
}
