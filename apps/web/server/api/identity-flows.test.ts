import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generate } from "otplib";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

/**
 * People and sessions over the real API: first administrator, sign-in with a rotated HttpOnly
 * cookie, CSRF on cookie writes, lockout, expiry, TOTP enrolment and step-up, role changes.
 */
let p: TestPlatform;
const PASSWORD = "correct horse battery staple";

interface Session {
  cookie: string;
  csrf: string;
}

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 } });
});
afterAll(async () => {
  await p?.close();
});

function json(body: unknown): RequestInit & { token: null } {
  return { method: "POST", body: JSON.stringify(body), token: null };
}

function cookieOf(res: Response): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith("sy_session="));
  if (!set) throw new Error("no session cookie set");
  return set.split(";")[0] ?? "";
}

async function signIn(platform: TestPlatform, email: string, password = PASSWORD, code?: string, cookie?: string): Promise<Session> {
  const res = await platform.api("/api/v1/session", {
    ...json({ email, password, ...(code ? { code } : {}) }),
    headers: cookie ? { cookie } : {},
  });
  expect(res.status, await res.clone().text()).toBe(200);
  const view = (await res.json()) as { csrfToken: string };
  return { cookie: cookieOf(res), csrf: view.csrfToken };
}

function asSession(s: Session, init: RequestInit = {}, csrf = true): RequestInit & { token: null } {
  return { ...init, token: null, headers: { cookie: s.cookie, ...(csrf ? { "x-csrf-token": s.csrf } : {}) } };
}

/** A TOTP code `stepsAhead` 30-s steps from now (a code works once, so each use takes the next step). */
function totp(secret: string, stepsAhead: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

describe("people and sessions", () => {
  it("creates the first administrator only with the bootstrap token, once", async () => {
    expect(await (await p.api("/api/v1/setup", { token: null })).json()).toEqual({ needsFirstAdmin: true });
    const wrong = await p.api("/api/v1/setup/first-admin", json({ bootstrapToken: "sy_nope", email: "a@example.com", name: "Ada", password: PASSWORD }));
    expect(wrong.status).toBe(401);
    const ok = await p.api("/api/v1/setup/first-admin", json({ bootstrapToken: p.token, email: "ada@example.com", name: "Ada", password: PASSWORD }));
    expect(ok.status).toBe(201);
    expect(((await ok.json()) as { role: string }).role).toBe("admin");
    const again = await p.api("/api/v1/setup/first-admin", json({ bootstrapToken: p.token, email: "eve@example.com", name: "Eve", password: PASSWORD }));
    expect(again.status).toBe(409);
    expect(await (await p.api("/api/v1/setup", { token: null })).json()).toEqual({ needsFirstAdmin: false });
  });

  it("signs in with an HttpOnly SameSite=Lax cookie, rotates it on every sign-in, and signs out", async () => {
    const res = await p.api("/api/v1/session", json({ email: "ada@example.com", password: PASSWORD }));
    expect(res.status).toBe(200);
    const set = res.headers.getSetCookie().find((c) => c.startsWith("sy_session=")) ?? "";
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).not.toMatch(/Secure/); // plain HTTP here; Secure when served over TLS
    const first = { cookie: cookieOf(res), csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
    const me = await p.api("/api/v1/session", asSession(first));
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe("ada@example.com");

    // Signing in again with the old cookie ends the old session: a new id, the old one is dead.
    const second = await signIn(p, "ada@example.com", PASSWORD, undefined, first.cookie);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await p.api("/api/v1/session", asSession(first))).status).toBe(401);
    expect((await p.api("/api/v1/session", asSession(second))).status).toBe(200);

    const out = await p.api("/api/v1/session", asSession(second, { method: "DELETE" }));
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/sy_session=;.*Max-Age=0/);
    expect((await p.api("/api/v1/session", asSession(second))).status).toBe(401);
  });

  it("refuses cookie-authenticated writes without the session's CSRF token", async () => {
    const s = await signIn(p, "ada@example.com");
    const body = { method: "POST", body: JSON.stringify({ type: "diagnostic.noop", payload: {} }) };
    const without = await p.api("/api/v1/tasks", asSession(s, body, false));
    expect(without.status).toBe(403);
    expect(((await without.json()) as { error: { code: string } }).error.code).toBe("CSRF_FAILED");
    const forged = await p.api("/api/v1/tasks", { ...body, token: null, headers: { cookie: s.cookie, "x-csrf-token": "x".repeat(43) } });
    expect(forged.status).toBe(403);
    expect((await p.api("/api/v1/tasks", asSession(s, body))).status).toBe(202);
    // Reads need no CSRF token.
    expect((await p.api("/api/v1/pools", asSession(s, {}, false))).status).toBe(200);
  });

  it("answers the same for an unknown account and a wrong password, then locks the account out", async () => {
    const unknown = await p.api("/api/v1/session", json({ email: "nobody@example.com", password: "wrong password!" }));
    const wrong = await p.api("/api/v1/session", json({ email: "ada@example.com", password: "wrong password!" }));
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await unknown.json()).toEqual(await wrong.json());

    // A separate platform so the lockout doesn't touch the other tests' account.
    const q = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 }, identity: { signInFailuresPerAccount: 3 } });
    try {
      await q.api("/api/v1/setup/first-admin", json({ bootstrapToken: q.token, email: "lock@example.com", name: "Lock", password: PASSWORD }));
      for (let i = 0; i < 3; i++) expect((await q.api("/api/v1/session", json({ email: "lock@example.com", password: "not it at all" }))).status).toBe(401);
      const locked = await q.api("/api/v1/session", json({ email: "lock@example.com", password: PASSWORD }));
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
      // The limit is per account: a wrong guess for an unknown account is limited the same way (nothing revealed).
      for (let i = 0; i < 3; i++) await q.api("/api/v1/session", json({ email: "ghost@example.com", password: "not it at all" }));
      expect((await q.api("/api/v1/session", json({ email: "ghost@example.com", password: "not it at all" }))).status).toBe(429);
    } finally {
      await q.close();
    }
  });

  it("ends sessions past their idle and absolute limits", async () => {
    for (const identity of [{ sessionIdleMs: 1 }, { sessionAbsoluteMs: 1 }]) {
      const q = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 }, identity });
      try {
        await q.api("/api/v1/setup/first-admin", json({ bootstrapToken: q.token, email: "brief@example.com", name: "Brief", password: PASSWORD }));
        const s = await signIn(q, "brief@example.com");
        await new Promise((r) => setTimeout(r, 5));
        const res = await q.api("/api/v1/session", asSession(s));
        expect(res.status, JSON.stringify(identity)).toBe(401);
      } finally {
        await q.close();
      }
    }
  });
});

describe("second factor and step-up", () => {
  it("enrols TOTP, requires the code at sign-in, and gates sensitive operations on a fresh confirmation", async () => {
    const q = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 }, identity: { stepUpWindowMs: 1 } });
    try {
      await q.api("/api/v1/setup/first-admin", json({ bootstrapToken: q.token, email: "mfa@example.com", name: "Mia", password: PASSWORD }));
      let s = await signIn(q, "mfa@example.com");
      const create = { method: "POST", body: JSON.stringify({ name: "deploys", role: "submitter" }) };

      // A session without a second factor cannot run a sensitive operation.
      const refused = await q.api("/api/v1/tokens", asSession(s, create));
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("MFA_REQUIRED");

      const begin = await q.api("/api/v1/me/mfa/totp", asSession(s, { method: "POST" }));
      const { secret, qrSvg, uri } = (await begin.json()) as { secret: string; qrSvg: string; uri: string };
      expect(qrSvg).toContain("<svg");
      expect(uri).toMatch(/^otpauth:\/\/totp\//);
      const wrongCode = await q.api("/api/v1/me/mfa/totp/confirm", asSession(s, { method: "POST", body: JSON.stringify({ code: "000000" }) }));
      expect(wrongCode.status).toBe(400);
      const confirm = await q.api("/api/v1/me/mfa/totp/confirm", asSession(s, { method: "POST", body: JSON.stringify({ code: await totp(secret, -1) }) }));
      expect(confirm.status).toBe(200);
      const { recoveryCodes } = (await confirm.json()) as { recoveryCodes: string[] };
      expect(recoveryCodes.length).toBeGreaterThanOrEqual(8);

      // Sign-in now needs the code.
      const noCode = await q.api("/api/v1/session", json({ email: "mfa@example.com", password: PASSWORD }));
      expect(noCode.status).toBe(403);
      expect(((await noCode.json()) as { error: { code: string } }).error.code).toBe("MFA_REQUIRED");
      s = await signIn(q, "mfa@example.com", PASSWORD, await totp(secret, 0));

      // The step-up window here is 1 ms: a confirmation has lapsed by the next request.
      await new Promise((r) => setTimeout(r, 5));
      expect((await q.api("/api/v1/tokens", asSession(s, create))).status).toBe(403);
      // A used code is refused; a recovery code works once.
      const reused = await q.api("/api/v1/me/mfa/verify", asSession(s, { method: "POST", body: JSON.stringify({ code: await totp(secret, 0) }) }));
      expect(reused.status).toBe(401);
      const viaRecovery = await q.api("/api/v1/me/mfa/verify", asSession(s, { method: "POST", body: JSON.stringify({ code: recoveryCodes[0] }) }));
      expect(viaRecovery.status).toBe(200);
      const again = await q.api("/api/v1/me/mfa/verify", asSession(s, { method: "POST", body: JSON.stringify({ code: recoveryCodes[0] }) }));
      expect(again.status).toBe(401);

      // The audit log saw the enrolment, the failures and the step-ups, without any secret.
      const audit = (await (await q.api("/api/v1/audit?limit=200")).json()) as { entries: Array<{ action: string; outcome: string; input: unknown }> };
      const seen = audit.entries.map((e) => `${e.action}:${e.outcome}`);
      expect(seen).toEqual(expect.arrayContaining(["confirm-totp-enrollment:allowed", "confirm-totp-enrollment:failed", "verify-second-factor:failed", "verify-second-factor:allowed", "create-token:denied_mfa", "sign-in:allowed"]));
      expect(JSON.stringify(audit.entries)).not.toContain(recoveryCodes[0]);
      expect(JSON.stringify(audit.entries)).not.toContain(PASSWORD);
    } finally {
      await q.close();
    }
  });

  it("when admins require MFA for everyone, a person without a second factor may only enrol", async () => {
    await p.api("/api/v1/users", { method: "POST", body: JSON.stringify({ email: "new@example.com", name: "Nia", role: "viewer", password: PASSWORD }) });
    expect((await p.api("/api/v1/settings/security", { method: "PUT", body: JSON.stringify({ requireMfa: true }) })).status).toBe(200);
    try {
      const s = await signIn(p, "new@example.com");
      const view = (await (await p.api("/api/v1/session", asSession(s))).json()) as { mfaEnrollmentRequired: boolean };
      expect(view.mfaEnrollmentRequired).toBe(true);
      const blocked = await p.api("/api/v1/pools", asSession(s));
      expect(blocked.status).toBe(403);
      expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe("MFA_REQUIRED");
      const begin = await p.api("/api/v1/me/mfa/totp", asSession(s, { method: "POST" }));
      const { secret } = (await begin.json()) as { secret: string };
      expect((await p.api("/api/v1/me/mfa/totp/confirm", asSession(s, { method: "POST", body: JSON.stringify({ code: await totp(secret, 0) }) }))).status).toBe(200);
      expect((await p.api("/api/v1/pools", asSession(s))).status).toBe(200);
    } finally {
      await p.api("/api/v1/settings/security", { method: "PUT", body: JSON.stringify({ requireMfa: false }) });
    }
  });

  it("lets a token run sensitive operations only with the sensitive scope; the bootstrap token has it", async () => {
    const db = await p.openDb();
    const plain = (await db.tokens.create({ name: "ops", role: "operator" })).token;
    const scoped = (await db.tokens.create({ name: "ops+", role: "operator", scopes: ["sensitive"] })).token;
    const patch = { method: "PATCH", body: JSON.stringify({ state: "paused" }) };
    const refused = await p.api("/api/v1/pools/maintenance", { ...patch, token: plain });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("MFA_REQUIRED");
    expect((await p.api("/api/v1/pools/maintenance", { ...patch, token: scoped })).status).toBe(200);
    expect((await p.api("/api/v1/pools/maintenance", { method: "PATCH", body: JSON.stringify({ state: "running" }) })).status).toBe(200);
  });
});

describe("people managed by admins", () => {
  it("a role change ends the person's sessions; the last admin cannot be demoted", async () => {
    const created = await p.api("/api/v1/users", { method: "POST", body: JSON.stringify({ email: "op@example.com", name: "Otto", role: "operator", password: PASSWORD }) });
    expect(created.status).toBe(201);
    const otto = (await created.json()) as { id: string };
    const s = await signIn(p, "op@example.com");
    expect((await p.api("/api/v1/pools", asSession(s))).status).toBe(200);
    // An operator may not manage people.
    expect((await p.api("/api/v1/users", asSession(s))).status).toBe(403);

    const demote = await p.api(`/api/v1/users/${otto.id}`, { method: "PATCH", body: JSON.stringify({ role: "viewer" }) });
    expect(demote.status).toBe(200);
    expect((await p.api("/api/v1/session", asSession(s))).status).toBe(401);
    const again = await signIn(p, "op@example.com");
    expect(((await (await p.api("/api/v1/session", asSession(again))).json()) as { user: { role: string } }).user.role).toBe("viewer");

    const users = (await (await p.api("/api/v1/users")).json()) as { users: Array<{ id: string; role: string }> };
    const admin = users.users.find((u) => u.role === "admin");
    const last = await p.api(`/api/v1/users/${admin?.id}`, { method: "PATCH", body: JSON.stringify({ role: "viewer" }) });
    expect(last.status).toBe(409);

    const audit = (await (await p.api("/api/v1/audit?action=update-user")).json()) as { entries: Array<{ target: string; outcome: string }> };
    expect(audit.entries.map((e) => e.outcome)).toEqual(["failed", "allowed"]);
    expect(audit.entries[1]?.target).toContain("role→viewer");
  });
});
