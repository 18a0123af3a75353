-- AlterTable
ALTER TABLE "GuildSettings" ADD COLUMN     "escalationReminderHours" INTEGER NOT NULL DEFAULT 12;

