import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { CASE_STATUSES, type CaseStatus } from '../../src/domain/types.js';
import { component, type CommandContext } from '../../src/discord/command.js';
import { customIds } from '../../src/discord/custom-ids.js';
import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { CATEGORY_LABELS, STATUS_LABELS } from '../../src/messages/labels.js';
import { listCases, type CasePage } from '../../src/services/case-queries.js';
import { choiceOption } from '../options.js';
import type { Subcommand } from '../subcommand.js';

/** The Previous/Next buttons under a case list: the list is replaced in place. */
const listPageButton = component({
  kind: 'button',
  customId: customIds.listPage,
  defer: 'update',
  stale: 'This button is no longer valid. Please run `/case list` again.',
  async execute(interaction, [status, page], ctx) {
    await showPage(interaction, ctx, status === 'all' ? null : (status as CaseStatus), Number(page));
  },
});

export const caseList: Subcommand = {
  name: 'list',
  defer: 'ephemeral',
  build: (b) =>
    b
      .setDescription('List cases, newest first')
      .addStringOption((o) =>
        o
          .setName('status')
          .setDescription('Only cases with this status')
          .addChoices(...CASE_STATUSES.map((s) => ({ name: STATUS_LABELS[s], value: s }))),
      ),
  async execute(interaction, ctx) {
    await showPage(interaction, ctx, choiceOption(interaction, 'status', CASE_STATUSES), 0);
  },
  components: [listPageButton],
};

async function showPage(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  { deps }: CommandContext,
  status: CaseStatus | null,
  page: number,
): Promise<void> {
  const result = await listCases(deps, { ...callerOf(interaction), status, page });
  if (!result.ok) return answerRefusal(interaction, result);
  await answer(interaction, { content: listText(result.value), components: result.value.pages > 1 ? [pager(result.value)] : [] });
}

export function listText(p: CasePage): string {
  const heading = `**${p.status ? `${STATUS_LABELS[p.status]} cases` : 'Cases'}** (${p.total}) · page ${p.page + 1} of ${p.pages}`;
  if (p.items.length === 0) return `${heading}\nNo cases here.`;
  const lines = p.items.map((c) =>
    c.viewerIsParty
      ? `#${c.number} · you are a party to this case: another moderator handles it`
      : `#${c.number} · ${STATUS_LABELS[c.status]} · ${CATEGORY_LABELS[c.category]}${c.realLife ? ' · real life' : ''} · <t:${Math.floor(c.createdAt.getTime() / 1000)}:d> · ${c.summary.replace(/\s+/g, ' ').slice(0, 80)}`,
  );
  return [heading, ...lines].join('\n');
}

function pager(p: CasePage): APIActionRowComponent<APIButtonComponent> {
  const status = p.status ?? 'all';
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Previous', custom_id: customIds.listPage.build(status, String(Math.max(0, p.page - 1))), disabled: p.page === 0 },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Next', custom_id: customIds.listPage.build(status, String(p.page + 1)), disabled: p.page + 1 >= p.pages },
    ],
  };
}
