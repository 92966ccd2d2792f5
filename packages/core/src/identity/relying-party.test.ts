import { describe, expect, it } from "vitest";
import { localOrigin, relyingPartyFor } from "./relying-party.js";

describe("passkeys' relying party", () => {
  it("takes the RP ID from the first origin unless given, and normalises origins", () => {
    expect(relyingPartyFor({ origins: ["https://switchyard.example.com/some/path"] })).toEqual({
      id: "switchyard.example.com",
      name: "Switchyard",
      origins: ["https://switchyard.example.com"],
    });
    expect(relyingPartyFor({ origins: ["https://ops.example.com", "https://example.com:8443"], id: "example.com", name: "Ops" })).toEqual({
      id: "example.com",
      name: "Ops",
      origins: ["https://ops.example.com", "https://example.com:8443"],
    });
  });

  it("refuses what browsers would refuse: IP addresses, origins off the RP ID, other schemes", () => {
    expect(() => relyingPartyFor({ origins: ["http://127.0.0.1:3000"] })).toThrow(/IP address/);
    expect(() => relyingPartyFor({ origins: ["http://[::1]:3000"] })).toThrow(/IP address/);
    expect(() => relyingPartyFor({ origins: ["https://evil.example"], id: "example.com" })).toThrow(/not on the RP ID/);
    expect(() => relyingPartyFor({ origins: ["https://notexample.com"], id: "example.com" })).toThrow(/not on the RP ID/);
    expect(() => relyingPartyFor({ origins: ["ftp://example.com"] })).toThrow(/http/);
    expect(() => relyingPartyFor({ origins: [] })).toThrow(/at least one/);
  });

  it("offers a loopback or wildcard listener as localhost", () => {
    expect(localOrigin("127.0.0.1", 3000)).toBe("http://localhost:3000");
    expect(localOrigin("0.0.0.0", 8080)).toBe("http://localhost:8080");
    expect(localOrigin("::", 8080)).toBe("http://localhost:8080");
    expect(localOrigin("dash.internal", 3000)).toBe("http://dash.internal:3000");
  });
});
