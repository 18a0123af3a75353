-- AlterTable
ALTER TABLE "GuildSettings" ADD COLUMN     "followupDays" INTEGER NOT NULL DEFAULT 3;

-- AlterTable
ALTER TABLE "Party" ADD COLUMN     "checkInActionId" TEXT;

-- CreateTable
CREATE TABLE "CheckIn" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "partyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "channel" TEXT,
    "failureReason" TEXT,
    "answer" TEXT,
    "answeredAt" TIMESTAMP(3),
    "requestedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "CheckIn_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CheckIn_guildId_caseId_idx" ON "CheckIn"("guildId", "caseId");

-- CreateIndex
CREATE INDEX "CheckIn_guildId_createdAt_idx" ON "CheckIn"("guildId", "createdAt");

-- AddForeignKey
ALTER TABLE "CheckIn" ADD CONSTRAINT "CheckIn_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

