import { defineMessages } from './define-messages';

export const sourceMessages = defineMessages({
  'zh-CN': {
    dingtalk: '钉钉',
    yida: '宜搭',
    local: '本地流程',
    api: '开放接口',
    unnamedProcess: '未命名的{source}流程',
  },
  'en-US': {
    dingtalk: 'DingTalk',
    yida: 'Yida',
    local: 'Local workflow',
    api: 'Open API',
    unnamedProcess: 'Unnamed {source} process',
  },
});
