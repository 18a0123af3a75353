-- CreateEnum
CREATE TYPE "ReportStatus" AS ENUM ('open', 'case_opened', 'merged', 'dismissed');

-- CreateEnum
CREATE TYPE "ReportKind" AS ENUM ('user', 'message');

-- AlterEnum
ALTER TYPE "StatementSource" ADD VALUE 'report';

-- AlterTable
ALTER TABLE "GuildSettings" ADD COLUMN     "reportsChannelId" TEXT;

-- CreateTable
CREATE TABLE "Report" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "reporterId" TEXT NOT NULL,
    "reportedUserId" TEXT NOT NULL,
    "status" "ReportStatus" NOT NULL DEFAULT 'open',
    "realLife" BOOLEAN NOT NULL DEFAULT false,
    "offPlatform" BOOLEAN NOT NULL DEFAULT false,
    "caseId" TEXT,
    "handledById" TEXT,
    "handledAt" TIMESTAMP(3),
    "dismissReason" TEXT,
    "queueChannelId" TEXT,
    "queueMessageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Report_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReportSubmission" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "kind" "ReportKind" NOT NULL,
    "whatHappened" TEXT NOT NULL,
    "since" TEXT,
    "elsewhere" TEXT,
    "realLifeAnswer" TEXT,
    "other" TEXT,
    "messageId" TEXT,
    "messageChannelId" TEXT,
    "messageAuthorId" TEXT,
    "messageContent" TEXT,
    "messageSentAt" TIMESTAMP(3),
    "messageAttachments" JSONB NOT NULL DEFAULT '[]',
    "messageLink" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GuildReportCounter" (
    "guildId" TEXT NOT NULL,
    "lastNumber" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "GuildReportCounter_pkey" PRIMARY KEY ("guildId")
);

-- CreateIndex
CREATE INDEX "Report_guildId_reporterId_createdAt_idx" ON "Report"("guildId", "reporterId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Report_guildId_reportedUserId_createdAt_idx" ON "Report"("guildId", "reportedUserId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Report_guildId_status_number_idx" ON "Report"("guildId", "status", "number" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Report_guildId_number_key" ON "Report"("guildId", "number");

-- CreateIndex
CREATE INDEX "ReportSubmission_guildId_reportId_createdAt_idx" ON "ReportSubmission"("guildId", "reportId", "createdAt");

-- AddForeignKey
ALTER TABLE "ReportSubmission" ADD CONSTRAINT "ReportSubmission_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report"("id") ON DELETE CASCADE ON UPDATE CASCADE;

