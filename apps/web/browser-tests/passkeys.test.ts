import type { CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestPlatform } from "../../../test-support/platform-harness.js";
import { axeInBothSchemes, axeWhenNarrow, expectTitle, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * Passkeys in real Chromium through its virtual authenticator (CDP WebAuthn: a CTAP2 platform
 * authenticator with resident keys and user verification): a passkey added on the account page,
 * then used in the step-up dialog for a sensitive action (after one refused bogus signature) and
 * as the second factor at sign-in, then removed. axe in light and dark, and at 390 px.
 *
 * The dashboard is opened at http://localhost:PORT: browsers refuse passkeys on IP addresses, and
 * the server's default relying party is localhost on its port.
 */

const VIEWPORT = { width: 1280, height: 900 };
let clockOffsetMs = 0;
const serverNow = (): number => Date.now() + clockOffsetMs;
const STEP_UP_WINDOW_MS = 5 * 60_000;
const ADMIN = { email: "pia@example.com", name: "Pia Passkey", password: "correct horse battery staple" };
const SHOTS = process.env["PASSKEY_SCREENSHOTS"] ?? "/tmp/passkeys";

describe("passkeys in Chromium (virtual authenticator)", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId = "";
  let origin = "";

  const schemes = (label: string): Promise<void> => axeInBothSchemes(page, label, SHOTS);
  const narrow = (label: string): Promise<void> => axeWhenNarrow(page, label, SHOTS, VIEWPORT);

  async function session(): Promise<{ mfaVerifiedAt: string | null; user: { passkeys: number; mfaEnabled: boolean } }> {
    return page.evaluate(async () => (await (await fetch("/api/v1/session")).json()) as { mfaVerifiedAt: string | null; user: { passkeys: number; mfaEnabled: boolean } });
  }

  async function credentials(): Promise<Array<{ isResidentCredential: boolean; rpId?: string; signCount: number }>> {
    return (await cdp.send("WebAuthn.getCredentials", { authenticatorId })).credentials;
  }

  /** Moves the server's clock past the step-up window: the next sensitive action needs a new confirmation. */
  async function lapseStepUp(): Promise<void> {
    const verifiedAt = Date.parse((await session()).mfaVerifiedAt ?? "");
    expect(Number.isFinite(verifiedAt)).toBe(true);
    clockOffsetMs += verifiedAt + STEP_UP_WINDOW_MS + 1_000 - serverNow();
  }

  beforeAll(async () => {
    env = await startBrowserPlatform({ viewport: VIEWPORT, identityClock: () => new Date(serverNow()) });
    platform = env.platform;
    origin = platform.url.replace("127.0.0.1", "localhost");
    const created = await platform.api("/api/v1/setup/first-admin", {
      method: "POST",
      token: null,
      body: JSON.stringify({ bootstrapToken: platform.token, ...ADMIN }),
    });
    expect(created.status).toBe(201);
    page = await env.newPage({ colorScheme: "light" });
    page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
    // Chromium's virtual authenticator: a platform passkey that verifies the user without a prompt.
    cdp = await page.context().newCDPSession(page);
    await cdp.send("WebAuthn.enable", { enableUI: false });
    ({ authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  }, 240_000);

  afterAll(async () => {
    await env?.close();
  });

  it("adds a passkey on the account page, named, with recovery codes as the first second factor", async () => {
    await page.goto(origin);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    expect(await page.evaluate(() => typeof window.PublicKeyCredential)).toBe("function");

    await page.getByRole("link", { name: /^Account/ }).click();
    await page.getByRole("heading", { level: 1, name: "Account" }).waitFor();
    await expectTitle(page, "Account · Switchyard");
    const section = page.getByRole("region", { name: "Passkeys" });
    await section.getByText("None yet.").waitFor();
    await schemes("account, no passkey");

    // No name: refused before the browser is asked, announced and tied to the field.
    const add = page.getByRole("button", { name: "Add a passkey" });
    await add.click();
    await page.getByRole("alert").getByText(/Give the passkey a name/).waitFor();
    const nameField = page.getByLabel("Passkey name");
    expect(await nameField.getAttribute("aria-invalid")).toBe("true");
    expect(await nameField.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await credentials()).toHaveLength(0);

    await nameField.fill("virtual laptop");
    await add.click();
    const saved = page.getByRole("heading", { name: /Your passkey is added\. Save these recovery codes now/ });
    await saved.waitFor();
    expect(await saved.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").count()).toBeGreaterThanOrEqual(8);
    await schemes("account, passkey recovery codes");
    await page.getByRole("button", { name: "I have saved them" }).click();

    const item = page.getByRole("list", { name: "Your passkeys" }).getByRole("listitem");
    await item.filter({ hasText: "virtual laptop" }).waitFor();
    expect(await item.count()).toBe(1);
    // The authenticator holds one discoverable credential for this relying party; the server counts it as MFA.
    const held = await credentials();
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ isResidentCredential: true, rpId: "localhost" });
    const view = await session();
    expect(view.user).toMatchObject({ passkeys: 1, mfaEnabled: true });
    await page.getByText(/Your passkeys are your second factor/).waitFor();
    await schemes("account, one passkey");
    await narrow("account, one passkey");
  });

  it("confirms a sensitive action with the passkey in the step-up dialog, after refusing a bogus signature", async () => {
    await lapseStepUp();
    await page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Tokens", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    await page.getByLabel("Name", { exact: true }).fill("passkey deploys");
    await page.getByLabel("Role").selectOption("operator");
    await page.getByLabel("Sensitive scope").check();
    await page.getByRole("button", { name: "Create token" }).click();

    const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
    await dialog.waitFor();
    const usePasskey = dialog.getByRole("button", { name: "Use a passkey" });
    // The passkey is the first way offered; a recovery code stays available.
    expect(await usePasskey.evaluate((el) => el === document.activeElement)).toBe(true);
    await dialog.getByLabel("Recovery code").waitFor();
    await schemes("step-up dialog with a passkey");

    // The authenticator signs wrongly once: the server refuses, the dialog says so and stays.
    await cdp.send("WebAuthn.setResponseOverrideBits", { authenticatorId, isBogusSignature: true });
    await usePasskey.click();
    await dialog.getByRole("alert").getByText(/not accepted/).waitFor();
    expect(await usePasskey.evaluate((el) => el === document.activeElement)).toBe(true);
    await cdp.send("WebAuthn.setResponseOverrideBits", { authenticatorId, isBogusSignature: false });

    await usePasskey.click();
    await dialog.waitFor({ state: "hidden" });
    // The creation was sent again once the passkey confirmed it.
    await page.getByRole("heading", { name: /Token “passkey deploys” created/ }).waitFor();
    expect((await credentials())[0]?.signCount).toBeGreaterThanOrEqual(1);
    await page.getByRole("button", { name: "Done, hide it" }).click();

    // The audit log has the passkey step-up and the creation it allowed.
    const audit = (await (await platform.api("/api/v1/audit?limit=100")).json()) as { entries: Array<{ action: string; outcome: string }> };
    const seen = audit.entries.map((e) => `${e.action}:${e.outcome}`);
    expect(seen).toEqual(expect.arrayContaining(["finish-passkey-verification:failed", "finish-passkey-verification:allowed", "create-token:allowed", "create-token:denied_mfa"]));
  });

  it("signs in with the passkey as the second factor", async () => {
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByLabel("Password").press("Enter");
    const usePasskey = page.getByRole("button", { name: "Use a passkey" });
    await usePasskey.waitFor();
    await page.getByRole("status").getByText(/use your passkey/).waitFor();
    await schemes("sign-in, passkey");
    await narrow("sign-in, passkey");

    const before = (await credentials())[0]?.signCount ?? 0;
    await usePasskey.click();
    // Back where the sign-out left off.
    await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    expect((await credentials())[0]?.signCount).toBeGreaterThan(before);
    // Signed in with both factors: the step-up window starts now.
    expect((await session()).mfaVerifiedAt).not.toBeNull();
  });

  it("removes the passkey after a confirmation; the account then has no second factor", async () => {
    await page.getByRole("link", { name: /^Account/ }).click();
    await page.getByRole("heading", { level: 1, name: "Account" }).waitFor();
    const list = page.getByRole("list", { name: "Your passkeys" });
    await list.getByRole("listitem").filter({ hasText: "virtual laptop" }).waitFor();
    await list.getByRole("button", { name: "Remove virtual laptop" }).click();
    const confirm = page.getByRole("group", { name: "Remove the passkey “virtual laptop”?" });
    await confirm.waitFor();
    expect(await confirm.getByRole("button", { name: "Keep it" }).evaluate((el) => el === document.activeElement)).toBe(true);
    await schemes("account, removing a passkey");
    await confirm.getByRole("button", { name: "Remove it" }).click();
    await page.getByRole("status").getByText(/Passkey “virtual laptop” removed/).waitFor();
    await page.getByRole("region", { name: "Passkeys" }).getByText("None yet.").waitFor();
    expect((await session()).user).toMatchObject({ passkeys: 0, mfaEnabled: false });
  });
});
