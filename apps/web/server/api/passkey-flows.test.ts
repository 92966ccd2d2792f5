import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PasskeyCreationOptions, PasskeyRequestOptions } from "@switchyard/shared";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { SoftAuthenticator } from "../../../../test-support/soft-authenticator.js";

/**
 * Passkeys (WebAuthn) as a second factor over the real API, Redis and SQLite, with a software
 * authenticator (test-support/soft-authenticator.ts) whose responses @simplewebauthn/server checks
 * for real: registration, sign-in with a passkey, step-up, deletion, and the refusals — a
 * challenge never issued, one replayed, the wrong origin or RP ID, another person's credential,
 * a counter that went back, no user presence.
 */
let p: TestPlatform;
let origin: string;
// The server's clock of sessions and second factors: moved past the step-up window instead of waiting.
let clockOffsetMs = 0;
const STEP_UP_WINDOW_MS = 5 * 60_000;
const PASSWORD = "correct horse battery staple";

interface Session {
  cookie: string;
  csrf: string;
}
interface ErrorBody {
  error: { code: string; message: string };
}

beforeAll(async () => {
  p = await startTestPlatform({
    redisUrl: inject("redisUrl"),
    rateLimit: { requests: 0, windowSeconds: 1 },
    // Refusals are counted against the sign-in limits; these tests make many on purpose.
    identity: { signInFailuresPerAccount: 1_000, signInFailuresPerAddress: 1_000 },
    identityClock: () => new Date(Date.now() + clockOffsetMs),
  });
  // Browsers refuse IP addresses for passkeys: the server's default relying party is localhost on its port.
  origin = p.url.replace("127.0.0.1", "localhost");
});
afterAll(async () => {
  await p?.close();
});

function pastStepUpWindow(): void {
  clockOffsetMs += STEP_UP_WINDOW_MS + 1_000;
}

function post(body: unknown): RequestInit & { token: null } {
  return { method: "POST", body: JSON.stringify(body), token: null };
}

function asSession(s: Session, init: RequestInit = {}): RequestInit & { token: null } {
  return { ...init, token: null, headers: { cookie: s.cookie, "x-csrf-token": s.csrf } };
}

async function sessionFrom(res: Response): Promise<Session> {
  expect(res.status, await res.clone().text()).toBe(200);
  const set = res.headers.getSetCookie().find((c) => c.startsWith("sy_session=")) ?? "";
  return { cookie: set.split(";")[0] ?? "", csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
}

async function errorOf(res: Response): Promise<{ status: number; code: string; message: string }> {
  const body = (await res.json()) as ErrorBody;
  return { status: res.status, code: body.error.code, message: body.error.message };
}

async function beginRegistration(s: Session): Promise<PasskeyCreationOptions> {
  const res = await p.api("/api/v1/me/passkeys/options", asSession(s, { method: "POST" }));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PasskeyCreationOptions;
}

async function beginVerification(s: Session): Promise<PasskeyRequestOptions> {
  const res = await p.api("/api/v1/me/mfa/passkey/options", asSession(s, { method: "POST" }));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PasskeyRequestOptions;
}

async function beginSignIn(email: string): Promise<PasskeyRequestOptions> {
  const res = await p.api("/api/v1/session/passkey-options", post({ email, password: PASSWORD }));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as PasskeyRequestOptions;
}

async function sessionView(s: Session): Promise<{ mfaVerifiedAt: string | null; user: { mfaEnabled: boolean; totpEnabled: boolean; passkeys: number } }> {
  const res = await p.api("/api/v1/session", asSession(s));
  expect(res.status).toBe(200);
  return (await res.json()) as { mfaVerifiedAt: string | null; user: { mfaEnabled: boolean; totpEnabled: boolean; passkeys: number } };
}

const createToken = { method: "POST", body: JSON.stringify({ name: "deploys", role: "submitter" }) };
const otherChallenge = (): string => randomBytes(32).toString("base64url");

describe("passkeys", () => {
  let adaAuth: SoftAuthenticator;
  let bobId = "";
  let bobPasskeyId = "";
  let s: Session;
  let firstPasskey = { id: "", credentialId: "" };
  let recoveryCodes: string[] = [];

  it("registers a first passkey with the session alone, with recovery codes, and refuses bad registrations", async () => {
    adaAuth = new SoftAuthenticator(origin);
    const created = await p.api("/api/v1/setup/first-admin", post({ bootstrapToken: p.token, email: "ada@example.com", name: "Ada", password: PASSWORD }));
    expect(created.status).toBe(201);
    s = await sessionFrom(await p.api("/api/v1/session", post({ email: "ada@example.com", password: PASSWORD })));

    // Nothing pending yet.
    const early = await p.api("/api/v1/me/passkeys", asSession(s, { method: "POST", body: JSON.stringify({ name: "laptop", response: adaAuth.register(await fakeOptions()) }) }));
    expect((await errorOf(early)).status).toBe(409);

    let options = await beginRegistration(s);
    expect(options.rp).toEqual({ id: "localhost", name: "Switchyard" });
    expect(options.user.name).toBe("ada@example.com");
    expect(options.attestation).toBe("none");
    expect(options.pubKeyCredParams.map((c) => c.alg)).toContain(-7);
    expect(options.excludeCredentials).toEqual([]);

    // The wrong origin: refused, and the challenge is used up with it.
    const finish = (response: unknown): Promise<Response> =>
      p.api("/api/v1/me/passkeys", asSession(s, { method: "POST", body: JSON.stringify({ name: "laptop", response }) }));
    const wrongOrigin = await errorOf(await finish(adaAuth.register(options, { origin: "https://evil.example" })));
    expect(wrongOrigin).toMatchObject({ status: 400, code: "VALIDATION" });
    expect(wrongOrigin.message).toMatch(/origin/);
    expect((await errorOf(await finish(adaAuth.register(options)))).status).toBe(409);

    // A challenge the server never issued, the wrong RP ID, no user presence.
    options = await beginRegistration(s);
    expect((await errorOf(await finish(adaAuth.register(options, { challenge: otherChallenge() })))).message).toMatch(/challenge/);
    options = await beginRegistration(s);
    expect((await errorOf(await finish(adaAuth.register(options, { rpId: "evil.example" })))).message).toMatch(/RP ID/i);
    options = await beginRegistration(s);
    expect((await errorOf(await finish(adaAuth.register(options, { noUserPresence: true })))).status).toBe(400);

    options = await beginRegistration(s);
    const response = adaAuth.register(options);
    const ok = await finish(response);
    expect(ok.status, await ok.clone().text()).toBe(201);
    const registered = (await ok.json()) as { passkey: { id: string; name: string; transports: string[]; lastUsedAt: string | null }; recoveryCodes: string[] | null };
    expect(registered.passkey).toMatchObject({ name: "laptop", transports: ["internal"], lastUsedAt: null });
    recoveryCodes = registered.recoveryCodes ?? [];
    expect(recoveryCodes.length).toBeGreaterThanOrEqual(8);
    firstPasskey = { id: registered.passkey.id, credentialId: response.id };
    // The same response again: its challenge is spent.
    expect((await errorOf(await finish(response))).status).toBe(409);

    // A passkey alone is a second factor; registering it confirmed one for step-up.
    const view = await sessionView(s);
    expect(view.user).toMatchObject({ mfaEnabled: true, totpEnabled: false, passkeys: 1 });
    expect(view.mfaVerifiedAt).not.toBeNull();
    const list = (await (await p.api("/api/v1/me/passkeys", asSession(s))).json()) as { passkeys: Array<{ id: string }> };
    expect(list.passkeys.map((k) => k.id)).toEqual([firstPasskey.id]);

    // Now that the account has a second factor, adding another one (a passkey or an app) needs a fresh confirmation.
    pastStepUpWindow();
    expect(await errorOf(await p.api("/api/v1/me/passkeys/options", asSession(s, { method: "POST" })))).toMatchObject({ status: 403, code: "MFA_REQUIRED" });
    expect(await errorOf(await p.api("/api/v1/me/mfa/totp", asSession(s, { method: "POST" })))).toMatchObject({ status: 403, code: "MFA_REQUIRED" });
    // Tokens have no passkeys: the operations are for sessions.
    expect((await p.api("/api/v1/me/passkeys")).status).toBe(403);
  });

  it("signs in with the passkey as the second factor, once per challenge", async () => {
    const noFactor = await errorOf(await p.api("/api/v1/session", post({ email: "ada@example.com", password: PASSWORD })));
    expect(noFactor).toMatchObject({ status: 403, code: "MFA_REQUIRED" });
    expect(noFactor.message).toMatch(/passkey/);

    // The first step checks the password like sign-in, with the same answer for an unknown account.
    const wrong = await p.api("/api/v1/session/passkey-options", post({ email: "ada@example.com", password: "not the password" }));
    const unknown = await p.api("/api/v1/session/passkey-options", post({ email: "nobody@example.com", password: "not the password" }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());

    const options = await beginSignIn("ada@example.com");
    expect(options.rpId).toBe("localhost");
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([firstPasskey.credentialId]);
    const signIn = (passkey: unknown): Promise<Response> => p.api("/api/v1/session", post({ email: "ada@example.com", password: PASSWORD, passkey }));

    // A challenge the server never issued; then the wrong origin, which uses the real one up.
    expect(await errorOf(await signIn(adaAuth.assert(options, { challenge: otherChallenge() })))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    const wrongOrigin = await errorOf(await signIn(adaAuth.assert(options, { origin: "https://evil.example" })));
    expect(wrongOrigin).toMatchObject({ status: 401 });
    expect(wrongOrigin.message).toMatch(/origin/);
    expect((await errorOf(await signIn(adaAuth.assert(options)))).message).toMatch(/no passkey request is pending/);

    // Both factors at once is a malformed request.
    expect((await p.api("/api/v1/session", post({ email: "ada@example.com", password: PASSWORD, code: "123456", passkey: adaAuth.assert(options) }))).status).toBe(400);

    const fresh = await beginSignIn("ada@example.com");
    const assertion = adaAuth.assert(fresh);
    s = await sessionFrom(await signIn(assertion));
    expect((await sessionView(s)).mfaVerifiedAt).not.toBeNull();
    // Replayed: its challenge was used.
    expect((await errorOf(await signIn(assertion))).status).toBe(401);

    // A recovery code from the passkey's registration works too, once.
    const viaCode = await p.api("/api/v1/session", post({ email: "ada@example.com", password: PASSWORD, code: recoveryCodes[0] }));
    expect(viaCode.status).toBe(200);
    expect((await p.api("/api/v1/session", post({ email: "ada@example.com", password: PASSWORD, code: recoveryCodes[0] }))).status).toBe(401);
  });

  it("steps up with a passkey, refusing wrong and replayed challenges, other people's passkeys and counters that go back", async () => {
    // Bob, with a passkey of his own.
    const bobCreated = await p.api("/api/v1/users", { method: "POST", body: JSON.stringify({ email: "bob@example.com", name: "Bob", role: "operator", password: PASSWORD }) });
    expect(bobCreated.status).toBe(201);
    bobId = ((await bobCreated.json()) as { id: string }).id;
    const bob = await sessionFrom(await p.api("/api/v1/session", post({ email: "bob@example.com", password: PASSWORD })));
    const bobAuth = new SoftAuthenticator(origin);
    const bobResponse = bobAuth.register(await beginRegistration(bob));
    const bobRegistered = await p.api("/api/v1/me/passkeys", asSession(bob, { method: "POST", body: JSON.stringify({ name: "bob's key", response: bobResponse }) }));
    expect(bobRegistered.status).toBe(201);
    bobPasskeyId = ((await bobRegistered.json()) as { passkey: { id: string } }).passkey.id;

    pastStepUpWindow();
    expect(await errorOf(await p.api("/api/v1/tokens", asSession(s, createToken)))).toMatchObject({ status: 403, code: "MFA_REQUIRED" });
    const verify = (response: unknown): Promise<Response> =>
      p.api("/api/v1/me/mfa/passkey", asSession(s, { method: "POST", body: JSON.stringify({ response }) }));

    // Nothing pending yet: an assertion for options of another ceremony (a sign-in's) is refused.
    const stray = adaAuth.assert(await beginSignIn("ada@example.com"));
    expect((await errorOf(await verify(stray))).message).toMatch(/no passkey request is pending/);

    // A challenge other than the pending one (which it uses up).
    let options = await beginVerification(s);
    expect(options.allowCredentials?.map((c) => c.id)).toEqual([firstPasskey.credentialId]);
    expect(await errorOf(await verify(adaAuth.assert(options, { challenge: otherChallenge() })))).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
    expect((await errorOf(await verify(adaAuth.assert(options)))).status).toBe(401);

    // Another person's passkey, signing this session's challenge.
    options = await beginVerification(s);
    const foreign = await errorOf(await verify(bobAuth.assert(options, { credentialId: bobResponse.id })));
    expect(foreign).toMatchObject({ status: 401 });
    expect(foreign.message).toMatch(/not registered to the account/);

    // The wrong RP ID; no user presence.
    options = await beginVerification(s);
    expect((await errorOf(await verify(adaAuth.assert(options, { rpId: "evil.example" })))).status).toBe(401);
    options = await beginVerification(s);
    expect((await errorOf(await verify(adaAuth.assert(options, { noUserPresence: true })))).message).toMatch(/not present/i);
    expect(await errorOf(await p.api("/api/v1/tokens", asSession(s, createToken)))).toMatchObject({ status: 403, code: "MFA_REQUIRED" });

    // The real thing: confirmed, once; the sensitive operation then runs.
    options = await beginVerification(s);
    const assertion = adaAuth.assert(options);
    const ok = await verify(assertion);
    expect(ok.status, await ok.clone().text()).toBe(200);
    expect(Date.parse(((await ok.json()) as { mfaVerifiedAt: string }).mfaVerifiedAt)).toBeGreaterThan(0);
    expect((await errorOf(await verify(assertion))).status).toBe(401);
    expect((await p.api("/api/v1/tokens", asSession(s, createToken))).status).toBe(201);
    const listed = (await (await p.api("/api/v1/me/passkeys", asSession(s))).json()) as { passkeys: Array<{ lastUsedAt: string | null }> };
    expect(listed.passkeys[0]?.lastUsedAt).not.toBeNull();

    // A counter lower than the last one accepted (a cloned key) is refused.
    pastStepUpWindow();
    options = await beginVerification(s);
    adaAuth.setCounter(firstPasskey.credentialId, 0);
    const regressed = await errorOf(await verify(adaAuth.assert(options)));
    expect(regressed.status).toBe(401);
    expect(regressed.message).toMatch(/counter/);
  });

  it("deleting a passkey is sensitive and audited; the last one cannot go while a second factor is required", async () => {
    const remove = (id: string): Promise<Response> => p.api(`/api/v1/me/passkeys/${id}`, asSession(s, { method: "DELETE" }));
    const stepUp = async (): Promise<void> => {
      const options = await beginVerification(s);
      // Past the counter the regression test left behind on this side.
      adaAuth.setCounter(firstPasskey.credentialId, 1_000);
      expect((await p.api("/api/v1/me/mfa/passkey", asSession(s, { method: "POST", body: JSON.stringify({ response: adaAuth.assert(options) }) }))).status).toBe(200);
    };
    expect(await errorOf(await remove(firstPasskey.id))).toMatchObject({ status: 403, code: "MFA_REQUIRED" });
    await stepUp();
    // Somebody else's passkey is not found, as an unknown one.
    expect((await errorOf(await remove(bobPasskeyId))).status).toBe(404);

    expect((await p.api("/api/v1/settings/security", { method: "PUT", body: JSON.stringify({ requireMfa: true }) })).status).toBe(200);
    try {
      expect(await errorOf(await remove(firstPasskey.id))).toMatchObject({ status: 409, code: "CONFLICT" });
    } finally {
      await p.api("/api/v1/settings/security", { method: "PUT", body: JSON.stringify({ requireMfa: false }) });
    }

    // A second passkey (fresh confirmation: allowed; no new recovery codes), then the first one goes.
    const second = adaAuth.register(await beginRegistration(s));
    const added = await p.api("/api/v1/me/passkeys", asSession(s, { method: "POST", body: JSON.stringify({ name: "phone", response: second }) }));
    expect(added.status).toBe(201);
    expect(((await added.json()) as { recoveryCodes: string[] | null }).recoveryCodes).toBeNull();
    const removed = await remove(firstPasskey.id);
    expect(removed.status).toBe(200);
    expect(await removed.json()).toEqual({ id: firstPasskey.id, mfaEnabled: true });
    expect((await sessionView(s)).user.passkeys).toBe(1);

    // The audit log has the ceremonies and refusals, without the browser's responses.
    const audit = (await (await p.api("/api/v1/audit?limit=200")).json()) as { entries: Array<{ action: string; outcome: string; target: string | null; input: unknown }> };
    const seen = audit.entries.map((e) => `${e.action}:${e.outcome}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        "begin-passkey-registration:allowed",
        "begin-passkey-registration:failed",
        "finish-passkey-registration:allowed",
        "finish-passkey-registration:failed",
        "begin-passkey-sign-in:allowed",
        "begin-passkey-sign-in:failed",
        "sign-in:allowed",
        "sign-in:failed",
        "begin-passkey-verification:allowed",
        "finish-passkey-verification:allowed",
        "finish-passkey-verification:failed",
        "delete-passkey:denied_mfa",
        "delete-passkey:failed",
        "delete-passkey:allowed",
      ]),
    );
    const text = JSON.stringify(audit.entries);
    expect(text).not.toContain(second.response.attestationObject);
    expect(text).not.toContain(second.response.clientDataJSON);
    expect(text).not.toContain(PASSWORD);
    expect(audit.entries.find((e) => e.action === "delete-passkey" && e.outcome === "allowed")?.target).toBe(`passkey ${firstPasskey.id}`);
    expect(audit.entries.find((e) => e.action === "finish-passkey-registration" && e.outcome === "allowed")?.input).toEqual({ name: "phone" });
  });

  it("an administrator's reset removes a person's passkeys and recovery codes", async () => {
    const reset = await p.api(`/api/v1/users/${bobId}/reset-mfa`, { method: "POST" });
    expect(reset.status).toBe(200);
    expect(await reset.json()).toMatchObject({ mfaEnabled: false, totpEnabled: false, passkeys: 0 });
    // Bob signs in with the password alone again.
    expect((await p.api("/api/v1/session", post({ email: "bob@example.com", password: PASSWORD }))).status).toBe(200);
    expect((await p.api("/api/v1/session/passkey-options", post({ email: "bob@example.com", password: PASSWORD }))).status).toBe(409);
  });
});

/** Registration options for a challenge the server never issued (to try a finish without a begin). */
async function fakeOptions(): Promise<PasskeyCreationOptions> {
  return {
    challenge: otherChallenge(),
    rp: { id: "localhost", name: "Switchyard" },
    user: { id: "dGVzdA", name: "ada@example.com", displayName: "Ada" },
    pubKeyCredParams: [{ type: "public-key", alg: -7 }],
  };
}
