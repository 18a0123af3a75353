-- CreateEnum
CREATE TYPE "EvidenceKind" AS ENUM ('file', 'message');

-- CreateEnum
CREATE TYPE "EvidenceStorage" AS ENUM ('database', 'files');

-- AlterTable
ALTER TABLE "GuildSettings" ADD COLUMN     "retentionDays" INTEGER;

-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "legalHold" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "TranscriptMessage" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "partyId" TEXT,
    "threadId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "embeds" JSONB NOT NULL DEFAULT '[]',
    "sentAt" TIMESTAMP(3) NOT NULL,
    "editedAt" TIMESTAMP(3),
    "capturedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TranscriptMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Evidence" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "kind" "EvidenceKind" NOT NULL,
    "addedById" TEXT NOT NULL,
    "note" TEXT,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storage" "EvidenceStorage" NOT NULL,
    "bytes" BYTEA,
    "path" TEXT,
    "sourceUrl" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RetentionLog" (
    "id" BIGSERIAL NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseNumber" INTEGER NOT NULL,
    "closedAt" TIMESTAMP(3) NOT NULL,
    "retentionDays" INTEGER NOT NULL,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RetentionLog_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TranscriptMessage_guildId_caseId_sentAt_idx" ON "TranscriptMessage"("guildId", "caseId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "TranscriptMessage_caseId_messageId_key" ON "TranscriptMessage"("caseId", "messageId");

-- CreateIndex
CREATE INDEX "Evidence_guildId_caseId_idx" ON "Evidence"("guildId", "caseId");

-- CreateIndex
CREATE UNIQUE INDEX "Evidence_caseId_number_key" ON "Evidence"("caseId", "number");

-- CreateIndex
CREATE INDEX "RetentionLog_guildId_deletedAt_idx" ON "RetentionLog"("guildId", "deletedAt");

-- CreateIndex
CREATE INDEX "Case_guildId_status_closedAt_idx" ON "Case"("guildId", "status", "closedAt");

-- AddForeignKey
ALTER TABLE "TranscriptMessage" ADD CONSTRAINT "TranscriptMessage_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Evidence" ADD CONSTRAINT "Evidence_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

