import { ApplicationCommandType, ContextMenuCommandBuilder, InteractionContextType } from 'discord.js';
import type { MessageMenuCommand, UserMenuCommand } from '../../src/discord/command.js';
import { customIds } from '../../src/discord/custom-ids.js';
import { answer, callerOf } from '../../src/discord/interaction-helpers.js';
import { reporterFailureText } from '../../src/messages/report-texts.js';
import { checkCanReport } from '../../src/services/report-intake.js';
import { reportMessageForm, reportModal, reportUserForm } from './report-form.js';
import { menuName } from '../localized.js';

/** Right-click a member → Apps → "Report user": open to every member, answered with a private form. */
export const reportUserCommand = {
  kind: 'user-menu',
  defer: 'manual',
  data: menuName(new ContextMenuCommandBuilder(), 'commands.reportUser.name').setType(ApplicationCommandType.User).setContexts(InteractionContextType.Guild).toJSON(),
  async execute(interaction, { deps, serverT }) {
    const target = interaction.targetUser;
    const allowed = await checkCanReport(deps, { guildId: callerOf(interaction).guildId, reporterId: interaction.user.id, reported: { id: target.id, isBot: target.bot } });
    if (!allowed.ok) {
      await answer(interaction, { content: reporterFailureText(serverT, allowed) });
      return;
    }
    await interaction.showModal(reportModal(serverT, customIds.reportUserForm.build(target.id), serverT('reportForm.titleMember')));
  },
  components: [reportUserForm],
} satisfies UserMenuCommand;

/** Right-click a message → Apps → "Report message": the message is kept as it is now, then the same form. */
export const reportMessageCommand = {
  kind: 'message-menu',
  defer: 'manual',
  data: menuName(new ContextMenuCommandBuilder(), 'commands.reportMessage.name').setType(ApplicationCommandType.Message).setContexts(InteractionContextType.Guild).toJSON(),
  async execute(interaction, { deps, pendingEvidence, serverT }) {
    const m = interaction.targetMessage;
    const guildId = callerOf(interaction).guildId;
    const allowed = await checkCanReport(deps, { guildId, reporterId: interaction.user.id, reported: { id: m.author.id, isBot: m.author.bot } });
    if (!allowed.ok) {
      await answer(interaction, { content: reporterFailureText(serverT, allowed) });
      return;
    }
    pendingEvidence.put(guildId, interaction.user.id, {
      messageId: m.id,
      channelId: m.channelId,
      authorId: m.author.id,
      content: m.content,
      sentAt: m.createdAt,
      attachments: [...m.attachments.values()].map((a) => ({ name: a.name, url: a.url })),
      link: m.url,
    });
    await interaction.showModal(reportModal(serverT, customIds.reportMessageForm.build(m.id, m.author.id, m.channelId), serverT('reportForm.titleMessage')));
  },
  components: [reportMessageForm],
} satisfies MessageMenuCommand;
