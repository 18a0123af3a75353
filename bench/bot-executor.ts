/**
 * Runs the workload through the bot: every command is an INTERACTION_CREATE
 * sent over the local gateway, timed until the bot's first callback (the
 * ack) and until its final reply.
 */
import type { InteractionHandle } from '../test/e2e/fake-discord/index.js';
import type { OptionValue } from '../test/e2e/fake-discord/interactions.js';
import type { BenchWorld } from './bench-world.js';
import type { CommandName, Executor, LaneCase } from './workload.js';

export type Sample = { readonly command: CommandName; readonly ackMs: number; readonly finalMs: number };

/** What a successful reply to each command looks like. */
const SUCCESS: Readonly<Record<CommandName, RegExp>> = {
  open: /Case #(\d+) opened/,
  addside: /Recorded the side/,
  escalate: /is escalated/,
  view: /./,
  safechat: /Safe-chat advice sent/,
};

const DEFERRED = 5;

export class BotExecutor implements Executor {
  readonly samples: Sample[] = [];

  constructor(
    private readonly world: BenchWorld,
    private readonly timeoutMs = 30_000,
  ) {}

  async open(lane: number, complainant: string, accused: string): Promise<LaneCase> {
    const reply = await this.run(lane, 'open', { complainant, accused, category: 'harassment', summary: `Lane ${lane}: keeps following them from channel to channel.` });
    const number = Number(SUCCESS.open.exec(reply)?.[1]);
    return { number, parties: [complainant, accused] };
  }

  async addside(lane: number, c: LaneCase, party: string, statement: string): Promise<void> {
    await this.run(lane, 'addside', { case: c.number, party, statement });
  }

  async escalate(lane: number, c: LaneCase): Promise<void> {
    await this.run(lane, 'escalate', { case: c.number, reason: 'I am uncomfortable handling this alone' });
  }

  async view(lane: number, c: LaneCase): Promise<void> {
    await this.run(lane, 'view', { case: c.number });
  }

  async safechat(lane: number, c: LaneCase, user: string): Promise<void> {
    await this.run(lane, 'safechat', { user, case: c.number, force: true });
  }

  /** Sends one command as the lane's moderator; returns the reply text (embeds included) or throws. */
  private async run(lane: number, command: CommandName, options: Record<string, OptionValue>): Promise<string> {
    const { fake, community, moderators } = this.world;
    const moderator = moderators[lane];
    if (!moderator) throw new Error(`no moderator for lane ${lane}`);
    const handle = command === 'safechat'
      ? fake.slash(moderator, community.guild.id, 'safechat', { channelId: community.channels.staffRoom.id, options })
      : fake.slash(moderator, community.guild.id, 'case', { subcommand: command, channelId: community.channels.staffRoom.id, options });
    await handle.waitFor((h) => h.acknowledged, this.timeoutMs, 'the ack');
    const ackMs = handle.callback?.afterMs ?? NaN;
    if (handle.callback?.type === DEFERRED) {
      await handle.waitFor((h) => !(h.reply?.loading ?? true) || h.followUps.length > 0, this.timeoutMs, 'the final reply');
    }
    const finalMs = Date.now() - handle.record.dispatchedAt;
    this.samples.push({ command, ackMs, finalMs });
    const text = replyText(handle);
    if (handle.errors.length > 0 || !SUCCESS[command].test(text)) {
      throw new Error(`/${command}: ${handle.errors.join('; ') || text.slice(0, 200)}`);
    }
    return text;
  }
}

function replyText(handle: InteractionHandle): string {
  const reply = handle.reply;
  return reply ? `${reply.content}${reply.embeds.length > 0 ? JSON.stringify(reply.embeds) : ''}` : '';
}
