import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { createDatabase, type Database } from "./index.js";

describe.each(DIALECTS)("passkeys ($kind)", ({ start }) => {
  let server: TestDatabaseServer;
  let db: Database;
  beforeAll(async () => {
    server = await start();
  }, SERVER_START_TIMEOUT_MS);
  afterAll(() => server?.stop());
  beforeEach(async () => {
    db = await createDatabase(await server.createDatabase());
    await db.migrate();
  });
  afterEach(() => db?.close());

  async function person(email: string): Promise<string> {
    const user = await db.users.create({ email, name: email, role: "viewer", passwordHash: "x" });
    if (!user) throw new Error("no user");
    return user.id;
  }

  const key = (userId: string, credentialId: string, counter = 0) => ({
    userId,
    credentialId,
    publicKey: "pQECAyYgASFYIA",
    counter,
    transports: ["internal", "hybrid"],
    name: `key ${credentialId}`,
    createdAt: new Date(),
  });

  it("stores credentials per person, counts them with the person, and refuses a credential id twice", async () => {
    const ada = await person("ada@example.com");
    const bob = await person("bob@example.com");
    const first = await db.passkeys.create(key(ada, "cred-a1"));
    expect(first).toMatchObject({ userId: ada, credentialId: "cred-a1", counter: 0, transports: ["internal", "hybrid"], lastUsedAt: null });
    await db.passkeys.create(key(ada, "cred-a2", 7));
    // A credential id belongs to one person only.
    expect(await db.passkeys.create(key(bob, "cred-a1"))).toBeNull();
    expect((await db.passkeys.listFor(ada)).map((p) => p.credentialId)).toEqual(["cred-a1", "cred-a2"]);
    expect(await db.passkeys.listFor(bob)).toEqual([]);
    expect((await db.users.get(ada))?.passkeyCount).toBe(2);
    expect((await db.users.getByEmail("bob@example.com"))?.passkeyCount).toBe(0);
    expect((await db.users.list()).map((u) => u.passkeyCount)).toEqual([2, 0]);
    expect(await db.passkeys.countFor([ada, bob])).toEqual(new Map([[ada, 2]]));
  });

  it("moves the counter only from the value it read, and keeps counters past 2^31", async () => {
    const ada = await person("ada@example.com");
    const created = await db.passkeys.create(key(ada, "cred-big", 2 ** 31 + 5));
    if (!created) throw new Error("not created");
    const at = new Date();
    expect(await db.passkeys.recordUse(created.id, 2 ** 31 + 5, 2 ** 32 - 1, at)).toBe(true);
    // A second use that read the old counter loses.
    expect(await db.passkeys.recordUse(created.id, 2 ** 31 + 5, 2 ** 31 + 6, at)).toBe(false);
    const stored = await db.passkeys.getByCredentialId("cred-big");
    expect(stored?.counter).toBe(2 ** 32 - 1);
    expect(stored?.lastUsedAt?.getTime()).toBe(at.getTime());
  });

  it("deletes only the owner's passkey, and all of them on a reset", async () => {
    const ada = await person("ada@example.com");
    const bob = await person("bob@example.com");
    const a = await db.passkeys.create(key(ada, "cred-1"));
    await db.passkeys.create(key(ada, "cred-2"));
    if (!a) throw new Error("not created");
    expect(await db.passkeys.delete(bob, a.id)).toBe(false);
    expect(await db.passkeys.delete(ada, a.id)).toBe(true);
    expect(await db.passkeys.delete(ada, a.id)).toBe(false);
    expect(await db.passkeys.deleteAllFor(ada)).toBe(1);
    expect((await db.users.get(ada))?.passkeyCount).toBe(0);
  });
});
