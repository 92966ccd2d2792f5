-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "api_tokens" ADD COLUMN "scopes" TEXT NOT NULL DEFAULT '';
ALTER TABLE "api_tokens" ADD COLUMN "ownerId" TEXT;
ALTER TABLE "api_tokens" ADD COLUMN "createdBy" TEXT NOT NULL DEFAULT 'system';

-- CreateIndex
CREATE INDEX "api_tokens_ownerId_idx" ON "api_tokens"("ownerId");

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "disabledAt" DATETIME,
    "totpSecret" TEXT,
    "totpEnabledAt" DATETIME,
    "totpLastStep" INTEGER,
    "recoveryCodes" JSONB,
    "failedSignIns" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "sessionEpoch" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "epoch" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "mfaVerifiedAt" DATETIME,
    "clientAddress" TEXT,
    "userAgent" TEXT,
    "revokedAt" DATETIME
);

-- CreateIndex
CREATE UNIQUE INDEX "sessions_tokenHash_key" ON "sessions"("tokenHash");

-- CreateIndex
CREATE INDEX "sessions_userId_idx" ON "sessions"("userId");

-- CreateTable
CREATE TABLE "settings" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" JSONB NOT NULL,
    "updatedAt" DATETIME NOT NULL
);
