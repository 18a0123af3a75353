import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { CASE_STATUSES, type CaseStatus } from '../../src/domain/types.js';
import { component, type CommandContext } from '../../src/discord/command.js';
import { customIds } from '../../src/discord/custom-ids.js';
import { answer, answerRefusal, callerOf } from '../../src/discord/interaction-helpers.js';
import { discordTime } from '../../src/messages/text-format.js';
import type { T } from '../../src/i18n/translate.js';
import { choice, localized } from '../localized.js';
import { listCases, type CasePage } from '../../src/services/case-queries.js';
import { choiceOption } from '../options.js';
import type { Subcommand } from '../subcommand.js';

/** The Previous/Next buttons under a case list: the list is replaced in place. */
const listPageButton = component({
  kind: 'button',
  customId: customIds.listPage,
  defer: 'update',
  stale: 'caseList.stale',
  async execute(interaction, [status, page], ctx) {
    await showPage(interaction, ctx, status === 'all' ? null : (status as CaseStatus), Number(page));
  },
});

export const caseList: Subcommand = {
  name: 'list',
  key: 'commands.case.list',
  defer: 'ephemeral',
  build: (b) => b.addStringOption((o) => localized(o, 'status', 'commands.case.list.status').addChoices(...CASE_STATUSES.map((s) => choice(`labels.status.${s}`, s)))),
  async execute(interaction, ctx) {
    await showPage(interaction, ctx, choiceOption(interaction, 'status', CASE_STATUSES), 0);
  },
  components: [listPageButton],
};

async function showPage(
  interaction: ChatInputCommandInteraction | ButtonInteraction,
  { deps, t }: CommandContext,
  status: CaseStatus | null,
  page: number,
): Promise<void> {
  const result = await listCases(deps, { ...callerOf(interaction), status, page });
  if (!result.ok) return answerRefusal(interaction, t, result);
  await answer(interaction, { content: listText(t, result.value), components: result.value.pages > 1 ? [pager(t, result.value)] : [] });
}

export function listText(t: T, p: CasePage): string {
  const paging = { total: p.total, page: p.page + 1, pages: p.pages };
  const heading = p.status ? t('caseList.headingStatus', { ...paging, status: t(`labels.status.${p.status}`) }) : t('caseList.heading', paging);
  if (p.items.length === 0) return `${heading}\n${t('caseList.empty')}`;
  const lines = p.items.map((c) =>
    c.viewerIsParty
      ? t('caseList.recused', { number: c.number })
      : t('caseList.line', {
          number: c.number,
          status: t(`labels.status.${c.status}`),
          category: t(`labels.category.${c.category}`),
          realLife: c.realLife ? t('caseList.realLife') : '',
          when: discordTime(c.createdAt, 'd'),
          summary: c.summary.replace(/\s+/g, ' ').slice(0, 80),
        }),
  );
  return [heading, ...lines].join('\n');
}

function pager(t: T, p: CasePage): APIActionRowComponent<APIButtonComponent> {
  const status = p.status ?? 'all';
  return {
    type: ComponentType.ActionRow,
    components: [
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t('caseList.previous'), custom_id: customIds.listPage.build(status, String(Math.max(0, p.page - 1))), disabled: p.page === 0 },
      { type: ComponentType.Button, style: ButtonStyle.Secondary, label: t('caseList.next'), custom_id: customIds.listPage.build(status, String(p.page + 1)), disabled: p.page + 1 >= p.pages },
    ],
  };
}
