import { z } from "zod";

export const progressSchema = z.object({
  percent: z.number().min(0).max(100),
  message: z.string().max(1000).optional(),
  /**
   * Streamed output since the previous progress event (a chat answer's tokens, in order):
   * a live client appends it; the task's stored progress keeps only the latest piece.
   */
  delta: z.string().max(4_000).optional(),
});
export type Progress = z.infer<typeof progressSchema>;
