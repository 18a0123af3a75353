-- AlterTable
ALTER TABLE "GuildSettings" ADD COLUMN     "staleDays" INTEGER NOT NULL DEFAULT 7;

