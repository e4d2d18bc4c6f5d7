import type { ApiCredentials } from './open-api';
import { callApi } from './open-api';

/** One component of `POST /v1.0/workflow/forms` (§5.9): `componentType`, its props, a table's children. */
export type DingTalkFormComponent = {
  componentType: string;
  props: { componentId: string; label: string } & Record<string, unknown>;
  children?: DingTalkFormComponent[];
};

/**
 * §5.9: creates an official approval template (no processCode) or updates one (with it), and answers its
 * processCode. DingTalk's refusals (`formName.error` a name taken, `formschema.error` a branch-condition
 * component changed, `processCodeError`) come back as AdapterError with that sourceCode.
 */
export async function saveDingTalkFormTemplate(
  s: ApiCredentials,
  input: {
    name: string;
    description?: string;
    formComponents: DingTalkFormComponent[];
    processCode?: string;
  },
): Promise<string> {
  const body = await callApi<{ result?: { processCode?: string } }>(s, '/v1.0/workflow/forms', {
    body: {
      name: input.name.slice(0, 200),
      description: input.description?.slice(0, 300),
      formComponents: input.formComponents,
      ...(input.processCode ? { processCode: input.processCode } : {}),
    },
  });
  return body.result?.processCode ?? input.processCode ?? '';
}
