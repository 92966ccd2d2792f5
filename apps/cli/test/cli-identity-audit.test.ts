import { spawn, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TokenView, UserView } from "@switchyard/shared";
import { rawQuery } from "../../../packages/db/test-support/raw-query.js";
import { startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { cliEnv, lastJsonLine, REPO_ROOT, runCli, waitForOutput, type CliRun } from "./cli-process.js";

/** Tokens, people, security settings and the audit log through the real CLI against a real platform. */
let p: TestPlatform;
let dir: string;
/** Each CLI run starts Node and tsx (about a second idle, several on a loaded machine); these tests make many. */
const SLOW = 240_000;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  dir = mkdtempSync(join(tmpdir(), "sy-cli-audit-"));
});
afterAll(async () => {
  await p?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The CLI with the platform's bootstrap admin token (it has the `sensitive` scope). */
function cli(args: string[], options: CliRun = {}) {
  return runCli(args, { ...options, env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token, ...options.env } });
}

async function ok(args: string[], options: CliRun = {}) {
  const r = await cli(args, options);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

type Created = TokenView & { token: string };

describe("tokens", { timeout: SLOW }, () => {
  it("create prints the secret once; list shows the token; revoke makes it answer 401", async () => {
    const human = await ok(["tokens", "create", "cli human", "--role", "viewer", "--expires", "30d"]);
    expect(human.stdout).toMatch(/^token \S+ "cli human" created: role viewer, scopes none, expires \d{4}-/m);
    expect(human.stdout).toMatch(/^sy_\S+$/m);
    expect(human.stdout).toMatch(/shown once/);

    const created = lastJsonLine<Created>((await ok(["tokens", "create", "cli viewer", "--role", "viewer", "--json"])).stdout);
    expect(created).toMatchObject({ name: "cli viewer", role: "viewer", scopes: [], revokedAt: null, expiresAt: null });
    expect(created.token.length).toBeGreaterThan(20);

    // The new token works, and reads what a viewer may.
    const asViewer = await runCli(["list", "--json"], { env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: created.token } });
    expect(asViewer.code, asViewer.stderr).toBe(0);

    // The bootstrap token belongs to no person: its tokens are listed with --all.
    const listed = lastJsonLine<{ tokens: TokenView[] }>((await ok(["tokens", "list", "--all", "--json"])).stdout);
    const mine = listed.tokens.find((t) => t.id === created.id);
    expect(mine).toMatchObject({ name: "cli viewer", role: "viewer", revokedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token);
    const table = await ok(["tokens", "list", "--all"]);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+PREFIX\s+SCOPES\s+STATE/);
    expect(table.stdout).toMatch(new RegExp(`^${created.id}\\s+cli viewer\\s+viewer\\s+\\S+\\s+-\\s+active\\b`, "m"));

    const revoked = await ok(["tokens", "revoke", created.id]);
    expect(revoked.stdout).toMatch(new RegExp(`token ${created.id} "cli viewer": revoked`));

    const after = await runCli(["list"], { env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: created.token } });
    expect(after.code, after.stderr).toBe(3);
    expect(after.stderr).toMatch(/HTTP 401/);

    const state = lastJsonLine<{ tokens: TokenView[] }>((await ok(["tokens", "list", "--all", "--json"])).stdout);
    expect(state.tokens.find((t) => t.id === created.id)?.revokedAt).not.toBeNull();
    expect((await ok(["tokens", "list", "--all"])).stdout).toMatch(new RegExp(`^${created.id}\\s.*\\brevoked\\b`, "m"));
  });

  it("--sensitive adds the scope; a bad role or expiry is a usage error; an unknown id is 404", async () => {
    const t = lastJsonLine<Created>((await ok(["tokens", "create", "cli ops", "--role", "operator", "--sensitive", "--json"])).stdout);
    expect(t.scopes).toEqual(["sensitive"]);

    const badRole = await cli(["tokens", "create", "x", "--role", "root"]);
    expect(badRole.code, badRole.stderr).toBe(2);
    expect(badRole.stderr).toMatch(/admin, operator, submitter, viewer, auditor/);
    const noRole = await cli(["tokens", "create", "x"]);
    expect(noRole.code, noRole.stderr).toBe(2);
    const past = await cli(["tokens", "create", "x", "--role", "viewer", "--expires", "2001-01-01T00:00:00Z"]);
    expect(past.code, past.stderr).toBe(2);
    expect(past.stderr).toMatch(/--expires/);

    const missing = await cli(["tokens", "revoke", "no-such-token"]);
    expect(missing.code, missing.stderr).toBe(4);
  });

  it("a token without the sensitive scope cannot create tokens (exit 3, the hint names the scope)", async () => {
    const plain = lastJsonLine<Created>((await ok(["tokens", "create", "cli plain admin", "--role", "admin", "--json"])).stdout);
    const r = await runCli(["tokens", "create", "y", "--role", "viewer"], { env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: plain.token } });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/MFA_REQUIRED/);
    expect(r.stderr).toMatch(/sensitive scope/);
  });
});

describe("users and security settings", { timeout: SLOW }, () => {
  it("create (password from stdin), list, update, reset-mfa", async () => {
    const password = "correct horse battery staple";
    const created = await ok(["users", "create", "ana@example.com", "--name", "Ana", "--role", "operator", "--password-stdin", "--json"], {
      input: `${password}\n`,
    });
    const ana = lastJsonLine<UserView>(created.stdout);
    expect(ana).toMatchObject({ email: "ana@example.com", name: "Ana", role: "operator", disabled: false, mfaEnabled: false });
    expect(created.stdout + created.stderr).not.toContain(password);

    const list = await ok(["users", "list"]);
    expect(list.stdout).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLE\s+STATE\s+MFA/);
    expect(list.stdout).toMatch(new RegExp(`^${ana.id}\\s+ana@example.com\\s+Ana\\s+operator\\s+active\\s+off\\b`, "m"));

    const updated = lastJsonLine<UserView>((await ok(["users", "update", ana.id, "--role", "viewer", "--name", "Ana B", "--disable", "--json"])).stdout);
    expect(updated).toMatchObject({ id: ana.id, role: "viewer", name: "Ana B", disabled: true });
    const enabled = await ok(["users", "update", ana.id, "--enable"]);
    expect(enabled.stdout).toMatch(/^state:\s+active$/m);
    const listed = lastJsonLine<{ users: UserView[] }>((await ok(["users", "list", "--json"])).stdout);
    expect(listed.users.find((u) => u.id === ana.id)).toMatchObject({ role: "viewer", disabled: false });

    const nothing = await cli(["users", "update", ana.id]);
    expect(nothing.code, nothing.stderr).toBe(2);
    const both = await cli(["users", "update", ana.id, "--disable", "--enable"]);
    expect(both.code, both.stderr).toBe(2);

    // Destructive: refused without --yes when no one is at a terminal to confirm.
    const refused = await cli(["users", "reset-mfa", ana.id]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    const reset = await ok(["users", "reset-mfa", ana.id, "--yes"]);
    expect(reset.stdout).toMatch(/second factor removed/);
  });

  it.skipIf(spawnSync("script", ["--version"]).error !== undefined)("asks for the password on a terminal twice, without echoing it", async () => {
    const password = "typed at a terminal 42";
    // `script` gives the CLI a pseudo-terminal; answers are typed only once each prompt shows.
    const child = spawn(
      "script",
      ["-qefc", "node --import tsx apps/cli/src/main.ts users create cy@example.com --name Cy --role submitter --json", "/dev/null"],
      { cwd: REPO_ROOT, env: cliEnv({ SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token, TERM: "dumb" }), stdio: "pipe" },
    );
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (output += d));
    const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
    await waitForOutput(child.stdout, /Initial password for cy@example.com:/);
    child.stdin.write(`${password}\r`);
    await waitForOutput(child.stdout, /Repeat it:/);
    child.stdin.write(`${password}\r`);
    const code = await closed;
    expect(code, output).toBe(0);
    expect(output).not.toContain(password);
    expect(output).toMatch(/"email":"cy@example.com"/);
    const listed = lastJsonLine<{ users: UserView[] }>((await ok(["users", "list", "--json"])).stdout);
    expect(listed.users.find((u) => u.email === "cy@example.com")).toMatchObject({ name: "Cy", role: "submitter" });
  });

  it("never takes a password from argv: without --password-stdin and no terminal it refuses", async () => {
    const r = await cli(["users", "create", "bo@example.com", "--name", "Bo", "--role", "viewer"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--password-stdin/);
    const unknown = await cli(["users", "create", "bo@example.com", "--name", "Bo", "--role", "viewer", "--password", "x"]);
    expect(unknown.code, unknown.stderr).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--password'/);
    // A short password is the API's validation error, naming the field.
    const short = await cli(["users", "create", "bo@example.com", "--name", "Bo", "--role", "viewer", "--password-stdin"], { input: "short" });
    expect(short.code, short.stderr).toBe(2);
    expect(short.stderr).toMatch(/password: /);
  });

  it("security show and require-mfa on|off", async () => {
    expect(lastJsonLine((await ok(["security", "show", "--json"])).stdout)).toEqual({ requireMfa: false });
    expect((await ok(["security", "require-mfa", "on"])).stdout).toMatch(/^require MFA: on$/m);
    expect((await ok(["security", "show"])).stdout).toMatch(/^require MFA: on\b/m);
    expect(lastJsonLine((await ok(["security", "require-mfa", "off", "--json"])).stdout)).toEqual({ requireMfa: false });
    const bad = await cli(["security", "require-mfa", "maybe"]);
    expect(bad.code, bad.stderr).toBe(2);
  });

  it("sign-out-everywhere: an automation token belongs to no person (exit 3, said why)", async () => {
    const r = await cli(["sign-out-everywhere"]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/automation token/);
  });

  it("sign-out-everywhere with a person's token ends that person's sessions; the token keeps working", async () => {
    const password = "sam's long password";
    await ok(["users", "create", "sam@example.com", "--name", "Sam", "--role", "operator", "--password-stdin"], { input: password });
    // Sam signs in to the dashboard, enrols TOTP and steps up, then creates a token (sensitive) for the CLI.
    const signIn = await p.api("/api/v1/session", { method: "POST", body: JSON.stringify({ email: "sam@example.com", password }), token: null });
    expect(signIn.status, await signIn.clone().text()).toBe(200);
    const cookie = (signIn.headers.getSetCookie().find((c) => c.startsWith("sy_session=")) ?? "").split(";")[0] ?? "";
    const csrf = ((await signIn.json()) as { csrfToken: string }).csrfToken;
    const asSam = (method: string, body?: unknown): RequestInit & { token: null } => ({
      method,
      token: null,
      headers: { cookie, "x-csrf-token": csrf },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const { secret } = (await (await p.api("/api/v1/me/mfa/totp", asSam("POST"))).json()) as { secret: string };
    expect((await p.api("/api/v1/me/mfa/totp/confirm", asSam("POST", { code: totp(secret, 0) }))).status).toBe(200);
    // Each code works once, so the step-up takes the next step (still inside the ±1 step the server allows).
    expect((await p.api("/api/v1/me/mfa/verify", asSam("POST", { code: totp(secret, 1) }))).status).toBe(200);
    const made = await p.api("/api/v1/tokens", asSam("POST", { name: "sam's cli", role: "operator" }));
    expect(made.status, await made.clone().text()).toBe(201);
    const samToken = ((await made.json()) as Created).token;
    expect((await p.api("/api/v1/session", asSam("GET"))).status).toBe(200);

    const env = { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: samToken };
    const r = await runCli(["sign-out-everywhere"], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^signed out everywhere: 1 session\(s\) ended$/m);
    expect((await p.api("/api/v1/session", asSam("GET"))).status).toBe(401);
    const still = await runCli(["tokens", "list", "--json"], { env });
    expect(still.code, still.stderr).toBe(0);
    expect(lastJsonLine<{ tokens: TokenView[] }>(still.stdout).tokens.map((t) => t.name)).toEqual(["sam's cli"]);
  });
});

/** RFC 6238 (SHA-1, 6 digits, 30 s), `stepsAhead` steps from now: what an authenticator app shows. */
function totp(base32Secret: string, stepsAhead: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of base32Secret.replace(/=+$/, "").toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + stepsAhead));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

describe("audit", { timeout: SLOW }, () => {
  it("list shows the token creation; show prints one entry; filters narrow the list", async () => {
    const t = (await (await p.api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: "cli audited", role: "submitter" }) })).json()) as Created;
    const page = lastJsonLine<{ entries: Array<{ id: string; action: string; target: string | null; outcome: string }> }>(
      (await ok(["audit", "list", "--action", "create-token", "--target", t.id, "--json"])).stdout,
    );
    expect(page.entries).toHaveLength(1);
    const entry = page.entries[0]!;
    expect(entry).toMatchObject({ action: "create-token", outcome: "allowed" });
    expect(entry.target).toContain(t.id);
    expect(entry.target).toContain("cli audited");

    const table = await ok(["audit", "list", "--action", "create-token", "--limit", "200"]);
    expect(table.stdout).toMatch(/^\s*SEQ\s+TIME\s+ACTOR\s+ACTION\s+TARGET\s+OUTCOME\s+ID$/m);
    expect(table.stdout).toMatch(new RegExp(`create-token\\s+token ${t.id}.*allowed\\s+${entry.id}$`, "m"));

    const shown = await ok(["audit", "show", entry.id]);
    expect(shown.stdout).toMatch(new RegExp(`^id:\\s+${entry.id}$`, "m"));
    expect(shown.stdout).toMatch(/^action:\s+create-token$/m);
    expect(shown.stdout).toMatch(/"name": "cli audited"/);
    // The created token's secret is an output, never in the entry.
    expect(shown.stdout).not.toContain(t.token);

    const none = await ok(["audit", "list", "--outcome", "failed", "--from", "2001-01-01", "--to", "2001-01-02", "--json"]);
    expect(lastJsonLine<{ entries: unknown[] }>(none.stdout).entries).toEqual([]);
    const badOutcome = await cli(["audit", "list", "--outcome", "weird"]);
    expect(badOutcome.code, badOutcome.stderr).toBe(2);
    expect((await cli(["audit", "show", "no-such-entry"])).code).toBe(4);
  });

  it("verify exits 0 on a clean log", async () => {
    const r = await ok(["audit", "verify"]);
    expect(r.stdout).toMatch(/^audit log: ok, \d+ entries verified/m);
    const json = lastJsonLine<{ ok: boolean; checkedEntries: number }>((await ok(["audit", "verify", "--json"])).stdout);
    expect(json.ok).toBe(true);
    expect(json.checkedEntries).toBeGreaterThan(0);
  });

  it("export -o writes JSON Lines that the standalone verifier accepts; without -o it streams to stdout", async () => {
    const file = join(dir, "audit.jsonl");
    const r = await ok(["audit", "export", "-o", file, "--json"]);
    const summary = lastJsonLine<{ path: string; bytes: number; lines: number }>(r.stdout);
    expect(summary.path).toBe(file);
    expect(existsSync(`${file}.partial`)).toBe(false);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(summary.lines);
    const header = JSON.parse(lines[0]!) as { type: string; format: string };
    expect(header).toMatchObject({ type: "header", format: "switchyard-audit-export/1" });
    expect(lines.some((l) => (JSON.parse(l) as { type: string; action?: string }).action === "create-token")).toBe(true);

    const verified = spawnSync(process.execPath, [join(REPO_ROOT, "packages/audit/verify-export.mjs"), file], { encoding: "utf8" });
    expect(verified.status, `${verified.stdout}${verified.stderr}`).toBe(0);

    // The public key the CLI prints is the one in the export's header.
    const key = lastJsonLine<{ base64: string }>((await ok(["audit", "public-key", "--json"])).stdout);
    expect((header as unknown as { publicKey: string }).publicKey).toBe(key.base64);
    const pem = await runCli(["audit", "public-key", "--pem"], { env: { SWITCHYARD_URL: p.url } });
    expect(pem.code, pem.stderr).toBe(0);
    expect(pem.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----\n$/);

    const streamed = await ok(["audit", "export"]);
    const first = JSON.parse(streamed.stdout.split("\n")[0]!) as { type: string };
    expect(first.type).toBe("header");
    expect(streamed.stderr).toMatch(/exported \d+ line\(s\)/);
  });

  it("export refuses a token without the sensitive scope and leaves no file", async () => {
    const auditor = lastJsonLine<Created>((await ok(["tokens", "create", "cli auditor", "--role", "auditor", "--json"])).stdout);
    const file = join(dir, "refused.jsonl");
    const r = await runCli(["audit", "export", "-o", file], { env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: auditor.token } });
    expect(r.code, r.stderr).toBe(3);
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
    // An auditor reads and verifies the log without the scope.
    const verify = await runCli(["audit", "verify"], { env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: auditor.token } });
    expect(verify.code, verify.stderr).toBe(0);
  });
});

// Last: it leaves this platform's log tampered with.
describe("audit verify on a tampered log", { timeout: SLOW }, () => {
  it("exits 6 and names the first bad entry", async () => {
    expect((await p.api("/api/v1/tokens", { method: "POST", body: JSON.stringify({ name: "cli tamper victim", role: "viewer" }) })).status).toBe(201);
    const page = lastJsonLine<{ entries: Array<{ id: string; seq: number }> }>((await ok(["audit", "list", "--action", "create-token", "--json"])).stdout);
    const victim = page.entries[page.entries.length - 1]!;
    // What someone with write access to the database file does: drop the guard, edit a row.
    for (const t of ["audit_entries_no_update", "audit_entries_no_delete"]) await rawQuery(p.databaseUrl, `DROP TRIGGER ${t}`);
    await rawQuery(p.databaseUrl, `UPDATE audit_entries SET target = 'nothing to see' WHERE id = ?`, [victim.id]);

    const r = await cli(["audit", "verify"]);
    expect(r.code, r.stderr).toBe(6);
    expect(r.stdout).toMatch(/^audit log: failed, it does not verify/m);
    expect(r.stdout).toMatch(new RegExp(`^first bad entry: ${victim.id} \\(seq ${victim.seq}\\): `, "m"));

    const json = await cli(["audit", "verify", "--json"]);
    expect(json.code, json.stderr).toBe(6);
    expect(lastJsonLine<{ ok: boolean; firstBad: { id: string } }>(json.stdout)).toMatchObject({ ok: false, firstBad: { id: victim.id } });
    expect(json.stderr).toContain(victim.id);
  });
});
