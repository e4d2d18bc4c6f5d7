import { z } from 'zod';

/** A mapped DingTalk template: its connector and processCode. */
export const templateRefSchema = z.object({
  connectorId: z.uuid(),
  processCode: z.string().trim().min(1).max(200),
});
