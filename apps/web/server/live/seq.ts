/** Compare two stream ids ("<ms>-<n>") numerically (one definition, in the queue package beside the stream readers). */
export { compareSeq } from "@switchyard/queue";
