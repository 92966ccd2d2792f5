import { useEffect, useState } from "react";
import { startAuthentication, startRegistration, WebAuthnError } from "@simplewebauthn/browser";
import { api, appCodeOf, describeError, isUnauthorized } from "./trpc-client";

/**
 * Passkeys (WebAuthn) in the dashboard: the browser's side of the ceremonies the server starts
 * and finishes (packages/core identity/passkeys.ts), through @simplewebauthn/browser.
 */

/** Whether this browser has WebAuthn at all (`window.PublicKeyCredential`). */
export function passkeysSupported(): boolean {
  return typeof window !== "undefined" && typeof window.PublicKeyCredential === "function";
}

/** passkeysSupported(), known only after hydration (false on the server and in the first render). */
export function usePasskeySupport(): boolean {
  const [supported, setSupported] = useState(false);
  useEffect(() => setSupported(passkeysSupported()), []);
  return supported;
}

/** Adds a passkey to the signed-in person's account: the server's options, the browser's prompt, the server's check. */
export async function registerPasskey(name: string) {
  const optionsJSON = await api.mfa.beginPasskeyRegistration.mutate();
  const response = await startRegistration({ optionsJSON });
  return api.mfa.finishPasskeyRegistration.mutate({ name, response });
}

/** Step-up with a passkey: confirms the second factor for this session. */
export async function verifyWithPasskey(): Promise<void> {
  const optionsJSON = await api.mfa.beginPasskeyVerification.mutate();
  const response = await startAuthentication({ optionsJSON });
  await api.mfa.verifyPasskey.mutate({ response });
}

/** Sign-in with a passkey as the second factor: the password twice (for the challenge, then for the session). */
export async function signInWithPasskey(email: string, password: string) {
  const optionsJSON = await api.session.beginPasskey.mutate({ email, password });
  const response = await startAuthentication({ optionsJSON });
  return api.session.signIn.mutate({ email, password, passkey: response });
}

/** What went wrong, for a person: the browser's refusals in words, the server's answer otherwise. */
export function describePasskeyError(err: unknown): string {
  const name = err instanceof Error ? (err.cause instanceof Error ? err.cause.name : err.name) : "";
  if (err instanceof WebAuthnError && err.code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED") {
    return "This authenticator already holds a passkey for your account";
  }
  if (name === "NotAllowedError" || name === "AbortError") return "The passkey prompt was closed or timed out, so nothing was confirmed";
  if (name === "SecurityError" || (err instanceof WebAuthnError && err.code === "ERROR_INVALID_DOMAIN")) {
    return "Passkeys cannot be used at this address (the dashboard's configured origin only)";
  }
  if (appCodeOf(err) === "CONFLICT" && /no passkey/i.test(describeError(err))) return "This account has no passkey: use a code instead";
  if (isUnauthorized(err)) return "The passkey was not accepted";
  return describeError(err);
}
