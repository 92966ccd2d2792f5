/** A passkey (WebAuthn credential) as stored: enough to verify its assertions. */
export interface PasskeyRecord {
  id: string;
  userId: string;
  /** The credential's id (base64url), as the authenticator and the browser name it. */
  credentialId: string;
  /** The COSE public key (base64url). */
  publicKey: string;
  /** The signature counter last accepted (0: the authenticator keeps none). */
  counter: number;
  /** Transports the browser reported at registration ("internal", "hybrid", "usb", …). */
  transports: string[];
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export interface PasskeyRepo {
  /** Stores a new credential; null when its credential id is registered already (by anybody). */
  create(input: {
    userId: string;
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: readonly string[];
    name: string;
    createdAt: Date;
  }): Promise<PasskeyRecord | null>;
  /** One person's passkeys, oldest first. */
  listFor(userId: string): Promise<PasskeyRecord[]>;
  /** How many passkeys each of these people has (absent: none). */
  countFor(userIds: readonly string[]): Promise<Map<string, number>>;
  getByCredentialId(credentialId: string): Promise<PasskeyRecord | null>;
  /**
   * Records a use: the new counter and the time, only if the stored counter is still `previous`
   * (two assertions racing with the same counter: one wins). False when it moved meanwhile.
   */
  recordUse(id: string, previous: number, counter: number, at: Date): Promise<boolean>;
  /** Deletes one of a person's passkeys; false when that person has no passkey with this id. */
  delete(userId: string, id: string): Promise<boolean>;
  /** Deletes every passkey of a person (an administrator's reset); returns how many. */
  deleteAllFor(userId: string): Promise<number>;
}
