-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CaseCategory" AS ENUM ('stalking', 'harassment', 'personal_info_exposed', 'other');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'interviewing', 'escalated', 'closed');

-- CreateEnum
CREATE TYPE "ExposureLocation" AS ENUM ('on_server', 'elsewhere');

-- CreateEnum
CREATE TYPE "CaseOutcome" AS ENUM ('advised_self_help', 'content_removed', 'referred_to_authorities', 'action_taken', 'no_action', 'unfounded');

-- CreateEnum
CREATE TYPE "PartyRole" AS ENUM ('complainant', 'accused', 'witness');

-- CreateEnum
CREATE TYPE "StatementSource" AS ENUM ('moderator_entry', 'thread_message');

-- CreateEnum
CREATE TYPE "Urgency" AS ENUM ('normal', 'urgent');

-- CreateEnum
CREATE TYPE "DeliveryChannel" AS ENUM ('dm', 'interview_thread', 'none');

-- CreateTable
CREATE TABLE "GuildSettings" (
    "guildId" TEXT NOT NULL,
    "staffRoleId" TEXT NOT NULL,
    "adminRoleId" TEXT NOT NULL,
    "escalationChannelId" TEXT NOT NULL,
    "interviewChannelId" TEXT NOT NULL,
    "caseLogChannelId" TEXT,
    "communityName" TEXT NOT NULL,
    "standardsUrl" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GuildSettings_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "GuildCaseCounter" (
    "guildId" TEXT NOT NULL,
    "lastNumber" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "GuildCaseCounter_pkey" PRIMARY KEY ("guildId")
);

-- CreateTable
CREATE TABLE "Case" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "category" "CaseCategory" NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "realLife" BOOLEAN NOT NULL DEFAULT false,
    "offPlatform" BOOLEAN NOT NULL DEFAULT false,
    "exposureLocation" "ExposureLocation",
    "summary" TEXT NOT NULL,
    "openedById" TEXT NOT NULL,
    "outcome" "CaseOutcome",
    "closeReason" TEXT,
    "closedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "closedAt" TIMESTAMP(3),

    CONSTRAINT "Case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Party" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "PartyRole" NOT NULL,
    "position" INTEGER NOT NULL,
    "threadId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Party_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Statement" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "partyId" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "source" "StatementSource" NOT NULL,
    "sourceMessageId" TEXT,
    "sourceUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Statement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Escalation" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "escalatedById" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "urgency" "Urgency" NOT NULL DEFAULT 'normal',
    "channelId" TEXT,
    "messageId" TEXT,
    "acknowledgedById" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Escalation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SafeChatDelivery" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT,
    "userId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "topics" TEXT[],
    "channel" "DeliveryChannel" NOT NULL,
    "delivered" BOOLEAN NOT NULL,
    "failureReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SafeChatDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" BIGSERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT,
    "actorId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Case_guildId_status_createdAt_idx" ON "Case"("guildId", "status", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "Case_guildId_createdAt_idx" ON "Case"("guildId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Case_guildId_number_key" ON "Case"("guildId", "number");

-- CreateIndex
CREATE INDEX "Party_guildId_userId_idx" ON "Party"("guildId", "userId");

-- CreateIndex
CREATE INDEX "Party_guildId_threadId_idx" ON "Party"("guildId", "threadId");

-- CreateIndex
CREATE UNIQUE INDEX "Party_caseId_userId_key" ON "Party"("caseId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Party_caseId_position_key" ON "Party"("caseId", "position");

-- CreateIndex
CREATE INDEX "Statement_guildId_caseId_createdAt_idx" ON "Statement"("guildId", "caseId", "createdAt");

-- CreateIndex
CREATE INDEX "Statement_partyId_idx" ON "Statement"("partyId");

-- CreateIndex
CREATE INDEX "Note_guildId_caseId_createdAt_idx" ON "Note"("guildId", "caseId", "createdAt");

-- CreateIndex
CREATE INDEX "Escalation_guildId_caseId_createdAt_idx" ON "Escalation"("guildId", "caseId", "createdAt");

-- CreateIndex
CREATE INDEX "SafeChatDelivery_guildId_userId_createdAt_idx" ON "SafeChatDelivery"("guildId", "userId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "SafeChatDelivery_guildId_caseId_idx" ON "SafeChatDelivery"("guildId", "caseId");

-- CreateIndex
CREATE INDEX "CaseEvent_guildId_caseId_id_idx" ON "CaseEvent"("guildId", "caseId", "id" DESC);

-- AddForeignKey
ALTER TABLE "Party" ADD CONSTRAINT "Party_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_partyId_fkey" FOREIGN KEY ("partyId") REFERENCES "Party"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Escalation" ADD CONSTRAINT "Escalation_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SafeChatDelivery" ADD CONSTRAINT "SafeChatDelivery_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

