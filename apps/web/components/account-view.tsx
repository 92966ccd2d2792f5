"use client";

import { formatDateTime } from "../lib/format";
import { useAuth } from "./auth-provider";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { PasskeysSection } from "./passkeys-section";
import { TotpEnrollment } from "./totp-enrollment";

const card = "rounded-lg border border-slate-200 bg-white p-4 shadow-xs sm:p-6 dark:border-slate-800 dark:bg-slate-900";
const dt = "text-sm font-medium text-slate-600 dark:text-slate-300";
const dd = "text-sm text-slate-900 dark:text-slate-100";

/** The signed-in person: who they are, their session, and their second factors (an authenticator app, passkeys). */
export function AccountView() {
  const { status, session } = useAuth();

  if (status !== "session" || !session) {
    return (
      <div className="space-y-6">
        <PageHeader title="Account" description="Your account, session and second factor." />
        <Notice>
          You are signed in with an API token, which has no account page. Sign out and sign in with your email address and password
          to manage your second factors.
        </Notice>
      </div>
    );
  }
  const { user } = session;

  return (
    <div className="space-y-6">
      <PageHeader title="Account" description="Your account, this session and your second factors." />

      {session.mfaEnrollmentRequired ? (
        <div role="alert">
          <Notice tone="warning">
            An administrator requires a second factor for every account. Set up an authenticator app or add a passkey below before
            you continue: the rest of the dashboard opens once one is confirmed.
          </Notice>
        </div>
      ) : null}

      <section aria-labelledby="account-you" className={card}>
        <h2 id="account-you" className="text-lg font-semibold text-slate-900 dark:text-white">
          You
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className={dt}>Name</dt>
          <dd className={dd}>{user.name}</dd>
          <dt className={dt}>Email</dt>
          <dd className={`${dd} break-all`}>{user.email}</dd>
          <dt className={dt}>Role</dt>
          <dd className={dd}>{user.role}</dd>
          <dt className={dt}>Session ends</dt>
          <dd className={dd}>{formatDateTime(session.expiresAt)} at the latest (sooner when idle)</dd>
          <dt className={dt}>Second factor last confirmed</dt>
          <dd className={dd}>{session.mfaVerifiedAt ? formatDateTime(session.mfaVerifiedAt) : "not in this session"}</dd>
        </dl>
      </section>

      <section aria-labelledby="account-mfa" className={`${card} space-y-3`}>
        <h2 id="account-mfa" className="text-lg font-semibold text-slate-900 dark:text-white">
          Authenticator app
        </h2>
        {user.totpEnabled ? (
          <p className="text-sm text-slate-700 dark:text-slate-200">
            An authenticator app (TOTP) is set up. Sensitive actions ask for a code from it (or a passkey) when you have not
            confirmed one in the last few minutes. Lost the phone and the recovery codes? An administrator can reset it.
          </p>
        ) : (
          <>
            <p className="text-sm text-slate-700 dark:text-slate-200">
              {user.mfaEnabled
                ? "None set up. Your passkeys are your second factor; an app adds a way that works without them."
                : "None yet. Sensitive actions (changing pools, creating tokens, managing people, exporting the audit log) need a second factor: a code from an authenticator app, or a passkey."}
            </p>
            <TotpEnrollment />
          </>
        )}
      </section>

      <section aria-labelledby="account-passkeys" className={`${card} space-y-3`}>
        <h2 id="account-passkeys" className="text-lg font-semibold text-slate-900 dark:text-white">
          Passkeys
        </h2>
        <PasskeysSection />
      </section>
    </div>
  );
}
