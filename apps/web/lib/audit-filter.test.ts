import { describe, expect, it } from "vitest";
import { describeAuditFilter, EMPTY_AUDIT_FILTER, filterFromSearch, filterToInput, filterToSearch } from "./audit-filter";

describe("audit filter", () => {
  it("round-trips through the URL query, keeping only the fields that are set", () => {
    const filter = { ...EMPTY_AUDIT_FILTER, action: "create-token", outcome: "denied_mfa", from: "2026-12-01T08:00" };
    const search = filterToSearch(filter);
    expect(search).toBe("?action=create-token&outcome=denied_mfa&from=2026-12-01T08%3A00");
    expect(filterFromSearch(new URLSearchParams(search))).toEqual(filter);
    expect(filterToSearch(EMPTY_AUDIT_FILTER)).toBe("");
  });

  it("drops unknown outcomes and keys from the URL", () => {
    const f = filterFromSearch(new URLSearchParams("outcome=maybe&actor=ada&evil=1"));
    expect(f).toEqual({ ...EMPTY_AUDIT_FILTER, actor: "ada" });
  });

  it("sends trimmed text, a known outcome and local times as ISO instants", () => {
    const input = filterToInput({ actor: " ada ", action: "", target: "pool batch", outcome: "allowed", from: "2026-12-01T08:00", to: "not a time" });
    expect(input.actor).toBe("ada");
    expect(input.action).toBeUndefined();
    expect(input.target).toBe("pool batch");
    expect(input.outcome).toBe("allowed");
    expect(input.from).toBe(new Date("2026-12-01T08:00").toISOString());
    expect(input.to).toBeUndefined();
    expect(describeAuditFilter(EMPTY_AUDIT_FILTER)).toBe("none");
  });
});
