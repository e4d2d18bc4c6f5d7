import { z } from 'zod';

/** Who may start a definition: everyone, or named users and/or departments (`users.department`). */
export const startersSchema = z.union([
  z.object({ all: z.literal(true) }),
  z.object({
    userIds: z.array(z.uuid()).max(500).default([]),
    departments: z.array(z.string().trim().min(1).max(100)).max(100).default([]),
  }),
]);
export type Starters = z.infer<typeof startersSchema>;

const key = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_-]{1,39}$/, '标识须以小写字母开头，只含小写字母、数字、-、_（2–40 个字符）');
const info = {
  name: z.string().trim().min(1, '请填写名称').max(60),
  description: z.string().trim().max(500).nullish(),
  category: z.string().trim().max(30).nullish(),
};

export const createWorkflowInputSchema = z.object({ key, ...info });
export type CreateWorkflowInput = z.infer<typeof createWorkflowInputSchema>;

/**
 * Saving a draft: the basic info, who may start it, and the body as the designer has it. The body is kept
 * even when it is not valid yet (a work in progress); publishing validates it with workflowBodySchema.
 */
export const saveWorkflowDraftInputSchema = z.object({
  ...info,
  starters: startersSchema,
  draft: z.object({ form: z.unknown(), steps: z.unknown(), options: z.unknown().optional() }).loose(),
});
export type SaveWorkflowDraftInput = z.infer<typeof saveWorkflowDraftInputSchema>;

export const setWorkflowEnabledInputSchema = z.object({ enabled: z.boolean() });
