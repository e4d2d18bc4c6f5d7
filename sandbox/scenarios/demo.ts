import type { FormComponent } from '../model/types';
import { DEFAULT_SUBSCRIBED_EVENTS } from './load';
import type { Scenario, ScenarioFile, ScenarioUser } from './types';

/**
 * The demo org. Huiban's demo seed imports these constants to create matching accounts, so the
 * users (userId, name, department, mobile, email, job number) must not change.
 */
export const DEMO_CORP_ID = 'dingdemocorp0001';
export const DEMO_CORP_NAME = '汇办演示科技有限公司';

export const DEMO_APP = {
  clientId: 'dingdemoappkey0001',
  clientSecret: 'demo-app-secret-0001',
  agentId: 30000001,
  name: '汇办',
  callbackToken: 'demoCallbackToken0001',
  /** 43 chars, [a-zA-Z0-9] (§3.1). */
  aesKey: 'huibanDemoAesKey0001huibanDemoAesKey0001abc',
} as const;

export const DEMO_YIDA = {
  appType: 'APP_DEMOYIDA0000000001',
  systemToken: 'DEMO-YIDA-SYSTEM-TOKEN-0001',
  /** Per-corp secret of the org-level task lists (`token = MD5(corpId + userId + corpCode)`). */
  corpCode: 'demo-yida-corp-code-0001',
  corpId: DEMO_CORP_ID,
  formUuid: 'FORM-DEMO0CAR0000000000000000000000000001',
  processCode: 'TPROC--DEMO0CAR000000000000000000000000001',
  appName: '行政服务',
  formName: '用车申请',
} as const;

export const DEMO_PROCESS_CODES = {
  leave: 'PROC-DEMO-LEAVE',
  expense: 'PROC-DEMO-EXPENSE',
  purchase: 'PROC-DEMO-PURCHASE',
} as const;

export const DEMO_DEPARTMENTS = [
  { deptId: 101, name: '技术部' },
  { deptId: 102, name: '财务部' },
  { deptId: 103, name: '人事部' },
  { deptId: 104, name: '采购部' },
  { deptId: 105, name: '市场部' },
  { deptId: 106, name: '行政部' },
] as const;

type DemoUserSeed = { userId: string; name: string; department: string; title: string; isManager?: boolean };

const SEEDS: DemoUserSeed[] = [
  { userId: 'wangmin', name: '王敏', department: '技术部', title: '技术总监', isManager: true },
  { userId: 'zhangsan', name: '张三', department: '技术部', title: '高级工程师' },
  { userId: 'lisi', name: '李四', department: '技术部', title: '工程师' },
  { userId: 'wangwu', name: '王五', department: '财务部', title: '财务经理' },
  { userId: 'zhaoliu', name: '赵六', department: '人事部', title: '人事经理' },
  { userId: 'qianqi', name: '钱七', department: '采购部', title: '采购经理' },
  { userId: 'sunba', name: '孙八', department: '市场部', title: '市场经理' },
  { userId: 'zhoujiu', name: '周九', department: '市场部', title: '市场专员' },
  { userId: 'wushi', name: '吴十', department: '财务部', title: '会计' },
  { userId: 'zhengyi', name: '郑一', department: '行政部', title: '行政主管' },
  { userId: 'chener', name: '陈二', department: '采购部', title: '采购专员' },
  { userId: 'liuxing', name: '刘星', department: '人事部', title: '人事专员' },
];

/** The twelve demo users with every identity field Huiban matches on. */
export const DEMO_USERS = SEEDS.map((s, i) => {
  const n = i + 1;
  const dept = DEMO_DEPARTMENTS.find((d) => d.name === s.department);
  return {
    userId: s.userId,
    name: s.name,
    department: s.department,
    deptId: dept?.deptId ?? 1,
    title: s.title,
    isManager: s.isManager ?? false,
    unionId: `union_${s.userId}`,
    mobile: `138${String(n).padStart(8, '0')}`,
    email: `${s.userId}@demo.huiban.cn`,
    jobNumber: `E${String(n).padStart(3, '0')}`,
  };
});

export type DemoUser = (typeof DEMO_USERS)[number];

const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAAGUlEQVR42mNg6PxPHTRq0KhBowaNGkQZAgA0lEwfAS5PIAAAAABJRU5ErkJggg==';
const PDF_BASE64 =
  'JVBERi0xLjQKMSAwIG9iago8PCAvVHlwZSAvQ2F0YWxvZyAvUGFnZXMgMiAwIFIgPj4KZW5kb2JqCjIgMCBvYmoKPDwgL1R5cGUgL1BhZ2VzIC9LaWRzIFszIDAgUl0gL0NvdW50IDEgPj4KZW5kb2JqCjMgMCBvYmoKPDwgL1R5cGUgL1BhZ2UgL1BhcmVudCAyIDAgUiAvTWVkaWFCb3ggWzAgMCAzMDAgMTQ0XSAvQ29udGVudHMgNCAwIFIgL1Jlc291cmNlcyA8PCAvRm9udCA8PCAvRjEgNSAwIFIgPj4gPj4gPj4KZW5kb2JqCjQgMCBvYmoKPDwgL0xlbmd0aCA4NiA+PgpzdHJlYW0KQlQgL0YxIDE4IFRmIDM2IDkwIFRkIChRdW90YXRpb24gUS0yMDI0LTA4MTUpIFRqIDAgLTI4IFRkIChUb3RhbDogQ05ZIDEyLDgwMC4wMCkgVGogRVQKZW5kc3RyZWFtCmVuZG9iago1IDAgb2JqCjw8IC9UeXBlIC9Gb250IC9TdWJ0eXBlIC9UeXBlMSAvQmFzZUZvbnQgL0hlbHZldGljYSA+PgplbmRvYmoKeHJlZgowIDYKMDAwMDAwMDAwMCA2NTUzNSBmIAowMDAwMDAwMDA5IDAwMDAwIG4gCjAwMDAwMDAwNTggMDAwMDAgbiAKMDAwMDAwMDExNSAwMDAwMCBuIAowMDAwMDAwMjQxIDAwMDAwIG4gCjAwMDAwMDAzNzcgMDAwMDAgbiAKdHJhaWxlcgo8PCAvU2l6ZSA2IC9Sb290IDEgMCBSID4+CnN0YXJ0eHJlZgo0NDcKJSVFT0YK';

/** Small but real files: a PNG image, a one-page PDF, a UTF-8 text and a CSV spreadsheet. */
export const DEMO_FILES = {
  png: (fileName: string): ScenarioFile => ({ fileName, fileType: 'png', base64: PNG_BASE64 }),
  pdf: (fileName: string): ScenarioFile => ({ fileName, fileType: 'pdf', base64: PDF_BASE64 }),
  txt: (fileName: string, text: string): ScenarioFile => ({ fileName, fileType: 'txt', text }),
  csv: (fileName: string, rows: string[][]): ScenarioFile => ({
    fileName,
    fileType: 'csv',
    // BOM so spreadsheet programs read the Chinese headers as UTF-8.
    text: `\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`,
  }),
};

function c(
  componentType: string,
  componentId: string,
  label: string,
  extra: Record<string, unknown> = {},
): FormComponent {
  return { componentType, props: { componentId, label, ...extra } };
}

const options = (values: string[]) => values.map((value, i) => ({ key: `option_${i}`, value }));

const LEAVE_FORM: FormComponent[] = [
  c('DDSelectField', 'DDSelectField_leaveType', '请假类型', {
    required: true,
    options: options(['年假', '事假', '病假', '调休']),
  }),
  c('DDDateField', 'DDDateField_start', '开始时间', { required: true, format: 'yyyy-MM-dd' }),
  c('DDDateField', 'DDDateField_end', '结束时间', { required: true, format: 'yyyy-MM-dd' }),
  c('NumberField', 'NumberField_days', '时长（天）', { required: true }),
  c('TextareaField', 'TextareaField_reason', '请假事由', { required: true }),
  c('DDAttachment', 'DDAttachment_files', '附件'),
];

const EXPENSE_FORM: FormComponent[] = [
  c('TextField', 'TextField_reason', '报销事由', { required: true }),
  c('MoneyField', 'MoneyField_amount', '报销金额（元）', { required: true, upper: '1' }),
  c('DDSelectField', 'DDSelectField_type', '费用类型', {
    required: true,
    options: options(['差旅费', '招待费', '办公费', '培训费']),
  }),
  c('DDDateField', 'DDDateField_date', '发生日期', { format: 'yyyy-MM-dd' }),
  c('DDAttachment', 'DDAttachment_invoice', '发票附件'),
  c('TextareaField', 'TextareaField_note', '备注'),
];

const PURCHASE_FORM: FormComponent[] = [
  c('TextField', 'TextField_reason', '采购事由', { required: true }),
  c('TextField', 'TextField_item', '物品名称', { required: true }),
  c('NumberField', 'NumberField_qty', '数量', { required: true }),
  c('MoneyField', 'MoneyField_budget', '预算金额（元）', { required: true, upper: '1' }),
  c('DDSelectField', 'DDSelectField_kind', '采购类型', { options: options(['硬件', '软件', '服务']) }),
  c('DDAttachment', 'DDAttachment_files', '附件'),
];

function scenarioUsers(): ScenarioUser[] {
  return DEMO_USERS.map((u) => ({
    userId: u.userId,
    name: u.name,
    deptIds: [u.deptId],
    unionId: u.unionId,
    mobile: u.mobile,
    email: u.email,
    jobNumber: u.jobNumber,
    title: u.title,
    // Each department's first person leads it; technology staff report to 王敏.
    isLeader: u.isManager || ['wangwu', 'zhaoliu', 'qianqi', 'sunba', 'zhengyi'].includes(u.userId),
    managerUserId: u.department === '技术部' && u.userId !== 'wangmin' ? 'wangmin' : '',
    isAdmin: u.userId === 'wangmin',
  }));
}

const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * Approvals in every state (running, agreed, refused, revoked), with 会签/或签, a transfer, comments,
 * attachments in several formats and Chinese text; plus a Yida app with tasks.
 */
export function demoScenario(): Scenario {
  const { leave, expense, purchase } = DEMO_PROCESS_CODES;
  return {
    name: 'demo',
    orgs: [
      {
        corpId: DEMO_CORP_ID,
        name: DEMO_CORP_NAME,
        departments: DEMO_DEPARTMENTS.map((d) => ({ ...d, parentId: 1 })),
        users: scenarioUsers(),
        apps: [{ ...DEMO_APP, subscribedEvents: [...DEFAULT_SUBSCRIBED_EVENTS] }],
        templates: [
          {
            processCode: leave,
            name: '请假',
            description: '员工请假申请',
            formComponents: LEAVE_FORM,
            defaultApprovers: [{ actionType: 'NONE', userIds: ['wangmin'] }],
            iconName: 'leave',
          },
          {
            processCode: expense,
            name: '报销',
            description: '费用报销',
            formComponents: EXPENSE_FORM,
            defaultApprovers: [
              { actionType: 'NONE', userIds: ['wangmin'] },
              { actionType: 'NONE', userIds: ['wangwu'] },
            ],
            iconName: 'money',
          },
          {
            processCode: purchase,
            name: '采购',
            description: '物品采购申请',
            formComponents: PURCHASE_FORM,
            defaultApprovers: [{ actionType: 'NONE', userIds: ['qianqi'] }],
            iconName: 'shopping',
          },
        ],
        instances: [
          {
            processCode: leave,
            originatorUserId: 'zhangsan',
            approvers: [{ actionType: 'NONE', userIds: ['wangmin'] }],
            ccUserIds: ['zhaoliu'],
            form: {
              请假类型: '年假',
              开始时间: '2026-12-01',
              结束时间: '2026-12-03',
              '时长（天）': '3',
              请假事由: '家中有事，回老家三天。',
            },
            startedMinutesAgo: 90,
          },
          {
            processCode: expense,
            originatorUserId: 'lisi',
            approvers: [
              { actionType: 'NONE', userIds: ['wangmin'] },
              { actionType: 'NONE', userIds: ['wangwu'] },
            ],
            form: {
              报销事由: '上海客户现场部署差旅',
              '报销金额（元）': '2380.50',
              费用类型: '差旅费',
              发生日期: '2026-11-18',
              备注: '高铁往返 + 两晚住宿',
            },
            files: [DEMO_FILES.pdf('发票-上海出差.pdf'), DEMO_FILES.png('行程单.png')],
            startedMinutesAgo: 5 * HOUR,
            actions: [{ userId: 'wangmin', action: 'agree', remark: '情况属实，同意。', afterMinutes: 45 }],
          },
          {
            processCode: purchase,
            originatorUserId: 'chener',
            approvers: [{ actionType: 'OR', userIds: ['qianqi', 'wangwu'], name: '采购或财务审批' }],
            form: {
              采购事由: '新员工入职设备',
              物品名称: '27 寸显示器',
              数量: '4',
              '预算金额（元）': '6396',
              采购类型: '硬件',
            },
            files: [
              DEMO_FILES.csv('报价单.csv', [
                ['物品', '单价（元）', '数量', '小计（元）'],
                ['27 寸显示器', '1599', '4', '6396'],
              ]),
            ],
            startedMinutesAgo: 20,
          },
          {
            processCode: purchase,
            originatorUserId: 'sunba',
            approvers: [
              { actionType: 'AND', userIds: ['wangmin', 'wangwu'], name: '技术与财务会签' },
              { actionType: 'NONE', userIds: ['zhengyi'], name: '行政审批' },
            ],
            ccUserIds: ['zhoujiu'],
            form: {
              采购事由: '市场活动数据分析',
              物品名称: '数据分析软件年度授权',
              数量: '1',
              '预算金额（元）': '12800',
              采购类型: '软件',
            },
            files: [DEMO_FILES.pdf('软件报价单.pdf')],
            startedMinutesAgo: 3 * HOUR,
            actions: [
              { userId: 'wangmin', action: 'agree', remark: '技术评估通过。', afterMinutes: 30 },
              {
                userId: 'sunba',
                action: 'comment',
                remark: '补充需求说明，见附件。',
                files: [
                  DEMO_FILES.txt(
                    '需求说明.txt',
                    '需求说明\n1. 支持 Excel 导入\n2. 支持按渠道分析转化率\n3. 五个账号\n',
                  ),
                ],
                afterMinutes: 40,
              },
            ],
          },
          {
            processCode: leave,
            originatorUserId: 'zhoujiu',
            approvers: [{ actionType: 'NONE', userIds: ['sunba'] }],
            ccUserIds: ['zhaoliu'],
            form: {
              请假类型: '病假',
              开始时间: '2026-11-20',
              结束时间: '2026-11-20',
              '时长（天）': '1',
              请假事由: '发烧就医。',
            },
            files: [DEMO_FILES.png('病假条.png')],
            startedMinutesAgo: 2 * DAY,
            actions: [{ userId: 'sunba', action: 'agree', remark: '好好休息。', afterMinutes: 25 }],
          },
          {
            processCode: expense,
            originatorUserId: 'zhangsan',
            approvers: [
              { actionType: 'NONE', userIds: ['wangmin'] },
              { actionType: 'NONE', userIds: ['wangwu'] },
            ],
            form: {
              报销事由: '客户答谢晚宴',
              '报销金额（元）': '5600',
              费用类型: '招待费',
              发生日期: '2026-11-15',
            },
            files: [DEMO_FILES.pdf('餐饮发票.pdf')],
            startedMinutesAgo: 3 * DAY,
            actions: [
              { userId: 'wangmin', action: 'agree', afterMinutes: 60 },
              {
                userId: 'wangwu',
                action: 'refuse',
                remark: '超出招待标准，请拆分后重新提交。',
                afterMinutes: 180,
              },
            ],
          },
          {
            processCode: purchase,
            originatorUserId: 'liuxing',
            approvers: [{ actionType: 'NONE', userIds: ['qianqi'] }],
            form: {
              采购事由: '招聘会物料',
              物品名称: '易拉宝',
              数量: '2',
              '预算金额（元）': '360',
              采购类型: '服务',
            },
            startedMinutesAgo: 1 * DAY,
            actions: [
              { userId: 'liuxing', action: 'revoke', remark: '行政已有库存，撤销申请。', afterMinutes: 10 },
            ],
          },
          {
            processCode: expense,
            originatorUserId: 'zhengyi',
            approvers: [{ actionType: 'NONE', userIds: ['wangwu'] }],
            form: {
              报销事由: '办公室绿植租摆',
              '报销金额（元）': '880',
              费用类型: '办公费',
              发生日期: '2026-11-10',
            },
            files: [DEMO_FILES.png('收据.png')],
            startedMinutesAgo: 6 * HOUR,
            actions: [
              {
                userId: 'wangwu',
                action: 'redirect',
                toUserId: 'wushi',
                remark: '请吴十核对发票后审批。',
                afterMinutes: 15,
              },
            ],
          },
          {
            processCode: purchase,
            originatorUserId: 'qianqi',
            approvers: [
              { actionType: 'NONE', userIds: ['wangmin'] },
              { actionType: 'NONE', userIds: ['wangwu'] },
            ],
            form: {
              采购事由: '研发测试服务器',
              物品名称: '云服务器（年付）',
              数量: '2',
              '预算金额（元）': '15600',
              采购类型: '服务',
            },
            files: [DEMO_FILES.pdf('云服务器报价.pdf')],
            startedMinutesAgo: 4 * DAY,
            actions: [
              { userId: 'wangmin', action: 'agree', remark: '配置合理。', afterMinutes: 20 },
              {
                userId: 'wangwu',
                action: 'agree',
                remark: '同意，按付款计划执行。',
                files: [
                  DEMO_FILES.txt(
                    '付款计划.txt',
                    '付款计划\n首付 50%：合同签订后 5 个工作日内\n尾款 50%：验收后 10 个工作日内\n',
                  ),
                ],
                afterMinutes: 90,
              },
            ],
          },
          {
            processCode: leave,
            originatorUserId: 'lisi',
            approvers: [
              { actionType: 'NONE', userIds: ['zhangsan'], name: '项目负责人' },
              { actionType: 'NONE', userIds: ['wangmin'], name: '部门负责人' },
            ],
            form: {
              请假类型: '调休',
              开始时间: '2026-12-05',
              结束时间: '2026-12-05',
              '时长（天）': '1',
              请假事由: '上周末加班，申请调休一天。',
            },
            startedMinutesAgo: 40,
          },
        ],
        yidaApps: [
          {
            appType: DEMO_YIDA.appType,
            systemToken: DEMO_YIDA.systemToken,
            corpCode: DEMO_YIDA.corpCode,
            name: DEMO_YIDA.appName,
            forms: [
              {
                formUuid: DEMO_YIDA.formUuid,
                name: DEMO_YIDA.formName,
                processCode: DEMO_YIDA.processCode,
                components: [
                  { componentId: 'textField_destination', label: '目的地', componentName: 'TextField' },
                  { componentId: 'dateField_useDate', label: '用车日期', componentName: 'DateField' },
                  { componentId: 'numberField_passengers', label: '乘车人数', componentName: 'NumberField' },
                  { componentId: 'textareaField_reason', label: '用车事由', componentName: 'TextareaField' },
                  {
                    componentId: 'selectField_carType',
                    label: '车型',
                    componentName: 'SelectField',
                    options: [
                      { text: '轿车', value: 'sedan' },
                      { text: '商务车', value: 'van' },
                    ],
                  },
                  {
                    componentId: 'employeeField_companions',
                    label: '随行人员',
                    componentName: 'EmployeeField',
                  },
                  {
                    componentId: 'cascadeDateField_trip',
                    label: '行程时间',
                    componentName: 'CascadeDateField',
                  },
                  {
                    componentId: 'tableField_stops',
                    label: '途经点',
                    componentName: 'TableField',
                    children: [
                      { componentId: 'textField_stopName', label: '地点', componentName: 'TextField' },
                      {
                        componentId: 'numberField_stopMinutes',
                        label: '停留分钟',
                        componentName: 'NumberField',
                      },
                    ],
                  },
                  { componentId: 'imageField_photo', label: '现场照片', componentName: 'ImageField' },
                ],
                nodes: [
                  { name: '部门主管', mode: 'or', userIds: ['wangmin', 'sunba'] },
                  { name: '行政审批', mode: 'and', userIds: ['zhengyi'] },
                ],
              },
            ],
            instances: [
              {
                formUuid: DEMO_YIDA.formUuid,
                originatorId: 'zhangsan',
                data: {
                  textField_destination: '浦东机场',
                  dateField_useDate: 1796572800000,
                  numberField_passengers: 2,
                  textareaField_reason: '接送来访客户',
                  selectField_carType: 'van',
                  employeeField_companions: ['李四'],
                  employeeField_companions_id: ['lisi'],
                  cascadeDateField_trip: ['1796572800000', '1796659200000'],
                  tableField_stops: JSON.stringify([
                    { textField_stopName: '公司', numberField_stopMinutes: 10 },
                    { textField_stopName: '浦东机场 T2', numberField_stopMinutes: 30 },
                  ]),
                },
                files: { imageField_photo: [DEMO_FILES.png('接机牌.png')] },
                ccUserIds: ['liuxing'],
                startedMinutesAgo: 30,
              },
              {
                formUuid: DEMO_YIDA.formUuid,
                originatorId: 'lisi',
                data: {
                  textField_destination: '苏州工业园区',
                  dateField_useDate: 1796659200000,
                  numberField_passengers: 3,
                  textareaField_reason: '客户现场部署',
                },
                startedMinutesAgo: 2 * HOUR,
                actions: [{ userId: 'wangmin', action: 'agree', remark: '同意', afterMinutes: 10 }],
              },
              {
                formUuid: DEMO_YIDA.formUuid,
                originatorId: 'zhoujiu',
                data: {
                  textField_destination: '会展中心',
                  dateField_useDate: 1796227200000,
                  numberField_passengers: 4,
                  textareaField_reason: '市场活动布展',
                },
                startedMinutesAgo: 2 * DAY,
                actions: [
                  { userId: 'sunba', action: 'agree', remark: '同意', afterMinutes: 15 },
                  { userId: 'zhengyi', action: 'agree', remark: '已安排车辆', afterMinutes: 60 },
                ],
              },
              {
                formUuid: DEMO_YIDA.formUuid,
                originatorId: 'chener',
                data: {
                  textField_destination: '供应商仓库',
                  dateField_useDate: 1796054400000,
                  numberField_passengers: 1,
                  textareaField_reason: '提货',
                },
                startedMinutesAgo: 3 * DAY,
                actions: [
                  { userId: 'wangmin', action: 'disagree', remark: '请使用物流配送', afterMinutes: 20 },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}
