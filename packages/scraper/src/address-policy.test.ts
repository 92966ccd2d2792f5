import { describe, expect, it } from "vitest";
import { classifyAddress, isMetadataHost, parseAllowList } from "./address-policy.js";

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.254", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["169.254.0.1", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.100.100.200", "carrierGradeNat"],
    ["224.0.0.1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["240.0.0.1", "reserved"],
    ["192.0.2.10", "reserved"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fd00::1", "uniqueLocal"],
    ["fc00::1", "uniqueLocal"],
    ["fd00:ec2::254", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["ff02::1", "multicast"],
    ["64:ff9b::a00:1", "rfc6052"],
    ["2002:a00:1::", "6to4"],
    ["2001:db8::1", "reserved"],
  ])("refuses %s (%s)", (ip, range) => {
    const v = classifyAddress(ip);
    expect(v.allowed).toBe(false);
    expect(v.range).toBe(range);
  });

  it.each([
    ["::ffff:127.0.0.1", "127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "127.0.0.1", "loopback"],
    ["::ffff:10.0.0.1", "10.0.0.1", "private"],
    ["::ffff:172.16.5.4", "172.16.5.4", "private"],
    ["::ffff:192.168.0.1", "192.168.0.1", "private"],
    ["::ffff:169.254.169.254", "169.254.169.254", "linkLocal"],
    ["[::ffff:a9fe:a9fe]", "169.254.169.254", "linkLocal"],
  ])("refuses the IPv4-mapped form %s as %s", (ip, address, range) => {
    expect(classifyAddress(ip)).toEqual({ address, range, allowed: false });
  });

  it("allows public unicast only", () => {
    expect(classifyAddress("93.184.216.34")).toEqual({ address: "93.184.216.34", range: "unicast", allowed: true });
    expect(classifyAddress("2606:2800:220:1:248:1893:25c8:1946").allowed).toBe(true);
    expect(classifyAddress("::ffff:93.184.216.34").allowed).toBe(true);
    expect(classifyAddress("not-an-ip")).toMatchObject({ allowed: false, range: "invalid" });
  });

  it("lets an allow-listed CIDR through, and nothing next to it", () => {
    const allow = parseAllowList("10.1.0.0/16, 127.0.0.1, fd12::/16");
    expect(classifyAddress("10.1.2.3", allow).allowed).toBe(true);
    expect(classifyAddress("10.2.0.1", allow).allowed).toBe(false);
    expect(classifyAddress("127.0.0.1", allow).allowed).toBe(true);
    expect(classifyAddress("127.0.0.2", allow).allowed).toBe(false);
    expect(classifyAddress("::ffff:127.0.0.1", allow).allowed).toBe(true);
    expect(classifyAddress("fd12::5", allow).allowed).toBe(true);
    expect(classifyAddress("fd13::5", allow).allowed).toBe(false);
  });
});

describe("parseAllowList", () => {
  it("takes host names and CIDRs, and names a bad entry", () => {
    const a = parseAllowList("Intranet.Example, 192.168.0.0/24");
    expect([...a.hosts]).toEqual(["intranet.example"]);
    expect(a.cidrs).toHaveLength(1);
    expect(() => parseAllowList("10.0.0.0/99")).toThrow(/10\.0\.0\.0\/99/);
    expect(() => parseAllowList("bad host!")).toThrow(/bad host!/);
  });
});

describe("isMetadataHost", () => {
  it("knows the cloud metadata names", () => {
    expect(isMetadataHost("metadata.google.internal")).toBe(true);
    expect(isMetadataHost("METADATA.google.internal.")).toBe(true);
    expect(isMetadataHost("instance-data.ec2.internal")).toBe(true);
    expect(isMetadataHost("example.com")).toBe(false);
  });
});
