import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  MerkleBuilder,
  consistencyProof,
  inclusionProof,
  leafHash,
  subtreeRoot,
  verifyConsistency,
  verifyInclusion,
} from "./integrity.js";

// Certificate Transparency reference inputs and values (RFC 6962 reference implementation,
// as published in transparency-dev/merkle and certificate-transparency-go test data).
const INPUTS = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
const ROOTS = [
  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];
const INCLUSION: [number, number, string[]][] = [
  [0, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]],
  [5, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
  [2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [1, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]],
  [6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]],
  [2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]],
];

const leaves = INPUTS.map((h) => leafHash(Buffer.from(h, "hex")));
const hex = (bufs: Buffer[]) => bufs.map((b) => b.toString("hex"));
const buf = (h: string) => Buffer.from(h, "hex");
const root = (n: number) => buf(ROOTS[n] ?? "");

describe("RFC 6962 Merkle tree: reference vectors", () => {
  it("roots of 0..8 leaves, both recursively and incrementally", () => {
    const builder = new MerkleBuilder();
    expect(builder.root().toString("hex")).toBe(ROOTS[0]);
    for (let n = 1; n <= 8; n++) {
      builder.push(leaves[n - 1] as Buffer);
      expect(subtreeRoot(leaves.slice(0, n)).toString("hex")).toBe(ROOTS[n]);
      expect(builder.root().toString("hex")).toBe(ROOTS[n]);
    }
  });

  it.each(INCLUSION)("inclusion proof for leaf %i of %i", (index, size, expected) => {
    const proof = inclusionProof(leaves, index, size);
    expect(hex(proof)).toEqual(expected);
    expect(verifyInclusion(leaves[index] as Buffer, index, size, proof, root(size))).toBe(true);
  });

  it.each(CONSISTENCY)("consistency proof from %i to %i", (m, n, expected) => {
    const proof = consistencyProof(leaves, m, n);
    expect(hex(proof)).toEqual(expected);
    expect(verifyConsistency(m, n, proof, root(m), root(n))).toBe(true);
  });
});

describe("RFC 6962 Merkle tree: properties", () => {
  const make = (n: number) => Array.from({ length: n }, (_, i) => leafHash(createHash("sha256").update(`leaf ${i}`).digest()));
  const other = leafHash(Buffer.from("not in the tree"));

  it("every index of every size 1..64 proves inclusion; wrong leaf, index, root or path fail", () => {
    const all = make(64);
    for (let n = 1; n <= 64; n++) {
      const r = subtreeRoot(all, 0, n);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(all, i, n);
        const leaf = all[i] as Buffer;
        expect(verifyInclusion(leaf, i, n, proof, r)).toBe(true);
        expect(verifyInclusion(other, i, n, proof, r)).toBe(false);
        if (n > 1) expect(verifyInclusion(leaf, (i + 1) % n, n, proof, r)).toBe(false);
        expect(verifyInclusion(leaf, i, n, proof, other)).toBe(false);
        if (proof.length > 0) {
          expect(verifyInclusion(leaf, i, n, proof.slice(0, -1), r)).toBe(false);
          expect(verifyInclusion(leaf, i, n, [...proof, other], r)).toBe(false);
          const bent = proof.map((p, k) => (k === 0 ? other : p));
          expect(verifyInclusion(leaf, i, n, bent, r)).toBe(false);
        }
      }
      expect(verifyInclusion(all[0] as Buffer, n, n, [], r)).toBe(false);
    }
  });

  it("every pair of sizes 1 <= m <= n <= 64 proves consistency; tampering fails", () => {
    const all = make(64);
    const roots = [subtreeRoot([])];
    const builder = new MerkleBuilder();
    for (const leaf of all) {
      builder.push(leaf);
      roots.push(builder.root());
    }
    for (let n = 1; n <= 64; n++) {
      expect(roots[n]?.equals(subtreeRoot(all, 0, n))).toBe(true);
      for (let m = 1; m <= n; m++) {
        const proof = consistencyProof(all, m, n);
        const rm = roots[m] as Buffer;
        const rn = roots[n] as Buffer;
        expect(verifyConsistency(m, n, proof, rm, rn)).toBe(true);
        if (m < n) {
          expect(verifyConsistency(m, n, proof, other, rn)).toBe(false);
          expect(verifyConsistency(m, n, proof, rm, other)).toBe(false);
          expect(verifyConsistency(m, n, proof.slice(0, -1), rm, rn)).toBe(false);
          expect(verifyConsistency(m, n, proof.map((p, k) => (k === 0 ? other : p)), rm, rn)).toBe(false);
        }
      }
    }
  });
});
