/** A dynamic route segment as the id it names: links encode ids, and the segment may arrive decoded or not. */
export function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
