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
    'callbackRegistration.notHttpMode':
      '该连接器使用 Stream 模式，不需要注册 HTTP 回调；先把接收方式改为 HTTP 回调',
    'callbackRegistration.noTokenOrAesKey': '先在连接器设置里填写回调的 token 和 aes_key',
    'callbackRegistration.noCorpId': '先在连接器设置里填写企业 CorpId：通过接口注册的回调以 CorpId 加密',
    'callbackRegistration.secretsUnreadable': '无法解密已保存的密钥，请重新填写',
    'callbackRegistration.alreadyExists': '钉钉上该应用已有回调（71006），请改用“更新”',
    'callbackRegistration.checkUrlFailed':
      '钉钉拒绝了注册：多半是回调地址校验（check_url）未通过——地址须能从公网访问，且 token / aes_key 与钉钉一致',
    'callbackRegistration.unreachable': '暂时无法连接钉钉，请稍后再试',
    'callbackRegistration.readFailed': '钉钉拒绝了查询回调的请求',
    'callbackRegistration.deleteFailed': '钉钉拒绝了删除回调的请求',
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
    'callbackRegistration.notHttpMode':
      'This connector uses Stream mode and needs no HTTP callback; switch its receive mode to HTTP callback first',
    'callbackRegistration.noTokenOrAesKey':
      'Set the callback token and aes_key in the connector settings first',
    'callbackRegistration.noCorpId':
      'Set the CorpId in the connector settings first: a callback registered through the API is encrypted with it',
    'callbackRegistration.secretsUnreadable': 'The stored secrets cannot be decrypted; enter them again',
    'callbackRegistration.alreadyExists':
      'DingTalk already has a callback for this app (71006); use Update instead',
    'callbackRegistration.checkUrlFailed':
      'DingTalk refused the registration, most likely because the URL check (check_url) failed: the URL must be reachable from the internet and the token / aes_key must match',
    'callbackRegistration.unreachable': 'DingTalk cannot be reached right now; try again later',
    'callbackRegistration.readFailed': 'DingTalk refused to read the callback',
    'callbackRegistration.deleteFailed': 'DingTalk refused to delete the callback',
  },
});
