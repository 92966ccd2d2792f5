import { z } from "zod";

export const progressSchema = z.object({
  percent: z.number().min(0).max(100),
  message: z.string().max(1000).optional(),
});
export type Progress = z.infer<typeof progressSchema>;
