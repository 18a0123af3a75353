-- CreateTable
CREATE TABLE "OwedAction" (
    "id" TEXT NOT NULL,
    "guildId" TEXT NOT NULL,
    "caseId" TEXT,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "runAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseUntil" TIMESTAMP(3),
    "leasedBy" TEXT,
    "progress" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB,
    "lastError" TEXT,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "OwedAction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OwedAction_status_runAt_idx" ON "OwedAction"("status", "runAt");

-- CreateIndex
CREATE INDEX "OwedAction_caseId_idx" ON "OwedAction"("caseId");

-- CreateIndex
CREATE INDEX "OwedAction_guildId_caseId_idx" ON "OwedAction"("guildId", "caseId");

-- AddForeignKey
ALTER TABLE "OwedAction" ADD CONSTRAINT "OwedAction_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

