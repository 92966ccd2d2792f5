import type { UserView } from "@switchyard/shared";
import { formatTime } from "./format.js";
import type { Output } from "./output.js";

/** One person as aligned key: value lines. */
export function printUser(out: Output, u: UserView): void {
  out.fields([
    ["id", u.id],
    ["email", u.email],
    ["name", u.name],
    ["role", u.role],
    ["state", out.style.status(u.disabled ? "disabled" : "active")],
    ["mfa", u.mfaEnabled ? "on" : "off"],
    ["created", formatTime(u.createdAt)],
  ]);
}
