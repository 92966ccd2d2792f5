import type { Role } from "@switchyard/shared";

/** A person as stored, without the password hash, TOTP secret or recovery codes. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  createdAt: Date;
  updatedAt: Date;
  disabledAt: Date | null;
  totpEnabledAt: Date | null;
  /** How many passkeys (WebAuthn credentials) the person registered: each is a second factor too. */
  passkeyCount: number;
  failedSignIns: number;
  lockedUntil: Date | null;
  sessionEpoch: number;
}

/** What sign-in and MFA need besides the record. */
export interface UserSecrets {
  passwordHash: string;
  /** Encrypted (see the core's secret box); null until enrolment starts. */
  totpSecret: string | null;
  /** sha256 hex of each unused recovery code. */
  recoveryCodes: string[];
}

export interface UserRepo {
  count(): Promise<number>;
  /** Creates a person; the email is stored lower-cased and must be new (false: taken). */
  create(input: { email: string; name: string; role: Role; passwordHash: string }): Promise<UserRecord | null>;
  /** Creates the first person only when there is none (one transaction): null otherwise. */
  createFirst(input: { email: string; name: string; role: Role; passwordHash: string }): Promise<UserRecord | null>;
  get(id: string): Promise<UserRecord | null>;
  getByEmail(email: string): Promise<(UserRecord & UserSecrets) | null>;
  getWithSecrets(id: string): Promise<(UserRecord & UserSecrets) | null>;
  list(): Promise<UserRecord[]>;
  /** Changes the listed fields; a role change or `bumpEpoch` ends the person's other sessions. */
  update(
    id: string,
    patch: Partial<{
      name: string;
      role: Role;
      passwordHash: string;
      disabledAt: Date | null;
      totpSecret: string | null;
      totpEnabledAt: Date | null;
      totpLastStep: number | null;
      recoveryCodes: string[];
      failedSignIns: number;
      lockedUntil: Date | null;
    }> & { bumpEpoch?: boolean },
  ): Promise<UserRecord | null>;
  /** Counts one failed sign-in; returns the new count. */
  recordFailure(id: string, lockUntil: (failures: number) => Date | null): Promise<number>;
  /** Accepts a TOTP time step only if it is later than the last accepted one (no code replays). */
  acceptTotpStep(id: string, step: number): Promise<boolean>;
  /** Uses one recovery code (by hash) atomically: true when it was unused. */
  consumeRecoveryCode(id: string, codeHash: string): Promise<boolean>;
}
