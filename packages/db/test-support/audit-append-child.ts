// A separate process appending to the audit log (audit-repo.test.ts runs two at once).
// argv: <database url> <count> <actor name>
import { AuditLog, loadOrCreateAuditKey } from "@switchyard/audit";
import { createDatabase } from "../src/index.js";

const [url = "", count = "0", actor = "child", keyPath = ""] = process.argv.slice(2);
const db = await createDatabase(url);
const log = new AuditLog({ store: db.audit, key: loadOrCreateAuditKey(keyPath), origin: "test/audit", checkpointEvery: 50 });
try {
  // Eight concurrent writers in this process, racing the other process for each seq.
  let next = 0;
  const writer = async () => {
    while (next < Number(count)) {
      const i = next++;
      await log.append({ actor: { type: "system", id: actor, name: actor }, action: "test.append", target: `${actor}-${i}`, outcome: "allowed" });
    }
  };
  await Promise.all(Array.from({ length: 8 }, writer));
  await log.close();
} finally {
  await db.close();
}
