import { defineMessages } from './define-messages';

/**
 * Error messages the server sends, named by key (`errors:notFound.connector`): the route wrapper says them in
 * the caller's language (lib/errors.ts `toErrorResponse`), English for other systems.
 */
export const errorsMessages = defineMessages({
  'zh-CN': {
    'notFound.connector': '连接器不存在',
    'notFound.calendarDay': '该日期不在工作日历中',
    'notFound.operation': '操作不存在',
    'notFound.event': '事件不存在',
    'operation.noSourceToRead': '该连接器没有可读取的来源接口，无法重新同步',
    'notFound.connectorInFilter': '筛选中的连接器不存在',
    'subscription.pickDingTalkConnector': '请选择一个钉钉连接器',
    'subscription.notDingTalkConnector': '不是钉钉连接器',
    'subscription.triggerHasNoUrl': '连接平台触发器没有目标地址',
    'subscription.webhookHasNoTrigger': 'Webhook 没有触发器设置',
    notApplicable: '不适用',
    'subscription.triggerHasNoSecret': '连接平台触发器不使用签名密钥',
    'notFound.delivery': '投递记录不存在',
    'delivery.sending': '正在投递中，请稍后再试',
    'subscription.paused': '订阅已暂停，请先恢复',
    'notFound.subscription': '订阅不存在',
    'subscription.unknownEventType': '未知的事件类型',
    'subscription.pickEventType': '至少选择一种事件',
    'subscription.httpUrl': '请输入 http(s) 地址',
    'subscription.agentIdRequired': 'AgentId 必填',
  },
  'en-US': {
    'notFound.connector': 'No such connector',
    'notFound.calendarDay': 'That date is not listed in the business calendar',
    'notFound.operation': 'No such operation',
    'notFound.event': 'No such event',
    'operation.noSourceToRead': 'This connector has no source API to read from, so it cannot be re-synced',
    'notFound.connectorInFilter': 'A connector in the filter does not exist',
    'subscription.pickDingTalkConnector': 'Pick a DingTalk connector',
    'subscription.notDingTalkConnector': 'Not a DingTalk connector',
    'subscription.triggerHasNoUrl': 'A Connect-platform trigger has no target URL',
    'subscription.webhookHasNoTrigger': 'A webhook has no trigger settings',
    notApplicable: 'Not applicable',
    'subscription.triggerHasNoSecret': 'A Connect-platform trigger uses no signing secret',
    'notFound.delivery': 'No such delivery',
    'delivery.sending': 'Being delivered right now; try again shortly',
    'subscription.paused': 'The subscription is paused; resume it first',
    'notFound.subscription': 'No such subscription',
    'subscription.unknownEventType': 'Unknown event type',
    'subscription.pickEventType': 'Pick at least one event',
    'subscription.httpUrl': 'Enter an http(s) URL',
    'subscription.agentIdRequired': 'AgentId is required',
  },
});
