import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generate } from "otplib";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestPlatform } from "../../../test-support/platform-harness.js";
import { axe, axeInBothSchemes, expectTitle, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * People, sessions, TOTP and step-up in real Chromium against the real platform: the first
 * administrator from the bootstrap token, email + password sign-in, TOTP enrolment (codes
 * computed here from the enrolled secret), a sensitive action that opens the step-up dialog and
 * is retried after the code, the audit page listing it and verifying the chain; axe on every page
 * in light and dark, and at 390 px.
 */

const VIEWPORT = { width: 1280, height: 900 };
// The server's clock of sessions and second factors runs this far ahead of the real one: the test
// moves it past the step-up window instead of waiting (codes are computed for the same clock).
let clockOffsetMs = 0;
const serverNow = (): number => Date.now() + clockOffsetMs;
const STEP_UP_WINDOW_MS = 5 * 60_000;
const PERIOD_S = 30;
const ADMIN = { email: "ada@example.com", name: "Ada Admin", password: "correct horse battery staple" };

const SHOTS = process.env["IDENTITY_SCREENSHOTS"] ?? "/tmp/identity";

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("identity pages in Chromium", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;
  let page: Page;
  let secret = "";
  // The last TOTP time step the server accepted: each step works once, so every code is for a later one.
  let lastStep = 0;

  /** A code for a step the server has not seen: this one, or the next (it allows one step of drift). */
  async function nextCode(): Promise<string> {
    for (;;) {
      const current = Math.floor(serverNow() / 1000 / PERIOD_S);
      const step = Math.max(current, lastStep + 1);
      if (step <= current + 1) {
        lastStep = step;
        return generate({ secret, epoch: step * PERIOD_S });
      }
      await sleep(500);
    }
  }

  const schemes = (label: string): Promise<void> => axeInBothSchemes(page, label, SHOTS);

  async function session(): Promise<{ status: number; body: { mfaVerifiedAt?: string | null; user?: { mfaEnabled: boolean } } }> {
    return page.evaluate(async () => {
      const res = await fetch("/api/v1/session");
      return { status: res.status, body: (await res.json()) as { mfaVerifiedAt?: string | null; user?: { mfaEnabled: boolean } } };
    });
  }

  beforeAll(async () => {
    env = await startBrowserPlatform({ viewport: VIEWPORT, identityClock: () => new Date(serverNow()) });
    platform = env.platform;
    page = await env.newPage({ colorScheme: "light" });
    page.on("pageerror", (e) => console.log("PAGEERROR", e.message));
  }, 240_000);

  afterAll(async () => {
    await env?.close();
  });

  it("creates the first administrator with the bootstrap token, then signs in with email and password", async () => {
    await page.goto(platform.url);
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.getByRole("heading", { name: "Create the first administrator" }).waitFor();
    // The API-token sign-in stays beside it.
    await page.getByRole("heading", { name: "Use an API token instead" }).waitFor();
    await schemes("first administrator");

    // A wrong bootstrap token is refused, announced and tied to its field.
    await page.getByLabel("Bootstrap token").fill("sy_wrong");
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Name", { exact: true }).fill(ADMIN.name);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByRole("button", { name: "Create the administrator and sign in" }).click();
    await page.getByRole("alert").getByText(/did not accept that bootstrap token/).waitFor();
    expect(await page.getByLabel("Bootstrap token").getAttribute("aria-invalid")).toBe("true");

    const bootstrap = readFileSync(join(platform.dataDir, "admin-token"), "utf8").trim();
    await page.getByLabel("Bootstrap token").fill(bootstrap);
    await page.getByLabel("Bootstrap token").press("Enter");
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();

    // A session cookie, HttpOnly; nothing in sessionStorage.
    const cookie = (await page.context().cookies()).find((c) => c.name === "sy_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(await page.evaluate(() => sessionStorage.getItem("switchyard.apiToken"))).toBeNull();

    // Admins see every page in the header.
    const nav = page.getByRole("navigation", { name: "Primary" });
    for (const name of ["Overview", "Dead letters", "Workers", "Tokens", "Users", "Audit log"]) {
      await nav.getByRole("link", { name, exact: true }).waitFor();
    }

    // Sign out, then in again with email and password (setup is done: no first-admin form now).
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect((await session()).status).toBe(401);
    await page.getByLabel("Email").waitFor();
    expect(await page.getByRole("heading", { name: "Create the first administrator" }).count()).toBe(0);
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill("not the password at all");
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("alert").getByText(/email address or password is not right/).waitFor();
    await schemes("sign-in with an error");

    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByLabel("Password").press("Enter");
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");
  });

  it("enrols an authenticator app from the account page and shows the recovery codes once", async () => {
    await page.getByRole("link", { name: /^Account/ }).click();
    await page.getByRole("heading", { level: 1, name: "Account" }).waitFor();
    await expectTitle(page, "Account · Switchyard");
    await schemes("account");

    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    const secretEl = page.locator("[data-totp-secret]");
    await secretEl.waitFor();
    secret = (await secretEl.getAttribute("data-totp-secret")) ?? "";
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    // The QR code is an image of the server's SVG, with a text alternative.
    const qr = page.getByRole("img", { name: /QR code/ });
    expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);
    await schemes("account, enrolling");

    await page.getByLabel("Code from the app").fill(await nextCode());
    await page.getByRole("button", { name: "Confirm and turn on" }).click();
    const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
    await codes.first().waitFor();
    expect(await codes.count()).toBeGreaterThanOrEqual(8);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Save these recovery codes/);
    await schemes("account, recovery codes");

    await page.getByRole("button", { name: "I have saved them" }).click();
    await page.getByText("An authenticator app (TOTP) is set up").waitFor();
    expect(await codes.count()).toBe(0);
    expect((await session()).body.user?.mfaEnabled).toBe(true);
  });

  it("asks for a code in the step-up dialog when a token with the sensitive scope is created, then retries it", async () => {
    // Enrolling confirmed a second factor: move the server's clock past the step-up window so the
    // next sensitive action needs a new confirmation (sessions stay valid: their idle limit is longer).
    const verifiedAt = Date.parse((await session()).body.mfaVerifiedAt ?? "");
    expect(Number.isFinite(verifiedAt)).toBe(true);
    clockOffsetMs += verifiedAt + STEP_UP_WINDOW_MS + 1_000 - serverNow();

    await page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Tokens", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "API tokens" }).waitFor();
    await expectTitle(page, "API tokens · Switchyard");
    await page.getByRole("heading", { name: "Your tokens" }).waitFor();
    await schemes("tokens");

    await page.getByLabel("Name", { exact: true }).fill("ci deploys");
    await page.getByLabel("Role").selectOption("operator");
    await page.getByLabel("Sensitive scope").check();
    const create = page.getByRole("button", { name: "Create token" });
    await create.click();

    // The dialog: modal, labelled, focus on the code field. Escape cancels and focus returns.
    const dialog = page.getByRole("dialog", { name: "Confirm it is you" });
    await dialog.waitFor();
    expect(await dialog.getAttribute("aria-modal")).toBe("true");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("stepUpCode");
    await schemes("step-up dialog");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    await page.getByRole("alert").getByText(/needs a confirmed second factor/).waitFor();
    expect(await create.evaluate((el) => el === document.activeElement)).toBe(true);

    // Again: a wrong code is refused inside the dialog; the right one confirms and the creation is retried.
    await create.click();
    await dialog.waitFor();
    await dialog.getByLabel("Authentication code").fill("000000");
    await page.keyboard.press("Enter");
    await dialog.getByRole("alert").getByText(/not accepted/).waitFor();
    expect(await dialog.getByLabel("Authentication code").getAttribute("aria-invalid")).toBe("true");
    // Tab stays inside the modal dialog.
    for (let i = 0; i < 4; i++) {
      await page.keyboard.press("Tab");
      expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    }
    await dialog.getByLabel("Authentication code").fill(await nextCode());
    await dialog.getByLabel("Authentication code").press("Enter");
    await dialog.waitFor({ state: "hidden" });

    // Created once the code was confirmed: the secret is shown this once.
    await page.getByRole("heading", { name: /Token “ci deploys” created/ }).waitFor();
    const secretToken = await page.locator("[data-new-token]").inputValue();
    expect(secretToken.length).toBeGreaterThan(20);
    await page.getByRole("button", { name: "Copy the token" }).waitFor();
    await schemes("tokens, new secret");
    // It really exists, with its role and scope, and works.
    const row = page.locator("tr[data-token]").filter({ hasText: "ci deploys" });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/operator.*sensitive/);
    const res = await platform.api("/api/v1/pools", { token: secretToken });
    expect(res.status).toBe(200);

    await page.getByRole("button", { name: "Done, hide it" }).click();
    expect(await page.locator("[data-new-token]").count()).toBe(0);

    // Revoke, after a confirmation that takes focus; the token stops working.
    await row.getByRole("button", { name: "Revoke ci deploys" }).click();
    const confirm = page.getByRole("group", { name: "Revoke the token “ci deploys”?" });
    await confirm.waitFor();
    expect(await confirm.getByRole("button", { name: "Keep it" }).evaluate((el) => el === document.activeElement)).toBe(true);
    await confirm.getByRole("button", { name: "Revoke now" }).click();
    await page.getByRole("status").getByText(/Token “ci deploys” revoked/).waitFor();
    await row.locator('td[data-col="state"]').getByText(/^revoked/).waitFor();
    expect((await platform.api("/api/v1/pools", { token: secretToken })).status).toBe(401);
  });

  it("lists the token creation on the audit page, filtered through the URL, and verifies the chain", async () => {
    await page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Audit log", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
    await expectTitle(page, "Audit log · Switchyard");
    await page.locator("tr[data-audit]").first().waitFor();

    await page.getByLabel("Action", { exact: true }).fill("create-token");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.waitForURL((u) => u.searchParams.get("action") === "create-token");
    const rows = page.locator("tr[data-audit]");
    await page.waitForFunction(() => Array.from(document.querySelectorAll("tr[data-audit]")).every((r) => r.getAttribute("data-audit") === "create-token"));
    // Newest first: the allowed creation after the refusals that asked for a second factor.
    const outcomes = await rows.locator('td[data-col="outcome"]').allTextContents();
    expect(outcomes[0]).toBe("allowed");
    expect(outcomes.slice(1)).toContain("denied (second factor)");

    await rows.first().getByRole("button", { name: /Details/ }).click();
    const detail = page.getByRole("region", { name: "Input (secrets redacted)" });
    await detail.waitFor();
    const input = JSON.parse((await detail.textContent()) ?? "null") as { name?: string };
    expect(input.name).toBe("ci deploys");

    // The URL alone reproduces the view.
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Audit log" }).waitFor();
    expect(await page.getByLabel("Action", { exact: true }).inputValue()).toBe("create-token");
    await page.locator('tr[data-audit="create-token"]').first().waitFor();

    await page.getByRole("button", { name: "Verify now" }).click();
    await page.getByRole("status").getByText(/The audit log verifies/).waitFor();
    await page.getByText(/BEGIN PUBLIC KEY/).waitFor();
    await page.getByRole("link", { name: /Export/ }).waitFor();
    await schemes("audit");

    // One check at 390 px: no sideways scrolling of the page, axe clean.
    await page.setViewportSize({ width: 390, height: 844 });
    await axe(page, "audit (390 px wide)");
    await page.screenshot({ path: `${SHOTS}-audit-390.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "audit page scrolls sideways at 390 px").toBeLessThanOrEqual(0);
    await page.setViewportSize(VIEWPORT);
  });

  it("shows the users page to an admin, with the MFA-for-everyone switch; axe light and dark", async () => {
    await page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Users", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();
    await expectTitle(page, "Users · Switchyard");
    const me = page.locator(`tr[data-user="${ADMIN.email}"]`);
    await me.waitFor();
    expect(await me.textContent()).toContain("authenticator app");
    const sw = page.getByRole("switch", { name: "Require a second factor for everyone" });
    expect(await sw.getAttribute("aria-checked")).toBe("false");
    await schemes("users");
  });

  it("asks for the second factor at sign-in once one is enrolled; sign out everywhere ends the session", async () => {
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await page.getByLabel("Email").fill(ADMIN.email);
    await page.getByLabel("Password").fill(ADMIN.password);
    await page.getByLabel("Password").press("Enter");
    const code = page.getByLabel("Authentication code");
    await code.waitFor();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("code");
    await schemes("sign-in, second factor");
    await code.fill(await nextCode());
    await code.press("Enter");
    // Signed in where the form was shown: the users page.
    await page.getByRole("heading", { level: 1, name: "Users" }).waitFor();

    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect((await session()).status).toBe(401);
  });
});
