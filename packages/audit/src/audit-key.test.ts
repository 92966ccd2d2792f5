import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadOrCreateAuditKey } from "./audit-key.js";
import { formatCheckpoint, importPublicKey, noteKeyId, openNote, parseCheckpoint, signNote } from "./integrity.js";

const dir = mkdtempSync(join(tmpdir(), "sy-audit-key-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadOrCreateAuditKey", () => {
  it("creates an Ed25519 PKCS#8 PEM with mode 0600, leaves the directory alone, and reloads the same key", () => {
    const path = join(dir, "audit.pem");
    const dirMode = statSync(dir).mode;
    const key = loadOrCreateAuditKey(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode).toBe(dirMode);
    expect(readFileSync(path, "utf8")).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(key.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(Buffer.from(key.publicKeyBase64, "base64")).toHaveLength(32);
    const again = loadOrCreateAuditKey(path);
    expect(again.publicKeyBase64).toBe(key.publicKeyBase64);
    expect(again.keyId).toBe(key.keyId);
    expect(key.keyId).toBe(noteKeyId(key.name, Buffer.from(key.publicKeyBase64, "base64")).toString("hex"));
  });
});

describe("checkpoints as C2SP signed notes", () => {
  const key = loadOrCreateAuditKey(join(dir, "note.pem"), { name: "example.com/audit" });
  const raw = Buffer.from(key.publicKeyBase64, "base64");
  const body = formatCheckpoint({ origin: "example.com/audit", size: 42, rootHash: Buffer.alloc(32, 7), time: "2026-12-04T00:00:00.000Z" });

  it("formats origin, size, base64 root and a time extension line", () => {
    expect(body).toBe(`example.com/audit\n42\n${Buffer.alloc(32, 7).toString("base64")}\ntime 2026-12-04T00:00:00.000Z\n`);
    expect(parseCheckpoint(body)).toEqual({ origin: "example.com/audit", size: 42, rootHash: Buffer.alloc(32, 7), time: "2026-12-04T00:00:00.000Z" });
  });

  it("signs with a key-id-prefixed Ed25519 signature that verifies with the PEM or the raw key, and not when altered", () => {
    const note = signNote(body, { name: key.name, privateKey: key.privateKey, publicKeyRaw: raw });
    const sigLine = note.split("\n").at(-2) ?? "";
    expect(sigLine.startsWith("\u2014 example.com/audit ")).toBe(true);
    expect(Buffer.from(sigLine.split(" ")[2] ?? "", "base64").subarray(0, 4).toString("hex")).toBe(key.keyId);
    expect(openNote(note, importPublicKey(key.publicKeyPem))).toMatchObject({ ok: true, body });
    expect(openNote(note, importPublicKey(key.publicKeyBase64))).toMatchObject({ ok: true, body });
    expect(openNote(note.replace("\n42\n", "\n43\n"), importPublicKey(key.publicKeyPem))).toMatchObject({ ok: false });
    const other = loadOrCreateAuditKey(join(dir, "other.pem"), { name: "example.com/audit" });
    expect(openNote(note, importPublicKey(other.publicKeyPem))).toMatchObject({ ok: false, reason: "no signature by the audit key" });
  });
});
