/** Compare two stream ids ("<ms>-<n>") numerically. */
export function compareSeq(a: string, b: string): number {
  const [am = "0", an = "0"] = a.split("-");
  const [bm = "0", bn = "0"] = b.split("-");
  const d = Number(am) - Number(bm);
  return d !== 0 ? d : Number(an) - Number(bn);
}
