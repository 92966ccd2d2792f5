import { z } from "zod";

/** An absolute http(s) URL, as a page to scrape is named. */
export const httpUrlSchema = z
  .string()
  .max(2_048)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: "must be an http(s) URL" });
