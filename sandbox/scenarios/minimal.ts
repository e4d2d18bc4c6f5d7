import type { FormComponent } from '../model/types';
import type { Scenario } from './types';

/** A small org for tests: one app, five users, one template with an attachment field, no instances. */
export const TEST_CORP_ID = 'dingtestcorp0001';
export const TEST_APP = {
  clientId: 'dingtestappkey0001',
  clientSecret: 'test-app-secret-0001',
  agentId: 40000001,
  name: '测试应用',
  callbackToken: 'testCallbackToken01',
  aesKey: 'testAesKey00000000000000000000000000000001x',
} as const;
export const TEST_PROCESS_CODE = 'PROC-TEST-PURCHASE';
export const TEST_YIDA = {
  appType: 'APP_TESTYIDA000000000001',
  systemToken: 'TEST-YIDA-SYSTEM-TOKEN',
  corpCode: 'test-corp-code',
  formUuid: 'FORM-TEST000000000000000000000000000000001',
  processCode: 'TPROC--TEST00000000000000000000000000000001',
} as const;

const FORM: FormComponent[] = [
  {
    componentType: 'TextField',
    props: { componentId: 'TextField_reason', label: '采购事由', required: true },
  },
  {
    componentType: 'MoneyField',
    props: { componentId: 'MoneyField_amount', label: '金额（元）', upper: '1' },
  },
  { componentType: 'DDAttachment', props: { componentId: 'DDAttachment_files', label: '附件' } },
];

export function minimalScenario(): Scenario {
  return {
    name: 'minimal',
    orgs: [
      {
        corpId: TEST_CORP_ID,
        name: '测试公司',
        departments: [{ deptId: 2, name: '研发部' }],
        users: ['u1', 'u2', 'u3', 'u4', 'u5'].map((userId, i) => ({
          userId,
          name: ['张一', '李二', '王三', '赵四', '钱五'][i] ?? userId,
          deptIds: [2],
          email: `${userId}@test.example`,
        })),
        apps: [{ ...TEST_APP }],
        templates: [{ processCode: TEST_PROCESS_CODE, name: '采购申请', formComponents: FORM }],
        yidaApps: [
          {
            appType: TEST_YIDA.appType,
            systemToken: TEST_YIDA.systemToken,
            corpCode: TEST_YIDA.corpCode,
            name: '测试宜搭应用',
            forms: [
              {
                formUuid: TEST_YIDA.formUuid,
                name: '访客申请',
                processCode: TEST_YIDA.processCode,
                components: [
                  { componentId: 'textField_visitor', label: '访客', componentName: 'TextField' },
                  { componentId: 'dateField_visit', label: '来访日期', componentName: 'DateField' },
                  { componentId: 'imageField_badge', label: '证件照', componentName: 'ImageField' },
                  { componentId: 'attachmentField_doc', label: '邀请函', componentName: 'AttachmentField' },
                ],
                nodes: [
                  { name: '主管审批', mode: 'or', userIds: ['u2', 'u3'] },
                  { name: '行政审批', mode: 'and', userIds: ['u4'] },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}
