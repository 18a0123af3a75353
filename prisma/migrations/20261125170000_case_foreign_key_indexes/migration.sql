-- CreateIndex
CREATE INDEX "Statement_caseId_idx" ON "Statement"("caseId");

-- CreateIndex
CREATE INDEX "Note_caseId_idx" ON "Note"("caseId");

-- CreateIndex
CREATE INDEX "Escalation_caseId_idx" ON "Escalation"("caseId");

-- CreateIndex
CREATE INDEX "SafeChatDelivery_caseId_idx" ON "SafeChatDelivery"("caseId");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_idx" ON "CaseEvent"("caseId");

