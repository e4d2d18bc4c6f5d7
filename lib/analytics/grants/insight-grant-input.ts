import { z } from 'zod';

/** An admin grants (or revokes) one person the 分析 figures of one department. */
export const insightGrantInputSchema = z.object({
  userId: z.uuid(),
  department: z.string().trim().min(1).max(200),
});
export type InsightGrantInput = z.input<typeof insightGrantInputSchema>;
